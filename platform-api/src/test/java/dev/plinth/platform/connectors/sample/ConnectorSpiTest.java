package dev.plinth.platform.connectors.sample;

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
 * A connector type added from outside Plinth (the {@code greeting} sample, registered by an
 * auto-configuration on the test classpath) is accepted in definitions, checked at submission by
 * its own {@code validate}, and runs steps; types nobody installed are refused.
 */
@PlinthTest
class ConnectorSpiTest {

    static final String APP = """
            apiVersion: plinth.dev/v1
            kind: App
            metadata: {name: %s}
            spec:
              connectors:
                hello: {type: greeting, greeting: "${secret:greeting-word}"}
              workflows:
                - name: greet
                  steps:
                    - id: say
                      type: call
                      connector: hello
                      operation: greet
                      with: {name: "${input.name}"}
                  output: {message: "${steps.say.output.message}"}
            """;

    @LocalServerPort
    int port;

    Api api;
    String app;

    @BeforeEach
    void anApp() {
        api = new Api(port, TestKeys.ROOT_ADMIN);
        app = "spi-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(api.postJson("/api/v1/apps", "{\"name\":\"" + app + "\"}").status()).isEqualTo(201);
    }

    @Test
    void aCustomConnectorTypeRunsAStepAndRedactsTheSecretItResolved() {
        api.call("PUT", "/api/v1/secrets/greeting-word").json("{\"value\":\"Bonjour\"}").send();
        Api.Response revision = api.call("POST", "/api/v1/apps/" + app + "/revisions").yaml(APP.formatted(app)).send();
        assertThat(revision.status()).as(revision.toString()).isEqualTo(201);

        String run = api.postJson("/api/v1/apps/" + app + "/workflows/greet/runs", "{\"input\":{\"name\":\"Ada\"}}")
                .body().path("id").asString();
        JsonNode[] finished = new JsonNode[1];
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> {
            finished[0] = api.get("/api/v1/apps/" + app + "/runs/" + run).body();
            return !"running".equals(finished[0].path("status").asString());
        });

        assertThat(finished[0].path("status").asString()).as(finished[0].toString()).isEqualTo("completed");
        assertThat(finished[0].at("/output/message").asString()).isEqualTo("[redacted], Ada!");
    }

    @Test
    void theCustomTypesOwnValidationRunsAtSubmission() {
        Api.Response refused = api.call("POST", "/api/v1/apps/" + app + "/revisions")
                .yaml(APP.formatted(app).replace("greeting: \"${secret:greeting-word}\"", "greeting: \"\"")).send();

        assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
        assertThat(refused.pointers()).containsExactly("/spec/connectors/hello/greeting");
    }

    @Test
    void anUnknownTypeIsRefusedNamingTheInstalledTypes() {
        Api.Response refused = api.call("POST", "/api/v1/apps/" + app + "/revisions")
                .yaml(APP.formatted(app).replace("type: greeting", "type: greetings")).send();

        assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
        assertThat(refused.pointers()).containsExactly("/spec/connectors/hello/type");
        JsonNode error = refused.body().path("errors").get(0);
        assertThat(error.path("message").asString()).isEqualTo("unknown connector type `greetings`");
        assertThat(error.path("hint").asString()).startsWith("did you mean `greeting`?")
                .contains("`echo`", "`greeting`", "`http`", "`noop`");
    }

    @Test
    void httpSettingsAreCheckedIncludingPerEnvironmentOverrides() {
        String definition = """
                apiVersion: plinth.dev/v1
                kind: App
                metadata: {name: %s}
                spec:
                  connectors:
                    api: {type: http, baseUrl: "ftp://example.com", auth: {type: bearer}}
                  environments:
                    prod:
                      connectors:
                        api: {timeout: "ten seconds"}
                """.formatted(app);

        Api.Response refused = api.call("POST", "/api/v1/apps/" + app + "/revisions").yaml(definition).send();

        assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
        assertThat(refused.pointers()).containsExactlyInAnyOrder("/spec/connectors/api/baseUrl",
                "/spec/connectors/api/auth/token", "/spec/environments/prod/connectors/api/timeout");
    }
}
