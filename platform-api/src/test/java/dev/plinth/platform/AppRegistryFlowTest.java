package dev.plinth.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.memory.Memory;
import dev.plinth.memory.MemoryScope;
import dev.plinth.memory.NewMessage;
import dev.plinth.orchestrator.StepExecutor;
import dev.plinth.platform.support.Api;
import dev.plinth.platform.support.PlinthTest;
import dev.plinth.platform.support.TestKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@PlinthTest
class AppRegistryFlowTest {

    static final String MINIMAL = """
            apiVersion: plinth.dev/v1
            kind: App
            metadata:
              name: %s
              description: says hello
            spec:
              workflows:
                - name: greet
                  steps:
                    - id: hello
                      type: transform
                      expression: '"hello"'
            """;

    @LocalServerPort
    int port;

    Api api;
    String app;

    @BeforeEach
    void anApp() {
        api = new Api(port, TestKeys.ROOT_ADMIN);
        app = "flow-" + UUID.randomUUID().toString().substring(0, 8);
        Api.Response created = api.postJson("/api/v1/apps",
                "{\"name\":\"" + app + "\",\"description\":\"test app\",\"labels\":{\"team\":\"qa\"}}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("/api/v1/apps/" + app);
    }

    @Autowired
    List<StepExecutor> executors;

    @Test
    void theExampleDefinitionFromTheDesignIsAcceptedAsRevisionOne() {
        String yaml = example().replace("name: support-assistant", "name: " + app);
        Api.Response submitted = api.call("POST", "/api/v1/apps/" + app + "/revisions").yaml(yaml).send();
        assertThat(submitted.status()).as(submitted.toString()).isEqualTo(201);
        assertThat(submitted.body().path("number").asInt()).isEqualTo(1);
        assertThat(submitted.body().path("contentHash").asString()).startsWith("sha256:");
        assertThat(submitted.body().at("/definition/spec/workflows/0/name").asString()).isEqualTo("handle-email");

        Api.Response source = api.get("/api/v1/apps/" + app + "/revisions/1/source");
        assertThat(source.text()).isEqualTo(yaml);
        assertThat(source.contentType()).startsWith("application/yaml");
    }

    @Test
    void yamlAndJsonOfTheSameDefinitionAreOneRevision() {
        Api.Response yaml = api.call("POST", "/api/v1/apps/" + app + "/revisions").yaml(MINIMAL.formatted(app)).send();
        assertThat(yaml.status()).isEqualTo(201);
        String json = yaml.body().path("definition").toString();

        Api.Response again = api.call("POST", "/api/v1/apps/" + app + "/revisions").json(json).send();
        assertThat(again.status()).as("identical definition returns the latest revision").isEqualTo(200);
        assertThat(again.body().path("number").asInt()).isEqualTo(1);
        assertThat(again.body().path("contentHash").asString()).isEqualTo(yaml.body().path("contentHash").asString());
        assertThat(api.get("/api/v1/apps/" + app).body().path("latestRevision").asInt()).isEqualTo(1);
    }

    @Test
    void aChangedDefinitionBecomesTheNextRevisionAndTheDiffSaysWhatChanged() {
        api.call("POST", "/api/v1/apps/" + app + "/revisions").yaml(MINIMAL.formatted(app)).send();
        String second = MINIMAL.formatted(app).replace("says hello", "says hello politely")
                + "        - id: bye\n          type: succeed\n";
        Api.Response submitted = api.call("POST", "/api/v1/apps/" + app + "/revisions").yaml(second).send();
        assertThat(submitted.status()).as(submitted.toString()).isEqualTo(201);
        assertThat(submitted.body().path("number").asInt()).isEqualTo(2);
        assertThat(submitted.header("Location")).isEqualTo("/api/v1/apps/" + app + "/revisions/2");

        Api.Response diff = api.get("/api/v1/apps/" + app + "/revisions/1/diff/2");
        assertThat(diff.status()).isEqualTo(200);
        List<String> changes = new ArrayList<>();
        diff.body().path("changes").forEach(c -> changes.add(c.path("op").asString() + " " + c.path("path").asString()));
        assertThat(changes).containsExactlyInAnyOrder(
                "changed /metadata/description",
                "added /spec/workflows/0/steps/1");

        Api.Response list = api.get("/api/v1/apps/" + app + "/revisions");
        assertThat(list.body().path("items").get(0).path("number").asInt()).isEqualTo(2);
        assertThat(list.body().path("items").get(1).path("number").asInt()).isEqualTo(1);
        assertThat(api.get("/api/v1/apps/" + app + "/revisions/2").body().at("/definition/metadata/description")
                .asString()).isEqualTo("says hello politely");
    }

    @Test
    void aDryRunValidatesAndStoresNothing() {
        Api.Response dry = api.call("POST", "/api/v1/apps/" + app + "/revisions?dryRun=true")
                .yaml(MINIMAL.formatted(app)).send();
        assertThat(dry.status()).as(dry.toString()).isEqualTo(200);
        assertThat(dry.body().path("dryRun").asBoolean()).isTrue();
        assertThat(dry.body().path("number").asInt()).isEqualTo(1);
        assertThat(api.get("/api/v1/apps/" + app + "/revisions").body().path("items")).isEmpty();
        assertThat(api.get("/api/v1/apps/" + app + "/revisions/1").status()).isEqualTo(404);

        Api.Response invalidDry = api.call("POST", "/api/v1/apps/" + app + "/revisions?dryRun=true")
                .yaml(MINIMAL.formatted(app).replace("type: transform", "type: teleport")).send();
        assertThat(invalidDry.status()).isEqualTo(422);
    }

    @Test
    void aDefinitionWithMistakesGetsEveryProblemAtOnceThenTheFixedOneIsStored() {
        String broken = MINIMAL.formatted("some-other-app")
                .replace("type: transform", "type: teleport")
                .replace("spec:\n", "spec:\n  connectors:\n    db: {type: sql, password: hunter2}\n");
        Api.Response refused = api.call("POST", "/api/v1/apps/" + app + "/revisions").yaml(broken).send();
        assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.body().path("type").asString()).isEqualTo("https://plinth.dev/problems/invalid-definition");
        assertThat(refused.pointers()).contains(
                "/metadata/name",
                "/spec/connectors/db/password",
                "/spec/workflows/0/steps/0/type");
        for (JsonNode error : refused.body().path("errors")) {
            assertThat(error.path("message").asString()).isNotBlank();
            assertThat(error.path("line").asInt()).as("line of " + error).isPositive();
        }
        assertThat(api.get("/api/v1/apps/" + app + "/revisions").body().path("items")).isEmpty();

        Api.Response fixed = api.call("POST", "/api/v1/apps/" + app + "/revisions").yaml(MINIMAL.formatted(app)).send();
        assertThat(fixed.status()).isEqualTo(201);
        assertThat(fixed.body().path("number").asInt()).isEqualTo(1);
    }

