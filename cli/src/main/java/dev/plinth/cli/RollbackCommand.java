package dev.plinth.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import tools.jackson.databind.node.JsonNodeFactory;

/** {@code plinth rollback --app A --env prod}. */
@Command(name = "rollback", description = "Reactivate the revision that was active before the current one; "
        + "exits 1 when there is nothing to roll back to.")
final class RollbackCommand implements Callable<Integer> {

    @ParentCommand
    Plinth root;

    @Mixin
    Connection connection;

    @Option(names = "--app", required = true, paramLabel = "NAME")
    String app;

    @Option(names = "--env", required = true, paramLabel = "ENV")
    String environment;

    @Override
    public Integer call() {
        PlinthClient client = connection.client(root);
        PlinthClient.Response done = client.postJson("/api/v1/apps/" + PlinthClient.encode(app)
                + "/deployments/rollback", JsonNodeFactory.instance.objectNode().put("environment", environment));
        if (!done.ok()) {
            throw Problems.failure(done);
        }
        return DeploymentWaiter.report(done.body(), connection.json(), root.out());
    }
}
