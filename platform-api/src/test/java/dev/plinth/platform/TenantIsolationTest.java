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
class TenantIsolationTest {

    @LocalServerPort
    int port;

    Api root;
    Api tenantA;
    Api tenantB;
    String app;

    @BeforeEach
    void twoTenantsWithAnAppInA() {
        root = new Api(port, TestKeys.ROOT_ADMIN);
        tenantA = root.as(newTenantAdminKey());
        tenantB = root.as(newTenantAdminKey());
        app = "app-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(tenantA.postJson("/api/v1/apps", "{\"name\":\"" + app + "\"}").status()).isEqualTo(201);
    }

    private String newTenantAdminKey() {
        String name = "t-" + UUID.randomUUID().toString().substring(0, 8);
        Api.Response created = root.postJson("/api/v1/tenants", "{\"name\":\"" + name + "\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.body().at("/adminKey/key").asString()).startsWith("plk_");
        return created.body().at("/adminKey/key").asString();
    }

    @Test
    void anotherTenantsAppIsNotFoundForReadChangeOrDelete() {
        assertThat(tenantB.get("/api/v1/apps/" + app).status()).isEqualTo(404);
        assertThat(tenantB.get("/api/v1/apps/" + app + "/revisions").status()).isEqualTo(404);
        assertThat(tenantB.call("PATCH", "/api/v1/apps/" + app).json("{\"description\":\"mine\"}").send().status())
                .isEqualTo(404);
        assertThat(tenantB.call("POST", "/api/v1/apps/" + app + "/revisions").yaml("apiVersion: plinth.dev/v1")
                .send().status()).isEqualTo(404);
        assertThat(tenantB.delete("/api/v1/apps/" + app).status()).isEqualTo(404);
        assertThat(tenantB.get("/api/v1/apps").body().path("items")).isEmpty();

        Api.Response stillThere = tenantA.get("/api/v1/apps/" + app);
        assertThat(stillThere.status()).isEqualTo(200);
        assertThat(stillThere.body().path("description").isNull()).isTrue();
    }

    @Test
    void theSameAppNameMayExistInTwoTenants() {
        assertThat(tenantB.postJson("/api/v1/apps", "{\"name\":\"" + app + "\"}").status()).isEqualTo(201);
    }

    @Test
    void aViewerReadsButCannotWrite() {
        Api viewer = tenantA.as(createKey(tenantA, "viewer"));
        assertThat(viewer.get("/api/v1/apps/" + app).status()).isEqualTo(200);

        Api.Response create = viewer.postJson("/api/v1/apps", "{\"name\":\"viewer-app\"}");
        assertThat(create.status()).isEqualTo(403);
        assertThat(create.body().path("type").asString()).isEqualTo("https://plinth.dev/problems/forbidden");
        assertThat(create.contentType()).startsWith("application/problem+json");
        assertThat(viewer.delete("/api/v1/apps/" + app).status()).isEqualTo(403);
        assertThat(viewer.get("/api/v1/keys").status()).isEqualTo(403);
        assertThat(tenantA.get("/api/v1/apps/" + app).status()).isEqualTo(200);
    }

    @Test
    void aBuilderWritesAppsButManagesNoKeys() {
        Api builder = tenantA.as(createKey(tenantA, "builder"));
        assertThat(builder.postJson("/api/v1/apps", "{\"name\":\"built\"}").status()).isEqualTo(201);
        assertThat(builder.postJson("/api/v1/keys", "{\"name\":\"x\",\"role\":\"admin\"}").status()).isEqualTo(403);
    }

    @Test
    void onlyRootTenantAdminsManageTenants() {
        Api.Response forbidden = tenantA.postJson("/api/v1/tenants", "{\"name\":\"sneaky\"}");
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(tenantA.get("/api/v1/tenants").status()).isEqualTo(403);
        assertThat(root.get("/api/v1/tenants").body().path("items").size()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void keysAreListedWithoutSecretsAndRevokedKeysStopWorking() {
        String secret = createKey(tenantA, "builder");
        Api builder = tenantA.as(secret);
        assertThat(builder.get("/api/v1/me").body().path("role").asString()).isEqualTo("builder");

        Api.Response list = tenantA.get("/api/v1/keys");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.text()).doesNotContain(secret.substring(22));
        String keyId = secret.substring(4, 20);
        assertThat(tenantB.delete("/api/v1/keys/" + keyId).status()).isEqualTo(404);

        Api.Response revoked = tenantA.delete("/api/v1/keys/" + keyId);
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.body().path("revokedAt").isNull()).isFalse();
        Api.Response refused = builder.get("/api/v1/me");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.body().path("type").asString()).isEqualTo("https://plinth.dev/problems/unauthenticated");
    }

    @Test
    void theLastAdminKeyCannotBeRevoked() {
        String onlyAdminId = tenantA.get("/api/v1/me").body().path("keyId").asString();
        Api.Response refused = tenantA.delete("/api/v1/keys/" + onlyAdminId);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(tenantA.get("/api/v1/me").status()).isEqualTo(200);
    }

    private static String createKey(Api admin, String role) {
        Api.Response created = admin.postJson("/api/v1/keys", "{\"name\":\"" + role + " key\",\"role\":\"" + role + "\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.body().path("key").asString();
    }
}
