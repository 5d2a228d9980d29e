package dev.plinth.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.platform.support.Api;
import dev.plinth.platform.support.PlinthTest;
import dev.plinth.platform.support.TestKeys;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Health probes, metrics, request ids and the OpenAPI document, as operators and tools use them. */
@PlinthTest
class OperationsEndpointsTest {

    @LocalServerPort
    int port;

    @Test
    void probesArePublicAndReadinessCoversPostgresAndKafka() {
        Api anonymous = new Api(port, null);
        assertThat(anonymous.get("/actuator/health/liveness").body().path("status").asString()).isEqualTo("UP");
        assertThat(anonymous.get("/actuator/health/readiness").body().path("status").asString()).isEqualTo("UP");

        Api.Response detailed = new Api(port, TestKeys.ROOT_ADMIN).get("/actuator/health/readiness");
        assertThat(detailed.body().at("/components/db/status").asString()).isEqualTo("UP");
        assertThat(detailed.body().at("/components/kafka/status").asString()).isEqualTo("UP");
        assertThat(detailed.body().at("/components/kafka/details/nodes").asInt()).isEqualTo(1);
    }

    @Test
    void prometheusExpositionNeedsAKeyAndCountsRequests() {
        Api api = new Api(port, TestKeys.ROOT_ADMIN);
        api.get("/api/v1/apps");
        assertThat(api.as(null).get("/actuator/prometheus").status()).isEqualTo(401);
        Api.Response metrics = api.get("/actuator/prometheus");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.text())
                .contains("http_server_requests_seconds_count{")
                .contains("uri=\"/api/v1/apps\"")
                .contains("application=\"plinth\"")
                .contains("hikaricp_connections_active");
    }

    @Test
    void onlyTheRootTenantsAdminsAndViewersReadTheInstallationsMetrics() {
        Api root = new Api(port, TestKeys.ROOT_ADMIN);
        Api.Response created = root.postJson("/api/v1/tenants",
                "{\"name\":\"metrics-" + java.util.UUID.randomUUID().toString().substring(0, 8) + "\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        Api tenantAdmin = root.as(created.body().at("/adminKey/key").asString());
        Api tenantViewer = root.as(key(tenantAdmin, "viewer"));

        for (String path : new String[] {"/actuator/prometheus", "/actuator/metrics",
                "/actuator/metrics/plinth.workflow.runs.started"}) {
            for (Api other : new Api[] {tenantAdmin, tenantViewer}) {
                Api.Response denied = other.get(path);
                assertThat(denied.status()).as(path).isEqualTo(403);
                assertThat(denied.contentType()).contains("application/problem+json");
                assertThat(denied.body().path("detail").asString()).contains("root tenant");
                assertThat(denied.text()).doesNotContain("plinth_workflow");
            }
        }
        assertThat(root.as(key(root, "viewer")).get("/actuator/prometheus").status())
                .as("the operator's read-only key").isEqualTo(200);
        assertThat(root.as(key(root, "builder")).get("/actuator/prometheus").status())
                .as("a CI key of the root tenant").isEqualTo(403);
        assertThat(root.get("/actuator/metrics").status()).isEqualTo(200);
        assertThat(tenantViewer.get("/actuator/health").status()).as("health stays open to every key").isEqualTo(200);
    }

    static String key(Api admin, String role) {
        Api.Response created = admin.postJson("/api/v1/keys", "{\"name\":\"" + role + " key\",\"role\":\"" + role
                + "\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.body().path("key").asString();
    }

    @Test
    void everyResponseCarriesARequestIdAndAnIncomingOneIsKept() {
        Api api = new Api(port, TestKeys.ROOT_ADMIN);
        assertThat(api.get("/api/v1/me").header("X-Request-Id")).isNotBlank();
        Api.Response traced = api.call("GET", "/api/v1/nowhere").header("X-Request-Id", "client-req-42").send();
        assertThat(traced.header("X-Request-Id")).isEqualTo("client-req-42");
        assertThat(traced.body().path("requestId").asString()).isEqualTo("client-req-42");
        Api.Response unsafe = api.call("GET", "/api/v1/me").header("X-Request-Id", "bad id\twith junk").send();
        assertThat(unsafe.header("X-Request-Id")).isNotEqualTo("bad id\twith junk");
    }

    @Test
    void openApiDescribesEveryEndpointAndItsAuthentication() {
        Api.Response docs = new Api(port, null).get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        JsonNode spec = docs.body();
        assertThat(spec.path("openapi").asString()).startsWith("3.1");
        assertThat(spec.path("paths").propertyNames()).contains(
                "/api/v1/apps", "/api/v1/apps/{app}", "/api/v1/apps/{app}/revisions",
                "/api/v1/apps/{app}/revisions/{number}", "/api/v1/apps/{app}/revisions/{from}/diff/{to}",
                "/api/v1/schema/app-definition", "/api/v1/tenants", "/api/v1/keys", "/api/v1/keys/{id}", "/api/v1/me");
        assertThat(spec.at("/components/securitySchemes/apiKey/scheme").asString()).isEqualTo("bearer");
        assertThat(spec.at("/paths/~1api~1v1~1apps/post/responses/422").isMissingNode()).isFalse();
        assertThat(spec.at("/paths/~1api~1v1~1apps/post/responses/401").isMissingNode()).isFalse();
    }
}
