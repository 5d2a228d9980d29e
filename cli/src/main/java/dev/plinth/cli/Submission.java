package dev.plinth.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import tools.jackson.databind.node.JsonNodeFactory;

/** Submits an app definition file as a revision, registering the app first when it is new. */
final class Submission {

    /** The revision the server holds for the file, and whether this submission created it. */
    record Submitted(int revision, boolean created) {
    }

    private Submission() {
    }

    /**
     * Submits {@code file} to {@code app}. A definition with problems prints them as
     * {@code file:line: pointer message} and fails with exit code 1.
     */
    static Submitted submit(PlinthClient client, String app, Path file, PrintWriter err) {
        byte[] content = read(file);
        String path = "/api/v1/apps/" + PlinthClient.encode(app);
        PlinthClient.Response existing = client.get(path);
        if (existing.status() == 404) {
            PlinthClient.Response created = client.postJson("/api/v1/apps",
                    JsonNodeFactory.instance.objectNode().put("name", app));
            if (!created.ok()) {
                throw Problems.failure(created);
            }
        }
        else if (!existing.ok()) {
            throw Problems.failure(existing);
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String type = name.endsWith(".json") ? "application/json" : "application/yaml";
        PlinthClient.Response revision = client.post(path + "/revisions", type, content);
        if (revision.status() == 422 && revision.body().path("errors").isArray()) {
            Problems.definitionErrors(err, file.toString(), revision.body());
            throw new CliFailure(Plinth.FAILED, "error: " + file + " was not accepted; nothing was stored");
        }
        if (!revision.ok()) {
            throw Problems.failure(revision);
        }
        return new Submitted(revision.body().path("number").asInt(), revision.status() == 201);
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException unreadable) {
            throw new CliFailure(Plinth.USAGE, "error: cannot read " + file + ": " + unreadable.getMessage());
        }
    }
}
