package dev.plinth.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.platform.support.Api;
import dev.plinth.platform.support.PlinthTest;
import dev.plinth.platform.support.TestKeys;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

@PlinthTest
class IdempotencyAndETagTest {

    @LocalServerPort
    int port;

    Api api;

    @BeforeEach
    void client() {
        api = new Api(port, TestKeys.ROOT_ADMIN);
    }

    @Test
    void theSameKeyAndBodyReplaysTheFirstResponse() {
        String key = UUID.randomUUID().toString();
        String name = "idem-" + key.substring(0, 8);
        String body = "{\"name\":\"" + name + "\"}";
        Api.Response first = api.call("POST", "/api/v1/apps").header("Idempotency-Key", key).json(body).send();
        Api.Response second = api.call("POST", "/api/v1/apps").header("Idempotency-Key", key).json(body).send();

        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).as("replayed, not a 409 conflict").isEqualTo(201);
        assertThat(second.text()).isEqualTo(first.text());
        assertThat(second.header("Location")).isEqualTo(first.header("Location"));
        assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(first.header("Idempotent-Replayed")).isNull();
    }

    @Test
    void theSameKeyWithADifferentBodyIs422() {
        String key = UUID.randomUUID().toString();
        api.call("POST", "/api/v1/apps").header("Idempotency-Key", key).json("{\"name\":\"idem-a-" + key.substring(0, 6) + "\"}").send();
        Api.Response reused = api.call("POST", "/api/v1/apps").header("Idempotency-Key", key)
                .json("{\"name\":\"idem-b-" + key.substring(0, 6) + "\"}").send();
        BadInputTest.assertProblem(reused, 422, "idempotency-key-reused");
        assertThat(api.get("/api/v1/apps/idem-b-" + key.substring(0, 6)).status()).isEqualTo(404);
    }

    @Test
    void aRevisionSubmittedTwiceWithOneKeyIsStoredOnce() {
        String app = "idem-rev-" + UUID.randomUUID().toString().substring(0, 6);
        api.postJson("/api/v1/apps", "{\"name\":\"" + app + "\"}");
        String key = UUID.randomUUID().toString();
        String yaml = AppRegistryFlowTest.MINIMAL.formatted(app);
        Api.Response first = api.call("POST", "/api/v1/apps/" + app + "/revisions").header("Idempotency-Key", key)
                .yaml(yaml).send();
        Api.Response second = api.call("POST", "/api/v1/apps/" + app + "/revisions").header("Idempotency-Key", key)
                .yaml(yaml).send();
        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(201);
        assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(api.get("/api/v1/apps/" + app + "/revisions").body().path("items").size()).isEqualTo(1);
    }

    @Test
    void keysAreScopedToTheTenant() {
        String key = UUID.randomUUID().toString();
        String tenantName = "idem-t-" + key.substring(0, 6);
        Api other = api.as(api.postJson("/api/v1/tenants", "{\"name\":\"" + tenantName + "\"}")
                .body().at("/adminKey/key").asString());
        String body = "{\"name\":\"shared-" + key.substring(0, 6) + "\"}";
        assertThat(api.call("POST", "/api/v1/apps").header("Idempotency-Key", key).json(body).send().status()).isEqualTo(201);
        Api.Response otherTenant = other.call("POST", "/api/v1/apps").header("Idempotency-Key", key).json(body).send();
        assertThat(otherTenant.status()).isEqualTo(201);
        assertThat(otherTenant.header("Idempotent-Replayed")).isNull();
    }

    @Test
    void ifMatchGuardsUpdatesAndDeletes() {
        String app = "etag-" + UUID.randomUUID().toString().substring(0, 8);
        Api.Response created = api.postJson("/api/v1/apps", "{\"name\":\"" + app + "\"}");
        String etag = created.header("ETag");
        assertThat(etag).isNotBlank();
        assertThat(api.get("/api/v1/apps/" + app).header("ETag")).isEqualTo(etag);

        Api.Response updated = api.call("PATCH", "/api/v1/apps/" + app).header("If-Match", etag)
                .json("{\"description\":\"first\",\"labels\":{\"tier\":\"gold\"}}").send();
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        String newEtag = updated.header("ETag");
        assertThat(newEtag).isNotEqualTo(etag);

        Api.Response stale = api.call("PATCH", "/api/v1/apps/" + app).header("If-Match", etag)
                .json("{\"description\":\"lost update\"}").send();
        BadInputTest.assertProblem(stale, 412, "precondition-failed");
        Api.Response staleDelete = api.call("DELETE", "/api/v1/apps/" + app).header("If-Match", etag).send();
        BadInputTest.assertProblem(staleDelete, 412, "precondition-failed");

        Api.Response current = api.get("/api/v1/apps/" + app);
        assertThat(current.body().path("description").asString()).isEqualTo("first");
        assertThat(current.body().at("/labels/tier").asString()).isEqualTo("gold");
        assertThat(api.call("DELETE", "/api/v1/apps/" + app).header("If-Match", newEtag).send().status())
                .isEqualTo(204);
    }
}
