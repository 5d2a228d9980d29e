package dev.plinth.platform.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plinth.platform.support.Api;
import dev.plinth.platform.support.PlinthTest;
import dev.plinth.platform.support.TestKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The timeline of a run: steps, attempts, waits and the critical path, as a Gantt chart needs them. */
@PlinthTest
class RunTimelineTest {

    static final String APP = """
            apiVersion: plinth.dev/v1
            kind: App
            metadata: {name: %s}
            spec:
              connectors:
                flaky: {type: echo}
              workflows:
                - name: patient
                  steps:
                    - id: fetch
                      type: call
                      connector: flaky
                      with: {failAttempts: 2, failWith: unavailable}
                      retry: {maxAttempts: 3, backoff: fixed, initialDelay: PT0.2S}
                    - {id: nap, type: wait, duration: PT1S}
                    - {id: label, type: transform, value: rested}
                    - {id: done, type: succeed}
                - name: fanout
                  steps:
                    - {id: prep, type: transform, value: ready}
                    - id: both
                      type: parallel
                      branches:
                        - name: left
                          steps:
                            - id: l1
                              type: call
                              connector: flaky
                              with: {failAttempts: 1}
                              retry: {maxAttempts: 2, backoff: fixed, initialDelay: PT0.1S}
                        - name: right
                          steps:
                            - {id: r1, type: wait, duration: PT2S}
                            - {id: r2, type: call, connector: flaky, with: {side: right}}
                    - {id: done, type: succeed}
                - name: held
                  steps:
                    - {id: hold, type: awaitSignal, signal: go}
                    - {id: done, type: succeed}
            """;

    @LocalServerPort
    int port;

    Api api;
    String app;

    @BeforeEach
    void anApp() {
        api = new Api(port, TestKeys.ROOT_ADMIN);
        app = "timeline-" + UUID.randomUUID().toString().substring(0, 8);
        api.postJson("/api/v1/apps", "{\"name\":\"" + app + "\"}");
        Api.Response revision = api.call("POST", "/api/v1/apps/" + app + "/revisions").yaml(APP.formatted(app)).send();
        assertThat(revision.status()).as(revision.toString()).isEqualTo(201);
    }

    String start(String workflow) {
        return api.postJson("/api/v1/apps/" + app + "/workflows/" + workflow + "/runs", "{}").body().path("id")
                .asString();
    }

    JsonNode timeline(String runId) {
        Api.Response response = api.get("/api/v1/apps/" + app + "/runs/" + runId + "/timeline");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.body();
    }

    void awaitStatus(String runId, String status) {
        await().atMost(Duration.ofSeconds(90)).until(() -> status.equals(
                api.get("/api/v1/apps/" + app + "/runs/" + runId).body().path("status").asString()));
    }

