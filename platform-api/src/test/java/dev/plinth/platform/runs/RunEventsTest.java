package dev.plinth.platform.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plinth.platform.support.Api;
import dev.plinth.platform.support.EventStream;
import dev.plinth.platform.support.PlinthTest;
import dev.plinth.platform.support.TestKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** A run followed as server-sent events ({@code GET /api/v1/apps/{app}/runs/{run}/events}). */
@PlinthTest
class RunEventsTest {

    static final Duration PATIENCE = Duration.ofSeconds(60);

    static final String APP = """
            apiVersion: plinth.dev/v1
            kind: App
            metadata: {name: %s}
            spec:
              workflows:
                - name: gated
                  steps:
                    - {id: hold, type: awaitSignal, signal: paid, timeout: PT5M, onTimeout: late}
                    - {id: ask, type: approval, role: builder, prompt: "Ship it?", onReject: denied}
                    - {id: done, type: succeed, output: "${steps.hold.output.amount}"}
                    - {id: late, type: fail, message: no payment}
                    - {id: denied, type: fail, errorType: rejected, message: not shipped}
                - name: quick
                  steps:
                    - {id: done, type: succeed, output: 7}
            """;

    @LocalServerPort
    int port;

    @Value("${plinth.run-streams.max-per-tenant:50}")
    int maxPerTenant;

    Api api;
    String app;
    String viewerKey;

