package dev.plinth.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import tools.jackson.databind.JsonNode;

/** Follows a deployment until its checks finish, and reports it. */
final class DeploymentWaiter {

    private static final Duration POLL = Duration.ofMillis(500);

    private DeploymentWaiter() {
    }

    /** Polls the deployment until it is no longer pending or checking, or {@code timeout} passes. */
    static JsonNode await(PlinthClient client, String app, String id, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        String path = "/api/v1/apps/" + PlinthClient.encode(app) + "/deployments/" + id;
        while (true) {
            PlinthClient.Response response = client.get(path);
            if (!response.ok()) {
                throw Problems.failure(response);
            }
            String status = response.body().path("status").asString();
            if (!status.equals("pending") && !status.equals("checking")) {
                return response.body();
            }
            if (Instant.now().isAfter(deadline)) {
                throw new CliFailure(Plinth.TIMED_OUT, "error: deployment " + id + " is still " + status + " after "
                        + timeout.toSeconds() + "s; follow it with: plinth status --app " + app);
            }
            sleep();
        }
    }

    /** Prints the deployment and returns the exit code its status means: 0 active, 1 anything else. */
    static int report(JsonNode deployment, boolean json, PrintWriter out) {
        if (json) {
            out.println(deployment);
        }
        else {
            out.println("deployment " + deployment.path("id").asString() + ": revision "
                    + deployment.path("revision").asInt() + " to " + deployment.path("environment").asString()
                    + " is " + deployment.path("status").asString());
            for (JsonNode check : deployment.path("checks")) {
                out.println("  " + check.path("name").asString() + ": " + check.path("status").asString() + " - "
                        + check.path("detail").asString());
            }
            if (deployment.hasNonNull("failure")) {
                out.println(deployment.path("failure").asString());
            }
        }
        String status = deployment.path("status").asString();
        return status.equals("active") || status.equals("pending") || status.equals("checking")
                ? Plinth.OK : Plinth.FAILED;
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new CliFailure(Plinth.USAGE, "error: interrupted");
        }
    }
}
