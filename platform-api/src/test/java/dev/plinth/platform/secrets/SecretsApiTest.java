package dev.plinth.platform.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.platform.support.Api;
import dev.plinth.platform.support.PlinthTest;
import dev.plinth.platform.support.TestKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The secrets API: write-only values, versions, environments, tenant scoping, roles, bad input, rotation. */
@PlinthTest
class SecretsApiTest {

    @LocalServerPort
    int port;

    Api root;
    Api admin;
    final String value = "sv-" + UUID.randomUUID();
    final List<Api.Response> responses = new ArrayList<>();

    @BeforeEach
    void aTenant() {
        root = new Api(port, TestKeys.ROOT_ADMIN);
        admin = root.as(newTenantAdminKey());
    }

    @AfterEach
    void noResponseEverContainedTheValue() {
        assertThat(responses).isNotEmpty().allSatisfy(response -> assertThat(response.text() + response.raw().headers())
                .doesNotContain(value));
    }

    Api.Response send(Api.Response response) {
        responses.add(response);
        return response;
    }

    Api.Response put(Api as, String name, String body) {
        return send(as.call("PUT", "/api/v1/secrets/" + name).json(body).send());
    }

    @Test
    void aPutCreatesThenVersionsAndNothingReturnsTheValue() {
        Api.Response created = put(admin, "crm-token", "{\"value\":\"" + value + "\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("/api/v1/secrets/crm-token");
        assertThat(created.body().path("version").asInt()).isEqualTo(1);
        assertThat(created.body().has("value")).isFalse();

        Api.Response updated = put(admin, "crm-token", "{\"value\":\"" + value + "-2\"}");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.body().path("version").asInt()).isEqualTo(2);
        put(admin, "crm-token", "{\"value\":\"prod-" + value + "\",\"environment\":\"prod\"}");

        Api.Response one = send(admin.get("/api/v1/secrets/crm-token"));
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.body().path("entries")).hasSize(2);
        assertThat(one.body().at("/entries/0/environment").isNull()).isTrue();
        assertThat(one.body().at("/entries/0/version").asInt()).isEqualTo(2);
        assertThat(one.body().at("/entries/1/environment").asString()).isEqualTo("prod");
        assertThat(one.body().at("/entries/0/createdAt").asString()).isNotBlank();

        Api.Response list = send(admin.get("/api/v1/secrets?limit=1"));
        assertThat(list.body().path("items")).hasSize(1);
        assertThat(list.body().at("/items/0/name").asString()).isEqualTo("crm-token");
        Api.Response next = send(admin.get("/api/v1/secrets?limit=1&cursor=" + list.body().path("nextCursor").asString()));
        assertThat(next.body().at("/items/0/environment").asString()).isEqualTo("prod");
        assertThat(next.body().path("nextCursor").isNull()).isTrue();

        assertThat(send(admin.delete("/api/v1/secrets/crm-token?environment=prod")).status()).isEqualTo(204);
        assertThat(send(admin.get("/api/v1/secrets/crm-token")).body().path("entries")).hasSize(1);
        assertThat(send(admin.delete("/api/v1/secrets/crm-token")).status()).isEqualTo(204);
        assertThat(send(admin.get("/api/v1/secrets/crm-token")).status()).isEqualTo(404);
    }

    @Test
    void anotherTenantsSecretIsNotFound() {
        put(admin, "shared-name", "{\"value\":\"" + value + "\"}");
        Api other = root.as(newTenantAdminKey());

        assertThat(send(other.get("/api/v1/secrets/shared-name")).status()).isEqualTo(404);
        assertThat(send(other.delete("/api/v1/secrets/shared-name")).status()).isEqualTo(404);
        assertThat(send(other.get("/api/v1/secrets")).body().path("items")).isEmpty();
        assertThat(put(other, "shared-name", "{\"value\":\"theirs\"}").status()).isEqualTo(201);
        assertThat(send(admin.get("/api/v1/secrets/shared-name")).body().at("/entries/0/version").asInt()).isEqualTo(1);
    }

    @Test
    void deployersWriteViewersOnlyReadBuildersDoNotWrite() {
        Api viewer = admin.as(createKey("viewer"));
        Api deployer = admin.as(createKey("deployer"));
        Api builder = admin.as(createKey("builder"));

        assertThat(put(deployer, "deploy-key", "{\"value\":\"" + value + "\"}").status()).isEqualTo(201);
        assertThat(send(viewer.get("/api/v1/secrets/deploy-key")).status()).isEqualTo(200);
        assertThat(put(viewer, "deploy-key", "{\"value\":\"x\"}").status()).isEqualTo(403);
        assertThat(send(viewer.delete("/api/v1/secrets/deploy-key")).status()).isEqualTo(403);
        assertThat(put(builder, "deploy-key", "{\"value\":\"x\"}").status()).isEqualTo(403);
        assertThat(send(deployer.call("POST", "/api/v1/secrets/rotation").send()).status()).isEqualTo(403);
        assertThat(send(new Api(port, null).get("/api/v1/secrets")).status()).isEqualTo(401);
    }

    @Test
    void badInputIs422WithThePointerAndNeverQuotesTheValue() {
        assertProblem(put(admin, "ok-name", "{}"), 422, "/value");
        assertProblem(put(admin, "ok-name", "{\"value\":\"\"}"), 422, "/value");
        assertProblem(put(admin, "ok-name", "{\"value\":\"" + value + "x".repeat(17_000) + "\"}"), 422, "/value");
        assertProblem(put(admin, "ok-name", "{\"value\":42}"), 422, "/value");
        assertProblem(put(admin, "-bad", "{\"value\":\"" + value + "\"}"), 422, "/name");
        assertProblem(put(admin, "n".repeat(129), "{\"value\":\"" + value + "\"}"), 422, "/name");
        assertProblem(put(admin, "ok-name", "{\"value\":\"" + value + "\",\"environment\":\"Prod!\"}"), 422,
                "/environment");
        assertProblem(put(admin, "ok-name", "{\"value\":\"" + value + "\",\"note\":\"" + value + "\"}"), 422, "/note");
        assertProblem(put(admin, "ok-name", "{\"value\": " + value + "}"), 400, "");
        assertProblem(send(admin.get("/api/v1/secrets?cursor=nonsense")), 400, "/cursor");
        assertThat(send(admin.get("/api/v1/secrets/ok-name")).status()).isEqualTo(404);
    }

    @Test
    void theRootAdminRunsARotationWhichIsANoOpWhenEverythingIsUnderTheCurrentKey() {
        put(admin, "rotated", "{\"value\":\"" + value + "\"}");

        Api.Response rotation = send(root.call("POST", "/api/v1/secrets/rotation").send());
        assertThat(rotation.status()).as(rotation.toString()).isEqualTo(200);
        assertThat(rotation.body().path("keyId").asString()).startsWith("k-");
        assertThat(rotation.body().path("reencrypted").asInt()).isZero();

        assertThat(send(admin.call("POST", "/api/v1/secrets/rotation").send()).status()).isEqualTo(403);
    }

    private void assertProblem(Api.Response response, int status, String pointer) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.pointers()).as(response.toString()).containsExactly(pointer);
    }

    private String newTenantAdminKey() {
        Api.Response created = root.postJson("/api/v1/tenants",
                "{\"name\":\"s-" + UUID.randomUUID().toString().substring(0, 8) + "\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.body().at("/adminKey/key").asString();
    }

    private String createKey(String role) {
        Api.Response created = admin.postJson("/api/v1/keys", "{\"name\":\"" + role + " key\",\"role\":\"" + role + "\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.body().path("key").asString();
    }
}
