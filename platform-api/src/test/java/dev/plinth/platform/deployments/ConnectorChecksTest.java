package dev.plinth.platform.deployments;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.zaxxer.hikari.HikariDataSource;
import dev.plinth.platform.support.Api;
import dev.plinth.platform.support.PlinthTest;
import dev.plinth.platform.support.TestKeys;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The {@code connectors} pre-flight check: connectors that declare {@code check} are probed with
 * the target environment's settings before a deployment becomes active.
 */
@PlinthTest
class ConnectorChecksTest {

    @RegisterExtension
    static WireMockExtension crm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final String APP = """
            apiVersion: plinth.dev/v1
            kind: App
            metadata: {name: %1$s}
            spec:
              connectors:
                crm: {type: http, baseUrl: "%2$s/api", check: {path: /health}}
                db: {type: sql, url: "%3$s", username: postgres, readOnly: true, check: true}
                vault: {type: sql, url: "jdbc:postgresql://127.0.0.1:1/private", check: true}
              environments:
                staging:
                  connectors:
                    crm: {baseUrl: "%2$s/staging-api"}
                prod:
                  runsOn: {vault: agent}
              workflows:
                - name: noop
                  steps:
                    - {id: done, type: succeed}
            """;

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    Api api;
    String app;
    int revision;

    @BeforeEach
    void anAppWhoseConnectorsDeclareChecks() {
        api = new Api(port, TestKeys.ROOT_ADMIN);
        app = Deploying.newApp(api);
        Api.Response submitted = api.call("POST", "/api/v1/apps/" + app + "/revisions")
                .yaml(APP.formatted(app, crm.baseUrl(), ((HikariDataSource) dataSource).getJdbcUrl())).send();
        assertThat(submitted.status()).as(submitted.toString()).isEqualTo(201);
        revision = submitted.body().path("number").asInt();
    }

    @Test
    void everyCheckedConnectorIsProbedWithTheEnvironmentsSettings() {
        crm.stubFor(get(urlEqualTo("/api/health")).willReturn(okJson("{\"status\":\"up\"}")));
        JsonNode deployment = Deploying.deployActive(api, app, revision, "prod");
        JsonNode connectors = check(deployment, "connectors");
        assertThat(connectors.path("status").asString()).isEqualTo("passed");
        assertThat(connectors.path("detail").asString()).contains("crm", "db")
                .contains("not checked from here (they run on the environment's agent): vault");
        crm.verify(getRequestedFor(urlEqualTo("/api/health")));
    }

    @Test
    void anUnreachableConnectorFailsTheDeploymentAndNamesIt() {
        crm.stubFor(get(urlEqualTo("/staging-api/health")).willReturn(aResponse().withStatus(503)));
        Api.Response accepted = Deploying.deploy(api, app, revision, "staging");
        JsonNode deployment = Deploying.settled(api, app, accepted.body().path("id").asString());
        assertThat(deployment.path("status").asString()).isEqualTo("failed");
        assertThat(deployment.path("failure").asString()).contains("check 'connectors' failed")
                .contains("connector 'crm' is not reachable from environment 'staging'").contains("http-503");
        assertThat(Deploying.activeRevision(api, app, "staging")).as("nothing became active").isZero();
    }

    private static JsonNode check(JsonNode deployment, String name) {
        for (JsonNode check : deployment.path("checks")) {
            if (name.equals(check.path("name").asString())) {
                return check;
            }
        }
        throw new AssertionError("no check '" + name + "' in " + deployment);
    }
}
