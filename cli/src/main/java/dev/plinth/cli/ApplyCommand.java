package dev.plinth.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code plinth apply -f app.yaml [--app NAME]}: the earlier name of {@code plinth apps push}, kept for scripts. */
@Command(name = "apply", description = "Same as 'apps push FILE': submit an app definition as a new revision.")
final class ApplyCommand implements Callable<Integer> {

    @ParentCommand
    Plinth root;

    @Mixin
    Connection connection;

    @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "the app definition")
    Path file;

    @Option(names = "--app", paramLabel = "NAME", description = "the app's name (default: the file's metadata.name)")
    String app;

    @Override
    public Integer call() {
        return AppsCommand.push(root, connection, file, app);
    }
}
