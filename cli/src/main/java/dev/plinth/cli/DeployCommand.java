package dev.plinth.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** {@code plinth deploy --app A (--revision N | --file app.yaml) --env E [--wait]}. */
@Command(name = "deploy", description = "Deploy a revision (or a definition file, submitted first) to an "
        + "environment. With --wait, exits 0 when it is active, 1 when a pre-flight check failed, 3 on timeout.")
final class DeployCommand implements Callable<Integer> {

    @ParentCommand
    Plinth root;

    @Mixin
    Connection connection;

    @Option(names = "--app", required = true, paramLabel = "NAME")
    String app;

    @ArgGroup(exclusive = true, multiplicity = "1")
    What what;

    static final class What {
        @Option(names = "--revision", paramLabel = "N", description = "a revision number of the app")
        Integer revision;

        @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "a definition to submit, then deploy")
        Path file;
    }

    @Option(names = "--env", required = true, paramLabel = "ENV", description = "the target environment")
    String environment;

    @Option(names = "--wait", description = "wait until the pre-flight checks finish")
    boolean await;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5m",
            description = "how long --wait waits (default ${DEFAULT-VALUE})")
    Duration timeout;

    @Override
    public Integer call() {
        PlinthClient client = connection.client(root);
        int revision = what.revision != null ? what.revision
                : Submission.submit(client, app, what.file, root.err()).revision();
        PlinthClient.Response accepted = client.postJson("/api/v1/apps/" + PlinthClient.encode(app) + "/deployments",
                JsonNodeFactory.instance.objectNode().put("revision", revision).put("environment", environment));
        return Deployments.follow(client, app, accepted, await, timeout, connection.json(), root.out());
    }

    /** What deploy and promote share: report the accepted deployment, or wait for it first. */
    static final class Deployments {

        private Deployments() {
        }

        static int follow(PlinthClient client, String app, PlinthClient.Response accepted, boolean await,
                Duration timeout, boolean json, java.io.PrintWriter out) {
            if (!accepted.ok()) {
                throw Problems.failure(accepted);
            }
            JsonNode deployment = accepted.body();
            if (await) {
                deployment = DeploymentWaiter.await(client, app, deployment.path("id").asString(), timeout);
            }
            return DeploymentWaiter.report(deployment, json, out);
        }
    }
}
