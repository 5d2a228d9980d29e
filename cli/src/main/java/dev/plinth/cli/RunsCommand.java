package dev.plinth.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** {@code plinth runs start|get}: start a workflow run (optionally in an environment) and read runs. */
@Command(name = "runs", description = "Start and read workflow runs.",
        subcommands = {RunsCommand.Start.class, RunsCommand.Get.class})
final class RunsCommand {

    @ParentCommand
    Plinth root;

    @Command(name = "start", description = "Start a run; with --env on the revision active there. With --wait, "
            + "exits 0 when it completed, 1 when it failed or was cancelled, 3 on timeout.")
    static final class Start implements Callable<Integer> {

        @ParentCommand
        RunsCommand runs;

        @Mixin
        Connection connection;

        @Option(names = "--app", required = true, paramLabel = "NAME")
        String app;

        @Option(names = "--workflow", required = true, paramLabel = "NAME")
        String workflow;

        @Option(names = "--env", paramLabel = "ENV", description = "run the revision active in this environment")
        String environment;

        @Option(names = "--input", paramLabel = "JSON", defaultValue = "{}", description = "the run's input")
        String input;

        @Option(names = "--wait", description = "wait until the run ends")
        boolean await;

        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5m",
                description = "how long --wait waits (default ${DEFAULT-VALUE})")
        Duration timeout;

        @Override
        public Integer call() {
            PlinthClient client = connection.client(runs.root);
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            try {
                body.set("input", PlinthClient.JSON.readTree(input));
            } catch (RuntimeException malformed) {
                throw new CliFailure(Plinth.USAGE, "error: --input is not JSON: " + malformed.getMessage());
            }
            String path = "/api/v1/apps/" + PlinthClient.encode(app) + "/workflows/" + PlinthClient.encode(workflow)
                    + "/runs" + (environment == null ? "" : "?environment=" + PlinthClient.encode(environment));
            PlinthClient.Response started = client.postJson(path, body);
            if (!started.ok()) {
                throw Problems.failure(started);
            }
            JsonNode run = await ? awaitEnd(client, started.body().path("id").asString()) : started.body();
            return report(run, connection.json(), runs.root);
        }

        private JsonNode awaitEnd(PlinthClient client, String id) {
            Instant deadline = Instant.now().plus(timeout);
            while (true) {
                PlinthClient.Response response = client.get("/api/v1/apps/" + PlinthClient.encode(app) + "/runs/" + id);
                if (!response.ok()) {
                    throw Problems.failure(response);
                }
                if (!"running".equals(response.body().path("status").asString())) {
                    return response.body();
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new CliFailure(Plinth.TIMED_OUT, "error: run " + id + " is still running after "
                            + timeout.toSeconds() + "s");
                }
                try {
                    Thread.sleep(500);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new CliFailure(Plinth.USAGE, "error: interrupted");
                }
            }
        }
    }

    @Command(name = "get", description = "Show a run: status, revision, output or error.")
    static final class Get implements Callable<Integer> {

        @ParentCommand
        RunsCommand runs;

        @Mixin
        Connection connection;

        @Option(names = "--app", required = true, paramLabel = "NAME")
        String app;

        @Parameters(paramLabel = "RUN", description = "the run's id")
        String id;

        @Override
        public Integer call() {
            PlinthClient.Response run = connection.client(runs.root)
                    .get("/api/v1/apps/" + PlinthClient.encode(app) + "/runs/" + PlinthClient.encode(id));
            if (!run.ok()) {
                throw Problems.failure(run);
            }
            return report(run.body(), connection.json(), runs.root);
        }
    }

    /** Prints a run; the exit code says whether it failed (1) or not (0). */
    static int report(JsonNode run, boolean json, Plinth root) {
        String status = run.path("status").asString();
        if (json) {
            root.out().println(run);
        }
        else {
            root.out().println("run " + run.path("id").asString() + " of " + run.path("workflow").asString()
                    + " (revision " + run.path("revision").asInt() + ") is " + status);
            JsonNode result = "completed".equals(status) ? run.path("output") : run.path("error");
            if (!result.isMissingNode() && !result.isNull()) {
                root.out().println(("completed".equals(status) ? "output: " : "error: ") + result);
            }
        }
        return "failed".equals(status) || "cancelled".equals(status) ? Plinth.FAILED : Plinth.OK;
    }
}
