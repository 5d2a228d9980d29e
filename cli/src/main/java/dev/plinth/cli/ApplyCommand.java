package dev.plinth.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import tools.jackson.databind.node.JsonNodeFactory;

/** {@code plinth apply -f app.yaml --app NAME}: submit a definition as the app's next revision. */
@Command(name = "apply", description = "Submit an app definition (YAML or JSON) as a new revision; "
        + "registers the app when it does not exist yet.")
final class ApplyCommand implements Callable<Integer> {

    @ParentCommand
    Plinth root;

    @Mixin
    Connection connection;

    @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "the app definition")
    Path file;

    @Option(names = "--app", required = true, paramLabel = "NAME", description = "the app's name")
    String app;

    @Override
    public Integer call() {
        PlinthClient client = connection.client(root);
        Submission.Submitted submitted = Submission.submit(client, app, file, root.err());
        if (connection.json()) {
            root.out().println(JsonNodeFactory.instance.objectNode().put("app", app)
                    .put("revision", submitted.revision()).put("created", submitted.created()));
        }
        else {
            root.out().println((submitted.created() ? "created revision " : "unchanged, revision ")
                    + submitted.revision() + " of app " + app);
        }
        return Plinth.OK;
    }
}
