package dev.plinth.cli;

import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code plinth} command: push app definitions, deploy revisions, promote, roll back and see
 * what runs where. Exit codes: 0 success, 1 the deployment or submission failed, 2 usage,
 * authentication or permission errors, 3 timed out waiting.
 */
@Command(name = "plinth", mixinStandardHelpOptions = true, version = "plinth 0.1.0",
        description = "Deploy apps to Plinth from a CI pipeline or a terminal.",
        subcommands = {ApplyCommand.class, DeployCommand.class, PromoteCommand.class, RollbackCommand.class,
                StatusCommand.class, RunsCommand.class})
public final class Plinth {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int TIMED_OUT = 3;

    private final Map<String, String> environment;
    private final PrintWriter out;
    private final PrintWriter err;

    Plinth(Map<String, String> environment, PrintWriter out, PrintWriter err) {
        this.environment = environment;
        this.out = out;
        this.err = err;
    }

    PrintWriter out() {
        return out;
    }

    PrintWriter err() {
        return err;
    }

    /** The process environment the command reads its defaults from. */
    Map<String, String> environment() {
        return environment;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(execute(args, out, err, System.getenv()));
    }

    /** Runs one command line with the given output streams and environment; returns its exit code. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err, Map<String, String> environment) {
        CommandLine command = new CommandLine(new Plinth(environment, out, err))
                .setOut(out)
                .setErr(err)
                .registerConverter(java.time.Duration.class, Durations::parse)
                .setExecutionExceptionHandler((failure, line, parsed) -> {
                    if (failure instanceof CliFailure known) {
                        line.getErr().println(known.getMessage());
                        return known.exitCode();
                    }
                    line.getErr().println("error: " + failure);
                    return USAGE;
                });
        int code = command.execute(args);
        out.flush();
        err.flush();
        return code;
    }
}
