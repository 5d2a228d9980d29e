package dev.plinth.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plinth.platform.support.Api;
import dev.plinth.platform.support.PlinthTest;
import dev.plinth.platform.support.TestKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Every change made through the API leaves an audit entry its tenant's admins can query. */
@PlinthTest
class AuditLogTest {

    static final String DEFINITION = """
            apiVersion: plinth.dev/v1
            kind: App
            metadata: {name: %s}
            spec:
              workflows:
                - name: hold
                  steps:
                    - {id: wait-for-go, type: awaitSignal, signal: go}
                    - {id: done, type: succeed}
            """;

    @LocalServerPort
    int port;

    Api root;
    Api admin;
    String adminKeyId;
    String app;

    @BeforeEach
    void aFreshTenantWithAnApp() {
        root = new Api(port, TestKeys.ROOT_ADMIN);
        String key = newTenantAdminKey();
        admin = root.as(key);
        adminKeyId = key.substring(4, 20);
        app = "audited-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(admin.postJson("/api/v1/apps", "{\"name\":\"" + app + "\"}").status()).isEqualTo(201);
    }

    String newTenantAdminKey() {
        Api.Response created = root.postJson("/api/v1/tenants",
                "{\"name\":\"t-" + UUID.randomUUID().toString().substring(0, 8) + "\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.body().at("/adminKey/key").asString();
    }

    List<JsonNode> entries(Api caller, String query) {
        Api.Response listed = caller.get("/api/v1/audit" + query);
        assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
        List<JsonNode> items = new ArrayList<>();
        listed.body().path("items").forEach(items::add);
        return items;
    }

    JsonNode only(String query) {
        List<JsonNode> found = entries(admin, query);
        assertThat(found).as(query).hasSize(1);
        return found.get(0);
    }

    void submitDefinition() {
        Api.Response revision = admin.call("POST", "/api/v1/apps/" + app + "/revisions")
                .yaml(DEFINITION.formatted(app)).send();
        assertThat(revision.status()).as(revision.toString()).isEqualTo(201);
    }

    String startRun() {
        Api.Response started = admin.postJson("/api/v1/apps/" + app + "/workflows/hold/runs", "{}");
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        String id = started.body().path("id").asString();
        await().atMost(Duration.ofSeconds(90)).until(() -> admin.get("/api/v1/apps/" + app + "/runs/" + id).body()
                .path("currentSteps").toString().contains("wait-for-go"));
        return id;
    }

    @Test
    void eachKindOfChangeIsRecordedWithWhoWhatWhenAndWhere() {
        Instant before = Instant.now().minusSeconds(1);
        Api.Response revision = admin.call("POST", "/api/v1/apps/" + app + "/revisions")
                .header("X-Request-Id", "audit-test-1").header("User-Agent", "plinth-ci/1.0")
                .header("X-Forwarded-For", "203.0.113.9")
                .yaml(DEFINITION.formatted(app)).send();
        assertThat(revision.status()).as(revision.toString()).isEqualTo(201);

        Api.Response deployed = admin.postJson("/api/v1/apps/" + app + "/deployments",
                "{\"revision\": 1, \"environment\": \"dev\"}");
        assertThat(deployed.status()).as(deployed.toString()).isEqualTo(202);

        Api.Response secret = admin.call("PUT", "/api/v1/secrets/crm-token").json("{\"value\":\"hunter2-x9\"}").send();
        assertThat(secret.status()).as(secret.toString()).isEqualTo(201);

        Api.Response key = admin.postJson("/api/v1/keys", "{\"name\":\"ci-viewer\",\"role\":\"viewer\"}");
        String viewerKey = key.body().path("key").asString();
        String viewerKeyId = key.body().path("id").asString();
        assertThat(admin.delete("/api/v1/keys/" + viewerKeyId).status()).isEqualTo(200);

        String signalled = startRun();
        assertThat(admin.postJson("/api/v1/apps/" + app + "/runs/" + signalled + "/signals/go", "{}").status())
                .isEqualTo(200);
        String cancelled = startRun();
        assertThat(admin.postJson("/api/v1/apps/" + app + "/runs/" + cancelled + "/cancel", "").status())
                .isEqualTo(200);
        String user = "/api/v1/apps/" + app + "/memory/users/u-42";
        Api.Response appended = admin.postJson(user + "/sessions/s-1/messages",
                "{\"role\":\"user\",\"content\":\"my card is 4111 1111 1111 1111\"}");
        assertThat(appended.status()).as(appended.toString()).isIn(200, 201);
        assertThat(admin.delete(user).status()).isEqualTo(200);

        JsonNode submitted = only("?action=revision.created");
        assertThat(submitted.path("keyId").asString()).isEqualTo(adminKeyId);
        assertThat(submitted.path("keyName").asString()).isNotBlank();
        assertThat(submitted.path("role").asString()).isEqualTo("admin");
        assertThat(submitted.path("resourceType").asString()).isEqualTo("revision");
        assertThat(submitted.path("resourceId").asString()).isEqualTo("1");
        assertThat(submitted.path("pathParams").path("app").asString()).isEqualTo(app);
        assertThat(submitted.path("method").asString()).isEqualTo("POST");
        assertThat(submitted.path("route").asString()).isEqualTo("/api/v1/apps/{app}/revisions");
        assertThat(submitted.path("status").asInt()).isEqualTo(201);
        assertThat(submitted.path("outcome").asString()).isEqualTo("success");
        assertThat(submitted.path("requestId").asString()).isEqualTo("audit-test-1");
        assertThat(submitted.path("userAgent").asString()).isEqualTo("plinth-ci/1.0");
        assertThat(submitted.path("clientIp").asString())
                .as("X-Forwarded-For is ignored unless proxies are trusted").isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
        assertThat(Instant.parse(submitted.path("occurredAt").asString())).isAfter(before);
        assertThat(submitted.toString()).as("never the body").doesNotContain("awaitSignal");

        JsonNode deployment = only("?action=deployment.created");
        assertThat(deployment.path("resourceId").asString()).isEqualTo(deployed.body().path("id").asString());
        assertThat(deployment.path("status").asInt()).isEqualTo(202);

        JsonNode secretSet = only("?action=secret.updated");
        assertThat(secretSet.path("resourceType").asString()).isEqualTo("secret");
        assertThat(secretSet.path("resourceId").asString()).isEqualTo("crm-token");
        assertThat(secretSet.toString()).as("never the secret's value").doesNotContain("hunter2");

        JsonNode keyCreated = only("?action=key.created");
        assertThat(keyCreated.path("resourceId").asString()).isEqualTo(viewerKeyId);
        assertThat(keyCreated.toString()).as("the new key's secret is never recorded")
                .doesNotContain(viewerKey.substring(21));
        assertThat(only("?action=key.revoked").path("resourceId").asString()).isEqualTo(viewerKeyId);
        assertThat(only("?action=app.created").path("resourceId").asString()).isEqualTo(app);
        assertThat(entries(admin, "?action=run.started")).extracting(e -> e.path("resourceId").asString())
                .containsExactlyInAnyOrder(signalled, cancelled);
        JsonNode signal = only("?action=run.signalled");
        assertThat(signal.path("resourceId").asString()).isEqualTo(signalled);
        assertThat(signal.path("pathParams").path("signal").asString()).isEqualTo("go");
        assertThat(only("?action=run.cancelled").path("resourceId").asString()).isEqualTo(cancelled);
        JsonNode message = only("?action=memory.message.appended");
        assertThat(message.path("resourceId").asString()).isEqualTo("s-1");
        assertThat(message.toString()).as("never the body").doesNotContain("4111");
        JsonNode erased = only("?action=memory.user.erased");
        assertThat(erased.path("resourceType").asString()).isEqualTo("user");
        assertThat(erased.path("resourceId").asString()).isEqualTo("u-42");
    }

    @Test
    void refusedAttemptsAreRecordedWithTheirStatus() {
        String viewerKey = admin.postJson("/api/v1/keys", "{\"name\":\"read-only\",\"role\":\"viewer\"}").body()
                .path("key").asString();
        Api viewer = admin.as(viewerKey);
        assertThat(viewer.postJson("/api/v1/apps", "{\"name\":\"not-allowed\"}").status()).isEqualTo(403);
        assertThat(admin.call("POST", "/api/v1/apps/" + app + "/revisions").yaml("apiVersion: nonsense").send()
                .status()).isEqualTo(422);
        assertThat(admin.postJson("/api/v1/apps/" + app + "/runs/" + UUID.randomUUID() + "/cancel", "").status())
                .isEqualTo(404);

        List<JsonNode> failures = entries(admin, "?outcome=failure");
        assertThat(failures).extracting(e -> e.path("action").asString() + " " + e.path("status").asInt())
                .containsExactlyInAnyOrder("app.created 403", "revision.created 422", "run.cancelled 404");
        JsonNode denied = failures.stream().filter(e -> e.path("status").asInt() == 403).findFirst().orElseThrow();
        assertThat(denied.path("keyId").asString()).isEqualTo(viewerKey.substring(4, 20));
        assertThat(denied.path("keyName").asString()).isEqualTo("read-only");
        assertThat(denied.path("role").asString()).isEqualTo("viewer");
        assertThat(entries(admin, "?outcome=success")).allSatisfy(e -> assertThat(e.path("status").asInt()).isLessThan(400));
    }

    @Test
    void anotherTenantSeesNoneOfTheEntries() {
        submitDefinition();
        Api other = root.as(newTenantAdminKey());
        assertThat(other.postJson("/api/v1/apps/" + app + "/revisions", "{}").status()).isEqualTo(404);

        assertThat(entries(other, "")).isNotEmpty().allSatisfy(entry -> {
            assertThat(entry.path("keyId").asString()).isNotEqualTo(adminKeyId);
            assertThat(entry.path("route").asString()).doesNotContain("/tenants");
        });
        assertThat(entries(other, "?keyId=" + adminKeyId)).isEmpty();
        assertThat(entries(other, "?resourceType=app&resourceId=" + app)).isEmpty();
        assertThat(entries(admin, "?resourceType=app&resourceId=" + app)).hasSize(1);
        assertThat(entries(root, "?action=tenant.created")).isNotEmpty()
                .allSatisfy(entry -> assertThat(entry.path("keyId").asString()).isEqualTo(TestKeys.ROOT_ADMIN.substring(4, 20)));
    }

    @Test
    void filtersCombineAndPagesWalkTheWholeLogNewestFirst() {
        Instant start = Instant.now();
        for (int i = 0; i < 4; i++) {
            admin.postJson("/api/v1/apps", "{\"name\":\"more-" + i + "-" + app + "\"}");
        }
        submitDefinition();
        Instant end = Instant.now().plusSeconds(1);

        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            Api.Response page = admin.get("/api/v1/audit?limit=2&action=app.created&from=" + start + "&to=" + end
                    + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            assertThat(page.body().path("items").size()).isLessThanOrEqualTo(2);
            page.body().path("items").forEach(item -> seen.add(item.path("resourceId").asString()));
            cursor = page.body().path("nextCursor").isString() ? page.body().path("nextCursor").asString() : null;
        } while (cursor != null);
        assertThat(seen).containsExactly("more-3-" + app, "more-2-" + app, "more-1-" + app, "more-0-" + app);

        assertThat(entries(admin, "?keyId=" + adminKeyId + "&resourceType=revision")).hasSize(1);
        assertThat(entries(admin, "?to=" + start)).extracting(e -> e.path("resourceId").asString())
                .containsExactly(app);
        assertThat(entries(admin, "?from=" + end)).isEmpty();
    }

    @Test
    void badFiltersAreRefusedNamingTheParameter() {
        for (String[] bad : new String[][] {
                {"from=yesterday", "from"}, {"to=2026-13-01", "to"}, {"outcome=maybe", "outcome"},
                {"from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", "to"}, {"cursor=not-a-cursor", "cursor"},
                {"limit=0", "limit"}}) {
            Api.Response refused = admin.get("/api/v1/audit?" + bad[0]);
            assertThat(refused.status()).as(bad[0] + " " + refused).isEqualTo(400);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.body().path("parameter").asString()).as(bad[0]).isEqualTo(bad[1]);
        }
    }

    @Test
    void onlyAdminsMayReadTheLog() {
        for (String role : new String[] {"viewer", "builder", "deployer"}) {
            String key = admin.postJson("/api/v1/keys", "{\"name\":\"" + role + "\",\"role\":\"" + role + "\"}")
                    .body().path("key").asString();
            assertThat(admin.as(key).get("/api/v1/audit").status()).as(role).isEqualTo(403);
        }
        assertThat(admin.as(null).get("/api/v1/audit").status()).isEqualTo(401);
    }
}
