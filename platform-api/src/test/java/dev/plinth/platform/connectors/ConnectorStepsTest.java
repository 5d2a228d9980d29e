package dev.plinth.platform.connectors;

import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.zaxxer.hikari.HikariDataSource;
import dev.plinth.platform.support.Api;
import dev.plinth.platform.support.PlinthTest;
import dev.plinth.platform.support.TestKeys;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The sql, llm and kafka connectors as the running application uses them: one workflow looks a
 * customer up in (the embedded) PostgreSQL, has an LLM (WireMock, a third-party system) draft a
 * structured reply, and publishes it to Kafka.
 */
@PlinthTest
class ConnectorStepsTest {

    @RegisterExtension
    static WireMockExtension llm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    Api api;

    @BeforeEach
    void client() {
        api = new Api(port, TestKeys.ROOT_ADMIN);
    }

    @Test
    void aWorkflowQueriesSqlAsksAnLlmAndPublishesToKafka() {
        llm.stubFor(post("/v1/chat/completions").willReturn(okJson("""
                {"model": "test-model", "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant",
                  "content": "{\\"reply\\": \\"You have 3 open orders.\\", \\"intent\\": \\"question\\"}"}}],
                 "usage": {"prompt_tokens": 40, "completion_tokens": 9, "total_tokens": 49}}""")));
        String app = "cs-" + UUID.randomUUID().toString().substring(0, 8);
        api.postJson("/api/v1/apps", "{\"name\":\"" + app + "\"}");
        String jdbcUrl = ((HikariDataSource) dataSource).getJdbcUrl();
        Api.Response revision = api.call("POST", "/api/v1/apps/" + app + "/revisions").yaml("""
                apiVersion: plinth.dev/v1
                kind: App
                metadata: {name: %1$s}
                spec:
                  connectors:
                    customers: {type: sql, url: "%2$s", username: postgres, readOnly: true}
                    llm: {type: llm, baseUrl: "%3$s/v1", model: test-model}
                    replies: {type: kafka, topic: replies-%1$s}
                  workflows:
                    - name: answer
                      input: {type: object, required: [email, body]}
                      steps:
                        - id: lookup
                          type: call
                          connector: customers
                          operation: query
                          with:
                            sql: select :email as email, 3 as open_orders
                            params: {email: "${input.email}"}
                        - id: draft
                          type: call
                          connector: llm
                          operation: chat
                          with:
                            system: Answer the customer briefly.
                            prompt: "${input.body}"
                            context: "${steps.lookup.output.rows}"
                            responseSchema:
                              type: object
                              required: [reply, intent]
                              properties: {reply: {type: string}, intent: {enum: [refund, question]}}
                        - id: publish
                          type: call
                          connector: replies
                          operation: publish
                          with: {key: "${input.email}", value: "${steps.draft.output.json}"}
                      output:
                        reply: "${steps.draft.output.json.reply}"
                        tokens: "${steps.draft.output.usage.totalTokens}"
                        offset: "${steps.publish.output.offset}"
                """.formatted(app, jdbcUrl, llm.baseUrl())).send();
        assertThat(revision.status()).as(revision.toString()).isEqualTo(201);

        Api.Response started = api.postJson("/api/v1/apps/" + app + "/workflows/answer/runs",
                "{\"input\": {\"email\": \"ada@example.com\", \"body\": \"How many orders are open?\"}}");
        JsonNode run = awaitEnd(app, started.body().path("id").asString());

        assertThat(run.path("status").asString()).as(run.toString()).isEqualTo("completed");
        assertThat(run.path("output").path("reply").asString()).isEqualTo("You have 3 open orders.");
        assertThat(run.path("output").path("tokens").asInt()).isEqualTo(49);
        assertThat(run.path("output").path("offset").isNumber()).isTrue();
        llm.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.messages[1].content", com.github.tomakehurst.wiremock.client
                        .WireMock.containing("ada@example.com"))));
        String metrics = api.get("/actuator/prometheus").text();
        assertThat(metrics).containsPattern("plinth_llm_tokens_total\\{[^}]*kind=\"prompt\"[^}]*model=\"test-model\"");
    }

    private JsonNode awaitEnd(String app, String runId) {
        JsonNode[] run = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            run[0] = api.get("/api/v1/apps/" + app + "/runs/" + runId).body();
            return !"running".equals(run[0].path("status").asString());
        });
        return run[0];
    }
}
