package dev.plinth.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import tools.jackson.databind.node.JsonNodeFactory;

/** {@code plinth promote --app A --from staging --to prod [--wait]}. */
@Command(name = "promote", description = "Deploy to one environment exactly the revision active in another.")
final class PromoteCommand implements Callable<Integer> {

    @ParentCommand
    Plinth root;

    @Mixin
    Connection connection;

    @Option(names = "--app", required = true, paramLabel = "NAME")
    String app;

    @Option(names = "--from", required = true, paramLabel = "ENV")
    String from;

    @Option(names = "--to", required = true, paramLabel = "ENV")
    String to;

    @Option(names = "--wait", description = "wait until the pre-flight checks finish")
    boolean await;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5m",
            description = "how long --wait waits (default ${DEFAULT-VALUE})")
    Duration timeout;

    @Override
    public Integer call() {
        PlinthClient client = connection.client(root);
        PlinthClient.Response accepted = client.postJson("/api/v1/apps/" + PlinthClient.encode(app)
                + "/deployments/promote", JsonNodeFactory.instance.objectNode().put("from", from).put("to", to));
        return DeployCommand.Deployments.follow(client, app, accepted, await, timeout, connection.json(),
                root.out());
    }
}
