package dev.plinth.platform.deployments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.platform.support.Api;
import dev.plinth.platform.support.PlinthTest;
import dev.plinth.platform.support.TestKeys;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** A secret stored for one environment only exists for deployments to that environment. */
@PlinthTest
class EnvironmentSecretsTest {

    @LocalServerPort
    int port;

    @Test
    void aSecretSetForProdSatisfiesProdButNotStaging() {
        Api api = new Api(port, TestKeys.ROOT_ADMIN);
        String secret = "only-prod-" + UUID.randomUUID().toString().substring(0, 8);
        Api.Response stored = api.call("PUT", "/api/v1/secrets/" + secret)
                .json("{\"value\":\"prod-value\",\"environment\":\"prod\"}").send();
        assertThat(stored.status()).as(stored.toString()).isEqualTo(201);
        String app = Deploying.newApp(api);
        Api.Response revision = api.call("POST", "/api/v1/apps/" + app + "/revisions").yaml("""
                apiVersion: plinth.dev/v1
                kind: App
                metadata: {name: %s}
                spec:
                  connectors:
                    api: {type: http, baseUrl: "http://localhost:1", auth: {type: bearer, token: "${secret:%s}"}}
                  workflows:
                    - name: noop
                      steps:
                        - {id: done, type: succeed}
                """.formatted(app, secret)).send();
        assertThat(revision.status()).as(revision.toString()).isEqualTo(201);

        Api.Response staging = Deploying.deploy(api, app, 1, "staging");
        JsonNode refused = Deploying.settled(api, app, staging.body().path("id").asString());
        assertThat(refused.path("status").asString()).isEqualTo("failed");
        assertThat(refused.path("failure").asString()).contains("check 'secrets' failed").contains(secret);

        Deploying.deployActive(api, app, 1, "prod");
    }
}
