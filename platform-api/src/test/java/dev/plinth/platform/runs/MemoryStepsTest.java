package dev.plinth.platform.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plinth.platform.support.Api;
import dev.plinth.platform.support.PlinthTest;
import dev.plinth.platform.support.TestKeys;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Workflows that remember: memory steps write and read the app's memory through the engine. */
@PlinthTest
class MemoryStepsTest {

    @LocalServerPort
    int port;

    @Test
    void aWorkflowAppendsMessagesLearnsAFactAndAssemblesContext() {
        Api api = new Api(port, TestKeys.ROOT_ADMIN);
        String app = "remember-" + UUID.randomUUID().toString().substring(0, 8);
        api.postJson("/api/v1/apps", "{\"name\":\"" + app + "\"}");
        Api.Response revision = api.call("POST", "/api/v1/apps/" + app + "/revisions").yaml("""
                apiVersion: plinth.dev/v1
                kind: App
                metadata: {name: %s}
                spec:
                  workflows:
                    - name: chat
                      input: {type: object, required: [user, thread, text]}
                      steps:
                        - id: remember-question
                          type: memory
                          action: appendMessage
                          user: ${input.user}
                          session: ${input.thread}
                          message: {role: user, content: "${input.text}"}
                        - id: learn
                          type: memory
                          action: upsertFact
                          user: ${input.user}
                          key: favourite-colour
                          text: "${input.text}"
                        - id: context
                          type: memory
                          action: context
                          user: ${input.user}
                          session: ${input.thread}
                          maxTokens: 500
                      output:
                        messages: "${size(steps.context.output.messages)}"
                        fact: "${steps.context.output.facts[0].key}"
                """.formatted(app)).send();
        assertThat(revision.status()).as(revision.toString()).isEqualTo(201);

        String runId = api.postJson("/api/v1/apps/" + app + "/workflows/chat/runs",
                "{\"input\":{\"user\":\"ann\",\"thread\":\"t1\",\"text\":\"I like green\"}}").body().path("id").asString();
        JsonNode[] run = new JsonNode[1];
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            run[0] = api.get("/api/v1/apps/" + app + "/runs/" + runId).body();
            return !"running".equals(run[0].path("status").asString());
        });
        assertThat(run[0].path("status").asString()).as(run[0].toString()).isEqualTo("completed");
        assertThat(run[0].at("/output/messages").asInt()).isEqualTo(1);
        assertThat(run[0].at("/output/fact").asString()).isEqualTo("favourite-colour");

        JsonNode messages = api.get("/api/v1/apps/" + app + "/memory/users/ann/sessions/t1/messages").body();
        assertThat(messages.at("/items/0/content").asString()).isEqualTo("I like green");
        JsonNode fact = api.get("/api/v1/apps/" + app + "/memory/users/ann/facts").body();
        assertThat(fact.at("/items/0/sourceKind").asString()).isEqualTo("run");
        assertThat(fact.at("/items/0/sourceRef").asString()).isEqualTo(runId + ":learn");
    }
}
