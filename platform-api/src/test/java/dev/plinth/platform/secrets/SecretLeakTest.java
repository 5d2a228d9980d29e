package dev.plinth.platform.secrets;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.plinth.platform.support.Api;
import dev.plinth.platform.support.PlinthTest;
import dev.plinth.platform.support.TestKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * A secret used by a real run through the {@code http} connector, against a target that echoes
 * the credential back in a successful answer and in an error, never appears in any API response,
 * the run history, or the application's log output.
 */
@PlinthTest
@ExtendWith(OutputCaptureExtension.class)
class SecretLeakTest {

    static final WireMockServer target = new WireMockServer(options().dynamicPort());

    static final String APP = """
            apiVersion: plinth.dev/v1
            kind: App
            metadata: {name: %s}
            spec:
              connectors:
                api:
                  type: http
                  baseUrl: %s
                  auth: {type: bearer, token: "${secret:leak-token}"}
                  retry: {maxAttempts: 2, initialDelay: PT0.01S}
              workflows:
                - name: profile
                  steps:
                    - id: fetch
                      type: call
                      connector: api
                      operation: get
                      with: {path: /profile}
                  output: {seen: "${steps.fetch.output.body.seen}", header: "${steps.fetch.output.headers['x-echo']}"}
                - name: broken
                  steps:
                    - id: fetch
                      type: call
                      connector: api
                      operation: get
                      with: {path: /broken}
            """;

    @LocalServerPort
    int port;

    final List<Api.Response> responses = new ArrayList<>();

    @BeforeAll
    static void startTarget() {
        target.start();
        target.stubFor(get(urlEqualTo("/profile")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withHeader("X-Echo", "{{request.headers.Authorization}}")
                .withBody("{\"seen\":\"{{request.headers.Authorization}}\"}").withTransformers("response-template")));
        target.stubFor(get(urlEqualTo("/broken")).willReturn(aResponse().withStatus(503)
                .withBody("upstream rejected {{request.headers.Authorization}}").withTransformers("response-template")));
    }

    @AfterAll
    static void stopTarget() {
        target.stop();
    }

    Api.Response send(Api.Response response) {
        responses.add(response);
        return response;
    }

    @Test
    void theSecretAppearsNowhereAfterRunsThatUsedIt(CapturedOutput output) {
        String secret = "leak-" + UUID.randomUUID();
        Api api = new Api(port, TestKeys.ROOT_ADMIN);
        String app = "leak-" + UUID.randomUUID().toString().substring(0, 8);
        send(api.postJson("/api/v1/apps", "{\"name\":\"" + app + "\"}"));
        assertThat(send(api.call("PUT", "/api/v1/secrets/leak-token").json("{\"value\":\"" + secret + "\"}").send())
                .status()).isIn(200, 201);
        assertThat(send(api.call("POST", "/api/v1/apps/" + app + "/revisions")
                .yaml(APP.formatted(app, target.baseUrl())).send()).status()).isEqualTo(201);

        JsonNode succeeded = runToEnd(api, app, "profile");
        JsonNode failed = runToEnd(api, app, "broken");

        target.verify(getRequestedFor(urlEqualTo("/profile")).withHeader("Authorization", equalTo("Bearer " + secret)));
        assertThat(succeeded.path("status").asString()).as(succeeded.toString()).isEqualTo("completed");
        assertThat(succeeded.at("/output/seen").asString()).isEqualTo("Bearer [redacted]");
        assertThat(succeeded.at("/output/header").asString()).isEqualTo("Bearer [redacted]");
        assertThat(failed.path("status").asString()).isEqualTo("failed");
        assertThat(failed.toString()).contains("http-503").contains("upstream rejected Bearer [redacted]");

        for (String path : List.of("/api/v1/secrets", "/api/v1/secrets/leak-token", "/api/v1/apps/" + app,
                "/api/v1/apps/" + app + "/revisions", "/api/v1/apps/" + app + "/revisions/1",
                "/api/v1/apps/" + app + "/revisions/1/source", "/api/v1/apps/" + app + "/runs",
                "/api/v1/apps/" + app + "/runs/" + succeeded.path("id").asString() + "/history",
                "/api/v1/apps/" + app + "/runs/" + failed.path("id").asString() + "/history")) {
            assertThat(send(api.get(path)).status()).as(path).isEqualTo(200);
        }
        assertThat(responses).hasSizeGreaterThan(10).allSatisfy(response ->
                assertThat(response.text() + response.raw().headers()).doesNotContain(secret));
        assertThat(output.getAll()).doesNotContain(secret);
    }

    private JsonNode runToEnd(Api api, String app, String workflow) {
        String run = send(api.postJson("/api/v1/apps/" + app + "/workflows/" + workflow + "/runs", "{}"))
                .body().path("id").asString();
        JsonNode[] finished = new JsonNode[1];
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> {
            finished[0] = send(api.get("/api/v1/apps/" + app + "/runs/" + run)).body();
            return !"running".equals(finished[0].path("status").asString());
        });
        return finished[0];
    }
}
