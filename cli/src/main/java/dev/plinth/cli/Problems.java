package dev.plinth.cli;

import java.io.PrintWriter;
import tools.jackson.databind.JsonNode;

/** Shows a server's problem details (RFC 9457) to a person, and picks the exit code for them. */
final class Problems {

    private Problems() {
    }

    /** A failure for a response that is not a success: its problem details, every error listed. */
    static CliFailure failure(PlinthClient.Response response) {
        StringBuilder text = new StringBuilder("error: ").append(response.status());
        JsonNode body = response.body();
        if (body.hasNonNull("title")) {
            text.append(' ').append(body.path("title").asString());
        }
        if (body.hasNonNull("detail")) {
            text.append(": ").append(body.path("detail").asString());
        }
        for (JsonNode error : body.path("errors")) {
            text.append(System.lineSeparator()).append("  ").append(error.path("pointer").asString())
                    .append(' ').append(error.path("message").asString());
        }
        return new CliFailure(exitCode(response.status()), text.toString());
    }

    /** Prints each validation error of a definition as {@code file:line: pointer message}. */
    static void definitionErrors(PrintWriter err, String file, JsonNode problem) {
        err.println("error: " + problem.path("detail").asString());
        for (JsonNode error : problem.path("errors")) {
            String line = error.hasNonNull("line") ? error.path("line").asString() : "";
            String hint = error.hasNonNull("hint") ? " (" + error.path("hint").asString() + ")" : "";
            err.println(file + ":" + line + ": " + pointer(error) + " " + error.path("message").asString() + hint);
        }
    }

    // A conflict (nothing to promote or roll back) is the operation failing; other client errors
    // are the command being used wrongly or without the rights it needs.
    private static int exitCode(int status) {
        return status == 409 || status >= 500 ? Plinth.FAILED : Plinth.USAGE;
    }

    private static String pointer(JsonNode error) {
        String pointer = error.path("pointer").asString();
        return pointer.isEmpty() ? "/" : pointer;
    }
}
