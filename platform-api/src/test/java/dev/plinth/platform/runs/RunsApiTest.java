package dev.plinth.platform.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plinth.platform.support.Api;
import dev.plinth.platform.support.PlinthTest;
import dev.plinth.platform.support.TestKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Workflow runs over HTTP, on the real engine: PostgreSQL state, Kafka dispatch, the built-in echo executor. */
@PlinthTest
class RunsApiTest {

    static final String APP = """
            apiVersion: plinth.dev/v1
            kind: App
            metadata: {name: %s}
            spec:
              connectors:
                orders: {type: echo}
              workflows:
                - name: triage
                  input:
                    type: object
                    required: [orderId, amount]
                    properties:
                      orderId: {type: string}
                      amount: {type: number, minimum: 0}
                  steps:
                    - id: lookup
                      type: call
                      connector: orders
                      operation: get
                      with: {orderId: "${input.orderId}", amount: "${input.amount}", failAttempts: %d}
                      retry: {maxAttempts: 3, backoff: fixed, initialDelay: PT0.1S}
                    - id: classify
                      type: transform
                      expression: 'steps.lookup.output.amount > 100 ? "large" : "small"'
                    - id: route
                      type: switch
                      cases:
                        - {when: 'steps.classify.output == "large"', then: review}
                      default: done
                    - id: review
                      type: setVariable
                      variables: {reviewed: true, note: "large order ${input.orderId}"}
                    - id: done
                      type: succeed
                  output:
                    order: "${steps.lookup.output.orderId}"
                    size: "${steps.classify.output}"
                    note: "${has(vars.note) ? vars.note : 'none'}"
            """;

    @LocalServerPort
    int port;

    Api api;

    @BeforeEach
    void client() {
        api = new Api(port, TestKeys.ROOT_ADMIN);
    }

    String appWith(int failAttempts) {
        String app = "wf-" + UUID.randomUUID().toString().substring(0, 8);
        api.postJson("/api/v1/apps", "{\"name\":\"" + app + "\"}");
        Api.Response revision = api.call("POST", "/api/v1/apps/" + app + "/revisions")
                .yaml(APP.formatted(app, failAttempts)).send();
        assertThat(revision.status()).as(revision.toString()).isEqualTo(201);
        return app;
    }

