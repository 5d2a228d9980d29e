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
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Steps that wait: for a time, for a signal, for a human decision. */
@PlinthTest
class WaitingStepsTest {

    static final String APP = """
            apiVersion: plinth.dev/v1
            kind: App
            metadata: {name: %s}
            spec:
              workflows:
                - name: pause
                  steps:
                    - {id: nap, type: wait, duration: PT1S}
                    - {id: done, type: succeed, output: {slept: true}}
                - name: signalled
                  steps:
                    - {id: hold, type: awaitSignal, signal: payment-received, timeout: PT30S, onTimeout: late}
                    - {id: done, type: succeed, output: "${steps.hold.output.amount}"}
                    - {id: late, type: fail, message: no payment}
                - name: refund
                  steps:
                    - {id: ask, type: approval, role: deployer, prompt: "Refund ${input.order}?", onReject: denied}
                    - {id: done, type: succeed, output: "${steps.ask.output.approver}"}
                    - {id: denied, type: fail, errorType: rejected, message: refund denied}
                - name: impatient
                  steps:
                    - {id: hold, type: awaitSignal, signal: never, timeout: PT1S, onTimeout: gave-up}
                    - {id: done, type: succeed}
                    - {id: gave-up, type: succeed, output: timed out}
            """;

    @LocalServerPort
    int port;

    Api api;
    String app;

    @BeforeEach
    void anApp() {
        api = new Api(port, TestKeys.ROOT_ADMIN);
        app = "wait-" + UUID.randomUUID().toString().substring(0, 8);
        api.postJson("/api/v1/apps", "{\"name\":\"" + app + "\"}");
        Api.Response revision = api.call("POST", "/api/v1/apps/" + app + "/revisions").yaml(APP.formatted(app)).send();
        assertThat(revision.status()).as(revision.toString()).isEqualTo(201);
    }

    String start(String workflow, String input) {
        return api.postJson("/api/v1/apps/" + app + "/workflows/" + workflow + "/runs", "{\"input\":" + input + "}")
                .body().path("id").asString();
    }

    JsonNode run(String id) {
        return api.get("/api/v1/apps/" + app + "/runs/" + id).body();
    }

    void awaitWaitingIn(String id, String step) {
        await().atMost(Duration.ofSeconds(90)).until(() -> run(id).path("currentSteps").toString().contains(step));
    }

    JsonNode awaitEnd(String id) {
        await().atMost(Duration.ofSeconds(90)).until(() -> !"running".equals(run(id).path("status").asString()));
        return run(id);
    }

    @Test
    void aWaitStepResumesTheRunAfterItsDuration() {
        String id = start("pause", "{}");
        awaitWaitingIn(id, "nap");
        JsonNode run = awaitEnd(id);
        assertThat(run.path("status").asString()).isEqualTo("completed");
        assertThat(run.at("/output/slept").asBoolean()).isTrue();
    }

    @Test
    void aSignalDeliversItsPayloadAndResumesTheRun() {
        String id = start("signalled", "{}");
        awaitWaitingIn(id, "hold");
        Api.Response wrong = api.postJson("/api/v1/apps/" + app + "/runs/" + id + "/signals/other", "{}");
        assertThat(wrong.status()).isEqualTo(409);
        Api.Response delivered = api.postJson("/api/v1/apps/" + app + "/runs/" + id + "/signals/payment-received",
                "{\"amount\": 42}");
        assertThat(delivered.status()).as(delivered.toString()).isEqualTo(200);
        JsonNode run = awaitEnd(id);
        assertThat(run.path("status").asString()).isEqualTo("completed");
        assertThat(run.path("output").asInt()).isEqualTo(42);
        assertThat(api.postJson("/api/v1/apps/" + app + "/runs/" + id + "/signals/payment-received", "{}").status())
                .as("a finished run waits for nothing").isEqualTo(409);
    }

    @Test
    void aSignalThatNeverComesTimesOutIntoTheOnTimeoutStep() {
        String id = start("impatient", "{}");
        JsonNode run = awaitEnd(id);
        assertThat(run.path("status").asString()).isEqualTo("completed");
        assertThat(run.path("output").asString()).isEqualTo("timed out");
    }

    @Test
    void anApprovalNeedsItsRoleAndRecordsTheApprover() {
        String id = start("refund", "{\"order\":\"R-1\"}");
        awaitWaitingIn(id, "ask");
        String builderKey = api.postJson("/api/v1/keys", "{\"name\":\"b\",\"role\":\"builder\"}").body().path("key")
                .asString();
        Api.Response refused = api.as(builderKey).postJson("/api/v1/apps/" + app + "/runs/" + id + "/approvals/ask",
                "{\"approved\": true}");
        assertThat(refused.status()).as("the step needs deployer").isEqualTo(403);

        String deployerKey = api.postJson("/api/v1/keys", "{\"name\":\"d\",\"role\":\"deployer\"}").body().path("key")
                .asString();
        Api deployer = api.as(deployerKey);
        assertThat(deployer.postJson("/api/v1/apps/" + app + "/runs/" + id + "/approvals/ask", "{}").status())
                .isEqualTo(422);
        Api.Response approved = deployer.postJson("/api/v1/apps/" + app + "/runs/" + id + "/approvals/ask",
                "{\"approved\": true, \"comment\": \"fine\"}");
        assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
        JsonNode run = awaitEnd(id);
        assertThat(run.path("status").asString()).isEqualTo("completed");
        assertThat(run.path("output").asString()).isEqualTo("key:" + deployerKey.substring(4, 20));
        JsonNode history = api.get("/api/v1/apps/" + app + "/runs/" + id + "/history").body();
        assertThat(history.get(0).at("/input/prompt").asString()).isEqualTo("Refund R-1?");
        assertThat(history.get(0).at("/output/comment").asString()).isEqualTo("fine");
    }

    @Test
    void aRejectedApprovalTakesTheRejectPath() {
        String id = start("refund", "{\"order\":\"R-2\"}");
        awaitWaitingIn(id, "ask");
        api.postJson("/api/v1/apps/" + app + "/runs/" + id + "/approvals/ask", "{\"approved\": false}");
        JsonNode run = awaitEnd(id);
        assertThat(run.path("status").asString()).isEqualTo("failed");
        assertThat(run.at("/error/type").asString()).isEqualTo("rejected");
    }
}
