package dev.plinth.platform.observability;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A command-line validator from a Debian package (promtool, docker-compose), run on a file or on
 * standard input. A test using it is skipped, with the install command, when the tool is absent.
 */
final class ExternalTool {

    /** What the tool printed and how it exited. */
    record Result(int exitCode, String output) {
    }

    private final String command;
    private final String debianPackage;

    ExternalTool(String command, String debianPackage) {
        this.command = command;
        this.debianPackage = debianPackage;
    }

    /** Skips the calling test unless the tool is on the PATH. */
    Path require() {
        Path found = find();
        assumeTrue(found != null, command + " is not installed, so this check was skipped; install it with "
                + "`apt-get install -y " + debianPackage + "` (Debian/Ubuntu), as .ci/run does");
        return found;
    }

    Result run(String stdin, Map<String, String> environment, String... arguments) {
        List<String> commandLine = new ArrayList<>();
        commandLine.add(require().toString());
        commandLine.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(commandLine).directory(Catalogue.ROOT.toFile())
                .redirectErrorStream(true);
        // The checked files must not depend on the caller's own Plinth settings, only on what the test passes.
        builder.environment().keySet().removeIf(name -> name.startsWith("PLINTH_"));
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            if (stdin != null) {
                process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " did not finish");
            }
            return new Result(process.exitValue(), output);
        } catch (IOException failure) {
            throw new IllegalStateException(command + " could not be run", failure);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(command + " was interrupted", interrupted);
        }
    }

    private Path find() {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(directory, command);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
