package dev.plinth.platform.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plinth.platform.support.Api;
import dev.plinth.platform.support.PlinthTest;
import dev.plinth.platform.support.TestKeys;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Pausing and resuming runs, the step output limit, run history retention and the engine's meters. */
@PlinthTest
class RunControlTest {

    static final String APP = """
            apiVersion: plinth.dev/v1
            kind: App
            metadata: {name: %s}
            spec:
              memory:
                retention: {runs: %s}
              connectors:
                echo: {type: echo}
              workflows:
                - name: steady
                  steps:
                    - {id: nap, type: wait, duration: PT1S}
                    - {id: work, type: call, connector: echo, with: {done: true}}
                    - {id: finish, type: succeed, output: "${steps.work.output.done}"}
                - name: persistent
                  steps:
                    - {id: flaky, type: call, connector: echo, with: {failAttempts: 1000},
                       retry: {maxAttempts: 100, backoff: fixed, initialDelay: PT0.5S, jitter: false, maxDuration: PT2S}}
                - name: slow
                  steps:
                    - {id: crawl, type: call, connector: echo, with: {delayMs: 8000}, timeout: PT30S,
                       retry: {maxAttempts: 5, maxDuration: PT1S}}
                - name: stuck
                  steps:
                    - {id: hang, type: call, connector: echo, with: {delayMs: 30000, delayAttempts: 1, done: true}}
                - name: large
                  steps:
                    - {id: big, type: call, connector: echo, with: {blob: "${input.blob}"}}
                    - {id: measure, type: transform, value: "${size(steps.big.output.blob)}"}
                    - id: each
                      type: forEach
                      items: [1, 2]
                      do:
                        - {id: inner, type: transform, value: "${size(steps.big.output.blob) + item}"}
                  output: {length: "${steps.measure.output}", each: "${steps.each.output}"}
                - name: bloat
                  steps:
                    - {id: big, type: call, connector: echo, with: {blob: "${input.blob}"}, retry: {maxAttempts: 3}}
            """;

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    Api api;
    String app;

    @BeforeEach
    void anApp() {
        api = new Api(port, TestKeys.ROOT_ADMIN);
        app = "ctl-" + UUID.randomUUID().toString().substring(0, 8);
        api.postJson("/api/v1/apps", "{\"name\":\"" + app + "\"}");
        submit("P30D");
    }

    void submit(String retention) {
        Api.Response revision = api.call("POST", "/api/v1/apps/" + app + "/revisions")
                .yaml(APP.formatted(app, retention)).send();
        assertThat(revision.status()).as(revision.toString()).isIn(200, 201);
    }

    String start(String workflow, String input) {
        Api.Response started = api.postJson("/api/v1/apps/" + app + "/workflows/" + workflow + "/runs",
                "{\"input\":" + input + "}");
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        return started.body().path("id").asString();
    }

    Api.Response run(String id) {
        return api.get("/api/v1/apps/" + app + "/runs/" + id);
    }

    String status(String id) {
        return run(id).body().path("status").asString();
    }

    JsonNode awaitEnd(String id) {
        await().atMost(Duration.ofSeconds(90)).until(() -> !status(id).equals("running"));
        return run(id).body();
    }

    @Test
    void aPausedRunHoldsStillUntilResumedAndThenFinishes() {
        String id = start("steady", "{}");
        Api.Response paused = api.postJson("/api/v1/apps/" + app + "/runs/" + id + "/pause", "{}");
        assertThat(paused.status()).as(paused.toString()).isEqualTo(200);
        assertThat(paused.body().path("status").asString()).isEqualTo("paused");

        // The wait's timer fires after 1 s; while paused, the run must not move on to its next step.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> status(id).equals("paused") && !run(id).body().path("currentSteps").toString()
                        .contains("work"));
        JsonNode listed = api.get("/api/v1/apps/" + app + "/runs?status=paused").body();
        assertThat(listed.path("items").toString()).contains(id);
        assertThat(api.postJson("/api/v1/apps/" + app + "/runs/" + id + "/pause", "{}").status())
                .as("pausing a paused run").isEqualTo(409);

