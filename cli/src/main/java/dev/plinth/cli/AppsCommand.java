package dev.plinth.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import tools.jackson.databind.node.JsonNodeFactory;

/** {@code plinth apps push app.yaml [--app NAME]}: submit a definition as the app's next revision. */
@Command(name = "apps", description = "Push app definitions.", subcommands = AppsCommand.Push.class)
final class AppsCommand {

    @ParentCommand
    Plinth root;

    @Command(name = "push", description = "Submit an app definition (YAML or JSON) as a new revision of the app "
            + "it names in metadata.name (or --app); registers the app when it does not exist yet.")
    static final class Push implements Callable<Integer> {

        @ParentCommand
        AppsCommand apps;

        @Mixin
        Connection connection;

        @Parameters(paramLabel = "FILE", description = "the app definition")
        Path file;

        @Option(names = "--app", paramLabel = "NAME",
                description = "the app's name (default: the file's metadata.name)")
        String app;

        @Override
        public Integer call() {
            return push(apps.root, connection, file, app);
        }
    }

    /** What {@code apps push} and {@code apply} do: submit the file and print the revision it became. */
    static int push(Plinth root, Connection connection, Path file, String explicitApp) {
        PlinthClient client = connection.client(root);
        String app = Submission.appName(file, explicitApp);
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