    static List<String> texts(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.path(field).asString()));
        return values;
    }

    static Instant at(JsonNode node, String field) {
        return Instant.parse(node.path(field).asString());
    }

    @Test
    void showsRetriedAttemptsTheWaitAndTheCriticalPath() {
        String runId = start("patient");
        awaitStatus(runId, "completed");
        JsonNode timeline = timeline(runId);

        assertThat(timeline.path("runId").asString()).isEqualTo(runId);
        assertThat(timeline.path("status").asString()).isEqualTo("completed");
        assertThat(at(timeline, "endedAt")).isAfterOrEqualTo(at(timeline, "startedAt"));
        JsonNode steps = timeline.path("steps");
        assertThat(texts(steps, "stepId")).containsExactly("fetch", "nap", "label", "done");

        JsonNode fetch = steps.get(0);
        assertThat(fetch.path("type").asString()).isEqualTo("call");
        assertThat(fetch.path("status").asString()).isEqualTo("completed");
        assertThat(fetch.path("branch").isNull()).isTrue();
        JsonNode attempts = fetch.path("attempts");
        assertThat(texts(attempts, "status")).containsExactly("failed", "failed", "completed");
        assertThat(attempts.get(0).path("errorType").asString()).isEqualTo("unavailable");
        assertThat(attempts.get(1).path("errorType").asString()).isEqualTo("unavailable");
        assertThat(attempts.get(2).path("errorType").isNull()).isTrue();
        assertThat(at(fetch, "firstStartedAt")).isEqualTo(at(attempts.get(0), "startedAt"));
        assertThat(at(fetch, "lastEndedAt")).isEqualTo(at(attempts.get(2), "endedAt"));

        JsonNode waits = timeline.path("waits");
        assertThat(texts(waits, "kind")).containsExactly("retry", "retry", "timer");
        assertThat(texts(waits, "stepId")).containsExactly("fetch", "fetch", "nap");
        JsonNode firstBackoff = waits.get(0);
        assertThat(at(firstBackoff, "from")).isEqualTo(at(attempts.get(0), "endedAt"));
        assertThat(at(firstBackoff, "to")).isEqualTo(at(attempts.get(1), "startedAt"));
        JsonNode nap = waits.get(2);
        assertThat(at(nap, "to")).isAfterOrEqualTo(at(nap, "until"));
        assertThat(at(nap, "until")).as("set to wake a second after the step began")
                .isAfter(at(nap, "from")).isBeforeOrEqualTo(at(nap, "from").plusSeconds(1));

        assertThat(texts(timeline.path("criticalPath"), "stepId")).containsExactly("fetch", "nap", "label", "done");
        steps.forEach(step -> assertThat(step.path("onCriticalPath").asBoolean()).isTrue());
    }

    @Test
    void parallelBranchesAreLaidOutUnderTheirStepAndThePathFollowsTheBranchThatEndedLast() {
        String runId = start("fanout");
        awaitStatus(runId, "completed");
        JsonNode timeline = timeline(runId);

        JsonNode steps = timeline.path("steps");
        assertThat(texts(steps, "stepId")).containsExactlyInAnyOrder("prep", "both", "l1", "r1", "r2", "done");
        for (JsonNode step : steps) {
            String id = step.path("stepId").asString();
            String expectedBranch = id.startsWith("l") ? "both/left" : id.startsWith("r") ? "both/right" : null;
            assertThat(step.path("branch").isNull() ? null : step.path("branch").asString()).as(id)
                    .isEqualTo(expectedBranch);
            assertThat(step.path("parent").isNull() ? null : step.path("parent").asString()).as(id)
                    .isEqualTo(expectedBranch == null ? null : "both");
            assertThat(step.path("runId").asString().equals(runId)).as(id).isEqualTo(expectedBranch == null);
        }
        JsonNode l1 = find(steps, "l1");
        assertThat(texts(l1.path("attempts"), "status")).containsExactly("failed", "completed");
        assertThat(texts(timeline.path("waits"), "kind")).containsExactlyInAnyOrder("retry", "timer");
        for (JsonNode wait : timeline.path("waits")) {
            assertThat(wait.path("branch").asString())
                    .isEqualTo("retry".equals(wait.path("kind").asString()) ? "both/left" : "both/right");
        }

        // Whichever branch ended last (the machine decides, not the test) is the one on the path.
        String lastBranch = at(l1, "lastEndedAt").isAfter(at(find(steps, "r2"), "lastEndedAt"))
                ? "both/left" : "both/right";
        List<String> expected = new ArrayList<>(List.of("prep", "both"));
        expected.addAll("both/left".equals(lastBranch) ? List.of("l1") : List.of("r1", "r2"));
        expected.add("done");
        assertThat(texts(timeline.path("criticalPath"), "stepId")).containsExactlyElementsOf(expected);
        assertThat(timeline.path("criticalPath")).filteredOn(step -> !step.path("branch").isNull())
                .allSatisfy(step -> assertThat(step.path("branch").asString()).isEqualTo(lastBranch));
    }

    static JsonNode find(JsonNode steps, String stepId) {
        for (JsonNode step : steps) {
            if (stepId.equals(step.path("stepId").asString())) {
                return step;
            }
        }
        throw new AssertionError("no step " + stepId + " in " + steps);
    }

    @Test
    void aRunningRunShowsItsOpenWaitUntilTheSignalCloses() {
        String runId = start("held");
        await().atMost(Duration.ofSeconds(90)).until(() -> texts(timeline(runId).path("waits"), "kind")
                .contains("signal"));
        JsonNode waiting = timeline(runId);
        assertThat(waiting.path("endedAt").isNull()).isTrue();
        assertThat(waiting.at("/waits/0/to").isNull()).isTrue();
        assertThat(waiting.at("/steps/0/lastEndedAt").isNull()).isTrue();
        assertThat(texts(waiting.path("criticalPath"), "stepId")).containsExactly("hold");

        assertThat(api.postJson("/api/v1/apps/" + app + "/runs/" + runId + "/signals/go", "{}").status())
                .isEqualTo(200);
        awaitStatus(runId, "completed");
        JsonNode done = timeline(runId);
        assertThat(at(done.at("/waits/0"), "to")).isAfterOrEqualTo(at(done.at("/waits/0"), "from"));
        assertThat(texts(done.path("criticalPath"), "stepId")).containsExactly("hold", "done");
    }

    @Test
    void anotherTenantsRunIsNotFound() {
        String runId = start("held");
        String otherTenant = api.postJson("/api/v1/tenants",
                "{\"name\":\"tl-" + UUID.randomUUID().toString().substring(0, 8) + "\"}").body().at("/adminKey/key")
                .asString();
        Api other = api.as(otherTenant);
        other.postJson("/api/v1/apps", "{\"name\":\"" + app + "\"}");
        Api.Response hidden = other.get("/api/v1/apps/" + app + "/runs/" + runId + "/timeline");
        assertThat(hidden.status()).as(hidden.toString()).isEqualTo(404);
        assertThat(hidden.contentType()).startsWith("application/problem+json");
        assertThat(api.get("/api/v1/apps/" + app + "/runs/" + UUID.randomUUID() + "/timeline").status())
                .isEqualTo(404);
        assertThat(api.get("/api/v1/apps/" + app + "/runs/not-a-uuid/timeline").status()).isEqualTo(400);
        api.postJson("/api/v1/apps/" + app + "/runs/" + runId + "/cancel", "");
    }
}
