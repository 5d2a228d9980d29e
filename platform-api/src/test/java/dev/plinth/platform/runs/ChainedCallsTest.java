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

/**
 * Call steps that follow each other directly: each result dispatches the next call, and the
 * workflow's output still sees every earlier step's output (the run state is kept between them).
 */
@PlinthTest
class ChainedCallsTest {

    @LocalServerPort
    int port;

    Api api;

    @BeforeEach
    void client() {
        api = new Api(port, TestKeys.ROOT_ADMIN);
    }

    @Test
    void outputsOfEarlierCallsSurviveLaterCalls() {
        String app = "chain-" + UUID.randomUUID().toString().substring(0, 8);
        api.postJson("/api/v1/apps", "{\"name\":\"" + app + "\"}");
        Api.Response revision = api.call("POST", "/api/v1/apps/" + app + "/revisions").yaml("""
                apiVersion: plinth.dev/v1
                kind: App
                metadata: {name: %s}
                spec:
                  connectors: {svc: {type: echo}}
                  workflows:
                    - name: chain
                      steps:
                        - {id: first, type: call, connector: svc, with: {n: 1}}
                        - {id: second, type: call, connector: svc, with: {n: "${steps.first.output.n + 1}"}}
                        - {id: third, type: call, connector: svc, with: {n: "${steps.second.output.n + 1}"}}
                      output: {first: "${steps.first.output.n}", second: "${steps.second.output.n}",
                               third: "${steps.third.output.n}"}
                    - name: broken-output
                      steps:
                        - {id: only, type: call, connector: svc, with: {n: 1}}
                      output: {missing: "${steps.only.output.absent}"}
                """.formatted(app)).send();
        assertThat(revision.status()).as(revision.toString()).isEqualTo(201);

        JsonNode chain = awaitEnd(app, api.postJson("/api/v1/apps/" + app + "/workflows/chain/runs", "{}")
                .body().path("id").asString());
        JsonNode broken = awaitEnd(app, api.postJson("/api/v1/apps/" + app + "/workflows/broken-output/runs", "{}")
                .body().path("id").asString());

        assertThat(chain.path("status").asString()).as(chain.toString()).isEqualTo("completed");
        assertThat(chain.path("output").path("first").asInt()).isEqualTo(1);
        assertThat(chain.path("output").path("second").asInt()).isEqualTo(2);
        assertThat(chain.path("output").path("third").asInt()).isEqualTo(3);
        // An output expression that fails ends the run as failed instead of leaving it running.
        assertThat(broken.path("status").asString()).isEqualTo("failed");
        assertThat(broken.path("error").path("type").asString()).isEqualTo("expression");
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