    @BeforeEach
    void anAppAndAViewer() {
        api = new Api(port, TestKeys.ROOT_ADMIN);
        app = "sse-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(api.postJson("/api/v1/apps", "{\"name\":\"" + app + "\"}").status()).isEqualTo(201);
        Api.Response revision = api.call("POST", "/api/v1/apps/" + app + "/revisions").yaml(APP.formatted(app)).send();
        assertThat(revision.status()).as(revision.toString()).isEqualTo(201);
        viewerKey = api.postJson("/api/v1/keys", "{\"name\":\"watcher\",\"role\":\"viewer\"}").body().path("key")
                .asString();
    }

    String start(String workflow) {
        Api.Response started = api.postJson("/api/v1/apps/" + app + "/workflows/" + workflow + "/runs", "{\"input\":{}}");
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        return "/api/v1/apps/" + app + "/runs/" + started.body().path("id").asString();
    }

    @Test
    void aViewerFollowsARunThroughASignalAndAnApprovalToItsEnd() {
        String run = start("gated");
        try (EventStream stream = EventStream.open(port, viewerKey, run + "/events")) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.contentType()).startsWith("text/event-stream");
            EventStream.Event first = stream.next(PATIENCE);
            assertThat(first.name()).isEqualTo("run");
            assertThat(first.id()).isNotBlank();
            assertThat(first.json().at("/run/status").asString()).isEqualTo("running");

            JsonNode holding = waitingAt(first.json(), "hold") ? first.json() : untilWaitingAt(stream, "hold");
            assertThat(attempt(holding, "hold").path("status").asString()).isEqualTo("dispatched");
            assertThat(api.postJson(run + "/signals/paid", "{\"amount\": 42}").status()).isEqualTo(200);
            JsonNode asking = untilWaitingAt(stream, "ask");
            assertThat(attempt(asking, "hold").path("output").path("amount").asInt()).isEqualTo(42);

            assertThat(api.postJson(run + "/approvals/ask", "{\"approved\": true}").status()).isEqualTo(200);
            List<EventStream.Event> rest = new ArrayList<>();
            for (EventStream.Event event = stream.next(PATIENCE); event != null; event = stream.next(PATIENCE)) {
                rest.add(event);
            }
            assertThat(rest).as("a last run event, the end event, then the stream completes").hasSizeGreaterThan(1);
            EventStream.Event last = rest.get(rest.size() - 1);
            assertThat(last.name()).isEqualTo("end");
            assertThat(last.json().path("status").asString()).isEqualTo("completed");
            JsonNode finalState = rest.get(rest.size() - 2).json();
            assertThat(finalState.at("/run/status").asString()).isEqualTo("completed");
            assertThat(finalState.at("/run/output").asInt()).isEqualTo(42);
            assertThat(rest.stream().filter(e -> e.name().equals("run")).map(EventStream.Event::id).distinct().count())
                    .as("each state event names a new change marker").isEqualTo(rest.size() - 1);
        }
    }

    /** Reads events until one shows the run waiting at {@code step}; returns that state. */
    JsonNode untilWaitingAt(EventStream stream, String step) {
        for (EventStream.Event event = stream.next(PATIENCE); event != null; event = stream.next(PATIENCE)) {
            if (waitingAt(event.json(), step)) {
                return event.json();
            }
        }
        throw new AssertionError("the stream ended before the run waited at " + step);
    }

    static boolean waitingAt(JsonNode state, String step) {
        for (JsonNode current : state.at("/run/currentSteps")) {
            if (current.asString().equals(step)) {
                return true;
            }
        }
        return false;
    }

    static JsonNode attempt(JsonNode state, String step) {
        for (JsonNode attempt : state.path("history")) {
            if (attempt.path("stepId").asString().equals(step)) {
                return attempt;
            }
        }
        throw new AssertionError("no attempt of " + step + " in " + state);
    }

    @Test
    void anEndedRunSendsItsStateAndTheEndAndEveryReconnectStartsWithTheCurrentState() {
        String run = start("quick");
        await().atMost(PATIENCE).until(() -> api.get(run).body().path("status").asString().equals("completed"));
        for (int connection = 0; connection < 2; connection++) {
            try (EventStream stream = EventStream.open(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://localhost:" + port + run + "/events"))
                    .header("Authorization", "Bearer " + viewerKey).header("Last-Event-ID", "stale-marker"))) {
                EventStream.Event state = stream.next(PATIENCE);
                assertThat(state.name()).isEqualTo("run");
                assertThat(state.json().at("/run/output").asInt()).isEqualTo(7);
                assertThat(state.json().at("/history/0/stepId").asString()).isEqualTo("done");
                assertThat(stream.next(PATIENCE).name()).isEqualTo("end");
                assertThat(stream.next(PATIENCE)).as("completed after the end event").isNull();
            }
        }
    }

    @Test
    void anotherTenantsRunIsA404ProblemBeforeAnyStream() {
        String run = start("quick");
        String tenant = "sse-" + UUID.randomUUID().toString().substring(0, 8);
        String otherKey = api.postJson("/api/v1/tenants", "{\"name\":\"" + tenant + "\"}").body().at("/adminKey/key")
                .asString();
        try (EventStream stream = EventStream.open(port, otherKey, run + "/events")) {
            assertThat(stream.status()).isEqualTo(404);
            assertThat(stream.contentType()).startsWith("application/problem+json");
            assertThat(stream.problem().path("type").asString()).endsWith("/not-found");
        }
        try (EventStream stream = EventStream.open(port, viewerKey, "/api/v1/apps/" + app + "/runs/"
                + UUID.randomUUID() + "/events")) {
            assertThat(stream.status()).isEqualTo(404);
        }
        try (EventStream stream = EventStream.open(port, "plk_not_a_key", run + "/events")) {
            assertThat(stream.status()).isEqualTo(401);
        }
    }

    @Test
    void aTenantsOpenStreamsAreBoundedAndFreedWhenClientsHangUp() {
        String tenant = "sse-" + UUID.randomUUID().toString().substring(0, 8);
        Api other = api.as(api.postJson("/api/v1/tenants", "{\"name\":\"" + tenant + "\"}").body()
                .at("/adminKey/key").asString());
        String otherKey = otherKeyOf(other);
        assertThat(other.postJson("/api/v1/apps", "{\"name\":\"" + app + "\"}").status()).isEqualTo(201);
        assertThat(other.call("POST", "/api/v1/apps/" + app + "/revisions").yaml(APP.formatted(app)).send().status())
                .isEqualTo(201);
        String run = "/api/v1/apps/" + app + "/runs/" + other.postJson("/api/v1/apps/" + app
                + "/workflows/gated/runs", "{\"input\":{}}").body().path("id").asString();

        List<EventStream> open = new ArrayList<>();
        try {
            for (int i = 0; i < maxPerTenant; i++) {
                EventStream stream = EventStream.open(port, otherKey, run + "/events");
                open.add(stream);
                assertThat(stream.status()).isEqualTo(200);
                assertThat(stream.next(PATIENCE).name()).isEqualTo("run");
            }
            assertThat(openStreams()).as("plinth.run.streams.open").isGreaterThanOrEqualTo(maxPerTenant);
            try (EventStream refused = EventStream.open(port, otherKey, run + "/events")) {
                assertThat(refused.status()).isEqualTo(429);
                assertThat(refused.problem().path("type").asString()).endsWith("/too-many-requests");
            }
            String mine = start("gated");
            try (EventStream unaffected = EventStream.open(port, viewerKey, mine + "/events")) {
                assertThat(unaffected.status()).as("other tenants are not affected").isEqualTo(200);
            }
            assertThat(api.postJson(mine + "/cancel", "{}").status()).isEqualTo(200);
        } finally {
            open.forEach(EventStream::close);
        }
        // The server notices the hang-ups when its next heartbeat cannot be written.
        await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).until(() -> {
            try (EventStream again = EventStream.open(port, otherKey, run + "/events")) {
                return again.status() == 200;
            }
        });
        assertThat(other.postJson(run + "/cancel", "{}").status()).isEqualTo(200);
    }

    /** The gauge of open run streams, from the Prometheus scrape. */
    int openStreams() {
        String exposition = api.call("GET", "/actuator/prometheus").header("Accept", "text/plain").send().text();
        for (String line : exposition.split("\n")) {
            if (line.startsWith("plinth_run_streams_open{")) {
                return (int) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("no plinth_run_streams_open in the scrape");
    }

    static String otherKeyOf(Api admin) {
        return admin.postJson("/api/v1/keys", "{\"name\":\"watcher\",\"role\":\"viewer\"}").body().path("key").asString();
    }
}
