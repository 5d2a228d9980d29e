package dev.plinth.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Follows a run until it ends, printing each of its step attempts when it is first seen and again
 * when its status changes (so a step seen running prints when it starts and when it ends), then
 * the run itself. With JSON output every line is one event object: {@code "event":"step"} for an
 * attempt, {@code "event":"run"} last.
 */
final class RunWatcher {

    private static final Duration POLL = Duration.ofMillis(500);

    private final PlinthClient client;
    private final boolean json;
    private final PrintWriter out;
    private final String path;
    private final String runId;
    // "stepId#attempt" to the status last printed for it.
    private final Map<String, String> printed = new HashMap<>();

    private RunWatcher(PlinthClient client, String app, String runId, boolean json, PrintWriter out) {
        this.client = client;
        this.json = json;
        this.out = out;
        this.runId = runId;
        this.path = "/api/v1/apps/" + PlinthClient.encode(app) + "/runs/" + PlinthClient.encode(runId);
    }

    /**
     * Watches the run until it is no longer running or paused; returns the exit code: 0 completed,
     * 1 failed or cancelled. Past {@code timeout} it fails with exit code 3.
     */
    static int watch(PlinthClient client, String app, String runId, Duration timeout, boolean json, PrintWriter out) {
        return new RunWatcher(client, app, runId, json, out).follow(timeout);
    }

    private int follow(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            // The run before its history: once the run has ended, the history read after it is complete.
            JsonNode run = read(path);
            for (JsonNode attempt : read(path + "/history")) {
                print(attempt);
            }
            String status = run.path("status").asString();
            if (!status.equals("running") && !status.equals("paused")) {
                return finish(run);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new CliFailure(Plinth.TIMED_OUT, "error: run " + runId + " is still " + status + " after "
                        + timeout.toSeconds() + "s");
            }
            sleep();
        }
    }

    private JsonNode read(String resource) {
        PlinthClient.Response response = client.get(resource);
        if (!response.ok()) {
            throw Problems.failure(response);
        }
        return response.body();
    }

    private void print(JsonNode attempt) {
        String key = attempt.path("stepId").asString() + "#" + attempt.path("attempt").asInt();
        String status = attempt.path("status").asString();
        if (status.equals(printed.put(key, status))) {
            return;
        }
        Long millis = durationMillis(attempt);
        JsonNode error = attempt.path("error");
        if (json) {
            ObjectNode event = JsonNodeFactory.instance.objectNode().put("event", "step").put("run", runId)
                    .put("stepId", attempt.path("stepId").asString()).put("type", attempt.path("type").asString())
                    .put("attempt", attempt.path("attempt").asInt()).put("status", status);
            if (attempt.hasNonNull("startedAt")) {
                event.set("startedAt", attempt.path("startedAt"));
            }
            if (attempt.hasNonNull("endedAt")) {
                event.set("endedAt", attempt.path("endedAt"));
            }
            if (millis != null) {
                event.put("durationMs", millis);
            }
            if (error.isObject()) {
                event.set("error", error);
            }
            out.println(event);
        }
        else {
            String took = millis == null ? ""
                    : millis < 1000 ? millis + "ms" : String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
            String failure = error.isObject()
                    ? error.path("type").asString() + ": " + error.path("message").asString() : "";
            out.println(String.format(Locale.ROOT, "%-20s %3d  %-10s %7s  %s", attempt.path("stepId").asString(),
                    attempt.path("attempt").asInt(), status, took, failure).stripTrailing());
        }
        out.flush();
    }

    private int finish(JsonNode run) {
        if (json) {
            ObjectNode event = JsonNodeFactory.instance.objectNode().put("event", "run");
            event.setAll((ObjectNode) run);
            out.println(event);
            String status = run.path("status").asString();
            return status.equals("completed") ? Plinth.OK : Plinth.FAILED;
        }
        return RunsCommand.report(run, false, out);
    }

    private static Long durationMillis(JsonNode attempt) {
        if (!attempt.hasNonNull("endedAt")) {
            return null;
        }
        try {
            return Duration.between(Instant.parse(attempt.path("startedAt").asString()),
                    Instant.parse(attempt.path("endedAt").asString())).toMillis();
        } catch (DateTimeParseException notAnInstant) {
            return null;
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new CliFailure(Plinth.USAGE, "error: interrupted");
        }
    }
}