    @Test
    void appsAreListedWithCursorPagination() {
        String prefix = "page-" + UUID.randomUUID().toString().substring(0, 6);
        Api tenant = freshTenant();
        for (int i = 0; i < 5; i++) {
            assertThat(tenant.postJson("/api/v1/apps", "{\"name\":\"" + prefix + "-" + i + "\"}").status()).isEqualTo(201);
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Api.Response page = tenant.get("/api/v1/apps?limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).isEqualTo(200);
            page.body().path("items").forEach(item -> seen.add(item.path("name").asString()));
            cursor = page.body().path("nextCursor").isNull() ? null : page.body().path("nextCursor").asString();
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactly(prefix + "-0", prefix + "-1", prefix + "-2", prefix + "-3", prefix + "-4");
    }

    @Test
    void deletingAnAppRemovesItAndItsRevisions() {
        api.call("POST", "/api/v1/apps/" + app + "/revisions").yaml(MINIMAL.formatted(app)).send();
        assertThat(api.delete("/api/v1/apps/" + app).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/apps/" + app).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/apps/" + app + "/revisions/1").status()).isEqualTo(404);
        assertThat(api.postJson("/api/v1/apps", "{\"name\":\"" + app + "\"}").status())
                .as("the name is free again").isEqualTo(201);
    }

    @Test
    void aDeletedAppsMemoryIsGoneAtOnceEvenForReadsThatLookedItUpJustBefore() {
        String messages = "/api/v1/apps/" + app + "/memory/users/u-1/sessions/s-1/messages";
        assertThat(api.postJson(messages, "{\"role\":\"user\",\"content\":\"remember me\"}").status())
                .isEqualTo(201);
        // Reads may reuse an app lookup for a moment; these two make sure one is remembered.
        assertThat(api.get(messages).body().path("items").size()).isEqualTo(1);
        assertThat(api.get("/api/v1/apps/" + app + "/memory/users/u-1/sessions").status()).isEqualTo(200);

        assertThat(api.delete("/api/v1/apps/" + app).status()).isEqualTo(204);
        assertThat(api.get(messages).status()).as("the deleted app").isEqualTo(404);
        assertThat(api.postJson("/api/v1/apps", "{\"name\":\"" + app + "\"}").status()).isEqualTo(201);
        assertThat(api.get("/api/v1/apps/" + app + "/memory/users/u-1/sessions").body().path("items").size())
                .as("a new app of the same name starts empty").isZero();
    }

    @Autowired
    Memory memory;
    @Autowired
    JdbcClient jdbc;

    @Test
    void memoryStoredForADeletedAppByAnInstanceThatStillKnewItIsErasedBySecondPass() {
        UUID appId = jdbc.sql("select id from platform.apps where name = ?").params(app).query(UUID.class).single();
        UUID tenantId = jdbc.sql("select tenant_id from platform.apps where id = ?").params(appId).query(UUID.class)
                .single();
        assertThat(api.delete("/api/v1/apps/" + app).status()).isEqualTo(204);
        // Another instance that looked the app up a moment before the deletion stores a message for it.
        MemoryScope stale = new MemoryScope(tenantId, null, appId, app);
        memory.append(stale, "u-1", "s-1", List.of(new NewMessage("user", "stored too late", null, null, null)), null);
        assertThat(rowsOf(appId)).as("stored after the first erase").isEqualTo(2);

        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(rowsOf(appId)).as("sessions and messages of the deleted app").isZero());
    }

    private long rowsOf(UUID appId) {
        return jdbc.sql("select (select count(*) from memory.sessions where app_id = ?) "
                + "+ (select count(*) from memory.messages where app_id = ?)").params(appId, appId)
                .query(Long.class).single();
    }

    @Test
    void theSchemaIsPublishedAndIsTheOneDefinitionsAreCheckedAgainst() {
        Api.Response schema = api.as(null).get("/api/v1/schema/app-definition");
        assertThat(schema.status()).isEqualTo(200);
        assertThat(schema.contentType()).startsWith("application/schema+json");
        assertThat(schema.body().path("$schema").asString()).contains("2020-12");
        assertThat(schema.body().path("$id").asString()).isEqualTo("https://plinth.dev/schemas/app-definition/v1.json");
        assertThat(schema.body().at("/properties/spec").isMissingNode()).isFalse();
    }

    private Api freshTenant() {
        String name = "t-" + UUID.randomUUID().toString().substring(0, 8);
        return api.as(api.postJson("/api/v1/tenants", "{\"name\":\"" + name + "\"}").body().at("/adminKey/key").asString());
    }

    static String example() {
        try (InputStream in = AppRegistryFlowTest.class.getResourceAsStream("/examples/support-assistant.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