        Api.Response resumed = api.postJson("/api/v1/apps/" + app + "/runs/" + id + "/resume", "{}");
        assertThat(resumed.status()).as(resumed.toString()).isEqualTo(200);
        JsonNode run = awaitEnd(id);
        assertThat(run.path("status").asString()).isEqualTo("completed");
        assertThat(run.path("output").asBoolean()).isTrue();
        assertThat(api.postJson("/api/v1/apps/" + app + "/runs/" + id + "/resume", "{}").status())
                .as("resuming a finished run").isEqualTo(409);
    }

    @Test
    void aPausedRunCanBeCancelled() {
        String id = start("steady", "{}");
        api.postJson("/api/v1/apps/" + app + "/runs/" + id + "/pause", "{}");
        Api.Response cancelled = api.postJson("/api/v1/apps/" + app + "/runs/" + id + "/cancel", "{}");
        assertThat(cancelled.body().path("status").asString()).isEqualTo("cancelled");
    }

    @Test
    void anOutputOverTheLimitFailsTheStepClearlyWithoutRetrying() {
        String blob = "x".repeat(40 * 1024);
        JsonNode run = awaitEnd(start("bloat", "{\"blob\":\"" + blob + "\"}"));
        assertThat(run.path("status").asString()).isEqualTo("failed");
        assertThat(run.at("/error/type").asString()).isEqualTo("output-too-large");
        assertThat(run.at("/error/message").asString()).contains("plinth.workflow.max-step-output");
        JsonNode history = api.get("/api/v1/apps/" + app + "/runs/" + run.path("id").asString() + "/history").body();
        assertThat(history).as("one attempt: a too-large output is not retried").hasSize(1);
        assertThat(history.get(0).path("output").isNull()).as("the oversized output is not stored").isTrue();
    }

    @Test
    void retriesStopAtTheStepsTotalTimeout() {
        JsonNode run = awaitEnd(start("persistent", "{}"));
        assertThat(run.path("status").asString()).isEqualTo("failed");
        assertThat(run.at("/error/type").asString()).isEqualTo("server-error");
        JsonNode history = api.get("/api/v1/apps/" + app + "/runs/" + run.path("id").asString() + "/history").body();
        assertThat(history.size()).as("attempts 0.5 s apart within 2 s, far fewer than maxAttempts")
                .isBetween(2, 9);
    }

    @Test
    void anAttemptStillRunningAtTheTotalTimeoutIsTimedOut() {
        JsonNode run = awaitEnd(start("slow", "{}"));
        assertThat(run.path("status").asString()).isEqualTo("failed");
        assertThat(run.at("/error/type").asString()).isEqualTo("timeout");
        JsonNode history = api.get("/api/v1/apps/" + app + "/runs/" + run.path("id").asString() + "/history").body();
        assertThat(history).as("no retry starts after the total timeout").hasSize(1);
        assertThat(history.get(0).path("status").asString()).isEqualTo("timed-out");
    }

    @Test
    void aStepWhoseWorkerNeverAnswersIsDispatchedAgainWhenItsLeaseRunsOut() {
        JsonNode run = awaitEnd(start("stuck", "{}"));
        assertThat(run.path("status").asString()).as(run.toString()).isEqualTo("completed");
        assertThat(run.at("/output").isMissingNode() || run.at("/output").isNull()).isTrue();
        JsonNode history = api.get("/api/v1/apps/" + app + "/runs/" + run.path("id").asString() + "/history").body();
        assertThat(history.get(0).path("status").asString()).isEqualTo("timed-out");
        assertThat(history.get(0).at("/error/type").asString()).isEqualTo("lease-expired");
        JsonNode last = history.get(history.size() - 1);
        assertThat(last.path("status").asString()).isEqualTo("completed");
        assertThat(last.at("/output/done").asBoolean()).isTrue();
    }

    @Test
    void aLargeOutputIsStoredOnceAndReferencedYetExpressionsAndHistorySeeIt() {
        String blob = "y".repeat(10 * 1024);
        JsonNode run = awaitEnd(start("large", "{\"blob\":\"" + blob + "\"}"));
        assertThat(run.path("status").asString()).as(run.toString()).isEqualTo("completed");
        assertThat(run.at("/output/length").asInt()).isEqualTo(10 * 1024);
        assertThat(run.at("/output/each/0").asInt()).as("a forEach item reads it too").isEqualTo(10 * 1024 + 1);
        String id = run.path("id").asString();
        JsonNode history = api.get("/api/v1/apps/" + app + "/runs/" + id + "/history").body();
        assertThat(history.get(0).at("/output/blob").asString()).as("history shows the output itself")
                .isEqualTo(blob);

        JdbcClient db = JdbcClient.create(dataSource);
        assertThat(db.sql("select count(*) from orchestrator.payloads where run_id = ?::uuid").param(id)
                .query(Long.class).single()).isEqualTo(1);
        assertThat(db.sql("select output::text from orchestrator.step_attempts where run_id = ?::uuid "
                + "and step_id = 'big'").param(id).query(String.class).single())
                .contains("plinth:payload").doesNotContain(blob);
        assertThat(db.sql("select count(*) from orchestrator.runs where (id = ?::uuid or parent_run_id = ?::uuid) "
                + "and state::text like '%yyyyyyyyyy%'").params(id, id).query(Long.class).single())
                .as("neither the run's state nor its items' copies hold the output").isZero();
    }

    @Test
    void endedRunsAreDeletedOnceOlderThanTheAppsRetention() {
        submit("PT1S");
        String id = start("bloat", "{\"blob\":\"small\"}");
        assertThat(awaitEnd(id).path("status").asString()).isEqualTo("completed");
        await().atMost(Duration.ofSeconds(60)).until(() -> run(id).status() == 404);
    }

    @Test
    void theEngineMetersItsStepsTimersAndConsumers() {
        assertThat(awaitEnd(start("steady", "{}")).path("status").asString()).isEqualTo("completed");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            String scrape = api.get("/actuator/prometheus").text();
            assertThat(scrape).contains("plinth_workflow_step_duration_seconds_count{app=\"" + app + "\"");
            assertThat(scrape).contains("plinth_workflow_timer_lag_seconds");
            assertThat(scrape).contains("plinth_workflow_worker_steps_running").contains("plinth_workflow_worker_threads{");
            assertThat(scrape.lines().filter(line -> line.startsWith("plinth_workflow_consumer_lag{")))
                    .anySatisfy(line -> assertThat(line).contains("group=\"plinth-workers\""))
                    .anySatisfy(line -> assertThat(line).contains("group=\"plinth-engine\""));
        });
    }
}