    JsonNode awaitEnd(String app, String runId) {
        JsonNode[] run = new JsonNode[1];
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> {
            run[0] = api.get("/api/v1/apps/" + app + "/runs/" + runId).body();
            return !"running".equals(run[0].path("status").asString());
        });
        return run[0];
    }

    @Test
    void aCallTransformSwitchWorkflowRunsToCompletion() {
        String app = appWith(0);
        Api.Response started = api.postJson("/api/v1/apps/" + app + "/workflows/triage/runs",
                "{\"input\":{\"orderId\":\"A-7\",\"amount\":250}}");
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        assertThat(started.header("Location")).startsWith("/api/v1/apps/" + app + "/runs/");
        String runId = started.body().path("id").asString();
        // The answer describes the run as created, as a read of it gives it.
        assertThat(started.body().path("status").asString()).isEqualTo("running");
        assertThat(started.body().path("input")).isEqualTo(api.get("/api/v1/apps/" + app + "/runs/" + runId).body()
                .path("input"));
        assertThat(started.body().path("revision").asInt()).isEqualTo(1);

        JsonNode run = awaitEnd(app, runId);
        assertThat(run.path("createdAt").asString()).isEqualTo(started.body().path("createdAt").asString());
        assertThat(run.path("status").asString()).as(run.toString()).isEqualTo("completed");
        assertThat(run.at("/output/order").asString()).isEqualTo("A-7");
        assertThat(run.at("/output/size").asString()).isEqualTo("large");
        assertThat(run.at("/output/note").asString()).isEqualTo("large order A-7");
        assertThat(run.path("revision").asInt()).isEqualTo(1);

        List<String> steps = new ArrayList<>();
        api.get("/api/v1/apps/" + app + "/runs/" + runId + "/history").body()
                .forEach(attempt -> steps.add(attempt.path("stepId").asString() + ":" + attempt.path("status").asString()));
        assertThat(steps).containsExactly("lookup:completed", "classify:completed", "route:completed",
                "review:completed", "done:completed");
    }

    @Test
    void aSmallOrderTakesTheDefaultBranch() {
        String app = appWith(0);
        String runId = api.postJson("/api/v1/apps/" + app + "/workflows/triage/runs",
                "{\"input\":{\"orderId\":\"B-1\",\"amount\":5}}").body().path("id").asString();
        JsonNode run = awaitEnd(app, runId);
        assertThat(run.at("/output/size").asString()).isEqualTo("small");
        assertThat(run.at("/output/note").asString()).isEqualTo("none");
    }

    @Test
    void aFailingCallIsRetriedWithTheSameIdempotencyKeyAndThenSucceeds() {
        String app = appWith(2);
        String runId = api.postJson("/api/v1/apps/" + app + "/workflows/triage/runs",
                "{\"input\":{\"orderId\":\"C-3\",\"amount\":1}}").body().path("id").asString();
        JsonNode run = awaitEnd(app, runId);
        assertThat(run.path("status").asString()).isEqualTo("completed");
        List<String> lookups = new ArrayList<>();
        api.get("/api/v1/apps/" + app + "/runs/" + runId + "/history").body().forEach(attempt -> {
            if ("lookup".equals(attempt.path("stepId").asString())) {
                lookups.add(attempt.path("attempt").asInt() + ":" + attempt.path("status").asString());
            }
        });
        assertThat(lookups).containsExactly("1:failed", "2:failed", "3:completed");
    }

    @Test
    void exhaustedRetriesFailTheRunWithTheStepsError() {
        String app = appWith(5);
        String runId = api.postJson("/api/v1/apps/" + app + "/workflows/triage/runs",
                "{\"input\":{\"orderId\":\"D-4\",\"amount\":1}}").body().path("id").asString();
        JsonNode run = awaitEnd(app, runId);
        assertThat(run.path("status").asString()).isEqualTo("failed");
        assertThat(run.at("/error/step").asString()).isEqualTo("lookup");
        assertThat(run.at("/error/type").asString()).isEqualTo("server-error");
    }

    @Test
    void aFailedRunIsRetriedFromTheFailedStepWithoutRepeatingEarlierSteps() {
        String app = appWith(3);
        String runId = api.postJson("/api/v1/apps/" + app + "/workflows/triage/runs",
                "{\"input\":{\"orderId\":\"G-1\",\"amount\":500}}").body().path("id").asString();
        assertThat(awaitEnd(app, runId).path("status").asString()).isEqualTo("failed");
        assertThat(api.postJson("/api/v1/apps/" + app + "/runs/" + runId + "/retry", "").status()).isEqualTo(200);
        JsonNode run = awaitEnd(app, runId);
        assertThat(run.path("status").asString()).as(run.toString()).isEqualTo("completed");
        assertThat(run.at("/output/size").asString()).isEqualTo("large");
        assertThat(api.postJson("/api/v1/apps/" + app + "/runs/" + runId + "/retry", "").status())
                .as("only failed runs are retried").isEqualTo(409);
    }

    @Test
    void aRunIsRerunFromAStepWithEditedInputReusingEarlierOutputs() {
        String app = appWith(0);
        String runId = api.postJson("/api/v1/apps/" + app + "/workflows/triage/runs",
                "{\"input\":{\"orderId\":\"H-1\",\"amount\":500}}").body().path("id").asString();
        awaitEnd(app, runId);
        Api.Response rerun = api.postJson("/api/v1/apps/" + app + "/runs/" + runId + "/rerun",
                "{\"fromStep\":\"classify\",\"input\":{\"orderId\":\"H-2\",\"amount\":1}}");
        assertThat(rerun.status()).as(rerun.toString()).isEqualTo(202);
        String newId = rerun.body().path("id").asString();
        assertThat(newId).isNotEqualTo(runId);
        JsonNode run = awaitEnd(app, newId);
        assertThat(run.path("status").asString()).isEqualTo("completed");
        assertThat(run.at("/output/order").asString()).as("lookup's recorded output is reused").isEqualTo("H-1");
        assertThat(run.at("/output/size").asString()).isEqualTo("large");
        List<String> steps = new ArrayList<>();
        api.get("/api/v1/apps/" + app + "/runs/" + newId + "/history").body()
                .forEach(attempt -> steps.add(attempt.path("stepId").asString()));
        assertThat(steps).doesNotContain("lookup").startsWith("classify");
        assertThat(api.postJson("/api/v1/apps/" + app + "/runs/" + runId + "/rerun", "{\"fromStep\":\"nope\"}")
                .status()).isEqualTo(422);
    }

    @Test
    void inputNotMatchingTheSchemaIsRefusedWithPointers() {
        String app = appWith(0);
        Api.Response refused = api.postJson("/api/v1/apps/" + app + "/workflows/triage/runs",
                "{\"input\":{\"amount\":-3}}");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
        assertThat(refused.pointers()).contains("/input/amount");
        assertThat(api.get("/api/v1/apps/" + app + "/runs").body().path("items")).isEmpty();
        assertThat(api.postJson("/api/v1/apps/" + app + "/workflows/nope/runs", "{}").status()).isEqualTo(404);
    }

    @Test
    void runsAreListedNewestFirstFilteredAndInvisibleToOtherTenants() {
        String app = appWith(0);
        String first = api.postJson("/api/v1/apps/" + app + "/workflows/triage/runs",
                "{\"input\":{\"orderId\":\"E-1\",\"amount\":1}}").body().path("id").asString();
        String second = api.postJson("/api/v1/apps/" + app + "/workflows/triage/runs",
                "{\"input\":{\"orderId\":\"E-2\",\"amount\":1}}").body().path("id").asString();
        awaitEnd(app, first);
        awaitEnd(app, second);
        JsonNode page = api.get("/api/v1/apps/" + app + "/runs?limit=1").body();
        assertThat(page.at("/items/0/id").asString()).isEqualTo(second);
        assertThat(api.get("/api/v1/apps/" + app + "/runs?limit=1&cursor=" + page.path("nextCursor").asString())
                .body().at("/items/0/id").asString()).isEqualTo(first);
        assertThat(api.get("/api/v1/apps/" + app + "/runs?status=failed").body().path("items")).isEmpty();
        assertThat(api.get("/api/v1/apps/" + app + "/runs?status=weird").status()).isEqualTo(422);

        String tenant = "rt-" + UUID.randomUUID().toString().substring(0, 8);
        Api other = api.as(api.postJson("/api/v1/tenants", "{\"name\":\"" + tenant + "\"}").body()
                .at("/adminKey/key").asString());
        assertThat(other.get("/api/v1/apps/" + app + "/runs/" + first).status()).isEqualTo(404);
        assertThat(other.postJson("/api/v1/apps/" + app + "/runs/" + first + "/cancel", "").status()).isEqualTo(404);
    }

    @Test
    void brokenExpressionsAreRefusedWhenTheDefinitionIsSubmitted() {
        String app = "wf-" + UUID.randomUUID().toString().substring(0, 8);
        api.postJson("/api/v1/apps", "{\"name\":\"" + app + "\"}");
        String yaml = """
                apiVersion: plinth.dev/v1
                kind: App
                metadata: {name: %s}
                spec:
                  connectors: {svc: {type: echo}}
                  workflows:
                    - name: w
                      steps:
                        - {id: route, type: switch, cases: [{when: 'input.total >', then: done}], default: call}
                        - {id: call, type: call, connector: svc, with: {a: "${input.}", b: "ok ${input.x}"}}
                        - {id: done, type: succeed}
                """.formatted(app);
        Api.Response refused = api.call("POST", "/api/v1/apps/" + app + "/revisions").yaml(yaml).send();
        assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
        assertThat(refused.pointers()).containsExactly("/spec/workflows/0/steps/0/cases/0/when",
                "/spec/workflows/0/steps/1/with/a");
    }

    @Test
    void aRunningRunCanBeCancelled() {
        String app = "wf-" + UUID.randomUUID().toString().substring(0, 8);
        api.postJson("/api/v1/apps", "{\"name\":\"" + app + "\"}");
        String yaml = """
                apiVersion: plinth.dev/v1
                kind: App
                metadata: {name: %s}
                spec:
                  connectors: {svc: {type: echo}}
                  workflows:
                    - name: slow
                      steps:
                        - id: flaky
                          type: call
                          connector: svc
                          with: {failAttempts: 10}
                          retry: {maxAttempts: 10, backoff: fixed, initialDelay: PT30S}
                """.formatted(app);
        api.call("POST", "/api/v1/apps/" + app + "/revisions").yaml(yaml).send();
        String runId = api.postJson("/api/v1/apps/" + app + "/workflows/slow/runs", "{}").body().path("id").asString();
        await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/v1/apps/" + app + "/runs/" + runId
                + "/history").body().size() >= 1);
        Api.Response cancelled = api.postJson("/api/v1/apps/" + app + "/runs/" + runId + "/cancel", "");
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.body().path("status").asString()).isEqualTo("cancelled");
        assertThat(api.get("/api/v1/apps/" + app + "/runs/" + runId).body().path("status").asString())
                .isEqualTo("cancelled");
    }

    @Test
    void startingWithTheSameIdempotencyKeyStartsOneRun() {
        String app = appWith(0);
        String key = UUID.randomUUID().toString();
        Api.Response first = api.call("POST", "/api/v1/apps/" + app + "/workflows/triage/runs")
                .header("Idempotency-Key", key).json("{\"input\":{\"orderId\":\"F-1\",\"amount\":1}}").send();
        Api.Response again = api.call("POST", "/api/v1/apps/" + app + "/workflows/triage/runs")
                .header("Idempotency-Key", key).json("{\"input\":{\"orderId\":\"F-1\",\"amount\":1}}").send();
        assertThat(again.body().path("id").asString()).isEqualTo(first.body().path("id").asString());
        assertThat(again.body().path("createdAt").asString()).isEqualTo(first.body().path("createdAt").asString());
        awaitEnd(app, first.body().path("id").asString());
        assertThat(api.get("/api/v1/apps/" + app + "/runs").body().path("items").size()).isEqualTo(1);
    }
}
