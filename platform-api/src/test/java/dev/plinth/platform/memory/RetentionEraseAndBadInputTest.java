package dev.plinth.platform.memory;

import static dev.plinth.platform.memory.MemoryTestSupport.message;
import static dev.plinth.platform.memory.MemoryTestSupport.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plinth.platform.support.Api;
import dev.plinth.platform.support.PlinthTest;
import dev.plinth.platform.support.TestKeys;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@PlinthTest
class RetentionEraseAndBadInputTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    Api api;

    @BeforeEach
    void client() {
        api = new Api(port, TestKeys.ROOT_ADMIN);
    }

    @Test
    void messagesOlderThanTheAppsRetentionArePurgedInTheBackground() {
        String app = MemoryTestSupport.newApp(api, "retention: {messages: PT2S}\nembeddings: none");
        String base = user(app, "dora") + "/sessions/old/messages";
        assertThat(api.postJson(base, "{\"messages\":[" + message("user", "one") + "," + message("user", "two")
                + "]}").status()).isEqualTo(201);
        String keeper = MemoryTestSupport.newApp(api, null);
        api.postJson(user(keeper, "dora") + "/sessions/kept/messages", message("user", "kept forever"));

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(api.get(base).body().path("items")).isEmpty());
        assertThat(api.get(user(keeper, "dora") + "/sessions/kept/messages").body().path("items").size()).isEqualTo(1);
        assertThat(api.get("/actuator/prometheus").text()).contains("plinth_memory_purged_total{");
    }

    @Test
    void erasingAUserDeletesEverythingAndLeavesOnlyACountingReceipt() {
        String app = MemoryTestSupport.newApp(api, null);
        String carol = user(app, "carol");
        api.postJson(carol + "/sessions/a/messages", "{\"messages\":[" + message("user", "secret plans") + ","
                + message("assistant", "noted") + "]}");
        api.postJson(carol + "/sessions/b/messages", message("user", "more"));
        api.postJson(carol + "/facts", "{\"key\":\"plan\",\"text\":\"take over the world\"}");
        api.postJson(carol + "/facts", "{\"key\":\"plan\",\"text\":\"take a nap\"}");
        api.postJson(user(app, "dave") + "/sessions/d/messages", message("user", "dave stays"));

        Api.Response receipt = api.delete(carol);
        assertThat(receipt.status()).as(receipt.toString()).isEqualTo(200);
        JsonNode counts = receipt.body();
        assertThat(counts.path("sessions").asLong()).isEqualTo(2);
        assertThat(counts.path("messages").asLong()).isEqualTo(3);
        assertThat(counts.path("facts").asLong()).isEqualTo(2);
        assertThat(counts.path("receiptId").asString()).isNotBlank();

        assertThat(api.get(carol + "/sessions").body().path("items")).isEmpty();
        assertThat(api.get(carol + "/facts").body().path("items")).isEmpty();
        assertThat(api.get(carol + "/search?q=secret&mode=fulltext").body().path("hits")).isEmpty();
        assertThat(api.get(user(app, "dave") + "/sessions/d/messages").body().path("items").size()).isEqualTo(1);
        assertThat(api.delete(carol).status()).as("nothing left to erase").isEqualTo(404);

        Map<String, Object> audit = jdbc.sql("select * from memory.erasures where id = ?::uuid")
                .param(counts.path("receiptId").asString()).query().singleRow();
        assertThat(audit.get("messages")).isEqualTo(3L);
        assertThat(audit.get("user_hash").toString()).hasSize(64).doesNotContain("carol");
        assertThat(audit.get("erased_by").toString()).startsWith("key:");
    }

    @Test
    void badMessagesAreRefusedWithTheFieldAtFaultAndNothingIsStored() {
        String app = MemoryTestSupport.newApp(api, null);
        String base = user(app, "erin") + "/sessions/s/messages";

        Api.Response role = api.postJson(base, "{\"role\":\"robot\",\"content\":\"hi\"}");
        assertThat(role.status()).isEqualTo(422);
        assertThat(role.pointers()).containsExactly("/role");

        Api.Response empty = api.postJson(base, "{\"messages\":[" + message("user", "fine") + ","
                + "{\"role\":\"user\",\"content\":\"  \"}]}");
        assertThat(empty.status()).isEqualTo(422);
        assertThat(empty.pointers()).containsExactly("/messages/1/content");

        Api.Response metadata = api.postJson(base, "{\"role\":\"user\",\"content\":\"x\",\"metadata\":[1]}");
        assertThat(metadata.status()).isEqualTo(422);
        assertThat(metadata.pointers()).containsExactly("/metadata");

        Api.Response types = api.postJson(base, "{\"role\":1,\"content\":\"x\",\"tokens\":\"many\",\"colour\":\"red\"}");
        assertThat(types.status()).isEqualTo(422);
        assertThat(types.pointers()).containsExactlyInAnyOrder("/role", "/tokens", "/colour");

        Api.Response huge = api.postJson(base, message("user", "x".repeat(20_000)));
        assertThat(huge.status()).isEqualTo(413);
        assertThat(huge.body().path("type").asString()).isEqualTo("https://plinth.dev/problems/payload-too-large");
        assertThat(huge.pointers()).containsExactly("/content");

        // JSON allows the NUL character, PostgreSQL's text and jsonb do not: refused with its field, not a 500.
        Api.Response nul = api.postJson(base, "{\"role\":\"user\",\"content\":\"a\\u0000b\"}");
        assertThat(nul.status()).isEqualTo(422);
        assertThat(nul.pointers()).containsExactly("/content");
        Api.Response nulMetadata = api.postJson(base,
                "{\"role\":\"user\",\"content\":\"x\",\"metadata\":{\"tags\":[\"ok\",\"\\u0000\"]}}");
        assertThat(nulMetadata.status()).isEqualTo(422);
        assertThat(nulMetadata.pointers()).containsExactly("/metadata/tags/1");

        assertThat(api.get(user(app, "erin") + "/sessions/s").status()).as("no half-written session").isEqualTo(404);
        assertThat(api.postJson(user("no-such-app", "erin") + "/sessions/s/messages", message("user", "x")).status())
                .isEqualTo(404);
        Api.Response badFact = api.postJson(user(app, "erin") + "/facts", "{\"category\":\"empty\"}");
        assertThat(badFact.status()).isEqualTo(422);
        assertThat(badFact.pointers()).containsExactly("/text");
        Api.Response nulFact = api.postJson(user(app, "erin") + "/facts", "{\"text\":\"likes \\u0000\"}");
        assertThat(nulFact.status()).isEqualTo(422);
        assertThat(nulFact.pointers()).containsExactly("/text");
    }

    @Test
    void anotherTenantSeesNoMemoryAndAViewerCannotWrite() {
        String app = MemoryTestSupport.newApp(api, null);
        api.postJson(user(app, "frank") + "/sessions/s/messages", message("user", "private"));
        String tenant = "mt-" + UUID.randomUUID().toString().substring(0, 8);
        Api other = api.as(api.postJson("/api/v1/tenants", "{\"name\":\"" + tenant + "\"}").body()
                .at("/adminKey/key").asString());
        assertThat(other.get(user(app, "frank") + "/sessions/s/messages").status()).isEqualTo(404);
        assertThat(other.postJson(user(app, "frank") + "/sessions/s/messages", message("user", "x")).status())
                .isEqualTo(404);
        assertThat(other.delete(user(app, "frank")).status()).isEqualTo(404);
        // The other tenant's app of the same name is a different memory.
        assertThat(other.postJson("/api/v1/apps", "{\"name\":\"" + app + "\"}").status()).isEqualTo(201);
        assertThat(other.get(user(app, "frank") + "/sessions/s/messages").status()).isEqualTo(404);

        String viewer = api.postJson("/api/v1/keys", "{\"name\":\"v\",\"role\":\"viewer\"}").body().path("key")
                .asString();
        Api readOnly = api.as(viewer);
        assertThat(readOnly.get(user(app, "frank") + "/sessions/s/messages").status()).isEqualTo(200);
        assertThat(readOnly.postJson(user(app, "frank") + "/sessions/s/messages", message("user", "x")).status())
                .isEqualTo(403);
        assertThat(readOnly.delete(user(app, "frank")).status()).isEqualTo(403);
        assertThat(readOnly.get(user(app, "frank") + "/sessions/s/context?maxTokens=100").status()).isEqualTo(200);
    }

    @Test
    void memoryMetricsAreExposedWithBoundedTags() {
        String app = MemoryTestSupport.newApp(api, null);
        api.postJson(user(app, "gina") + "/sessions/s/messages", message("user", "hello"));
        api.get(user(app, "gina") + "/sessions/s/context?maxTokens=100");
        String metrics = api.get("/actuator/prometheus").text();
        assertThat(metrics).contains("plinth_memory_operation_seconds_count{")
                .contains("operation=\"message.append\"")
                .contains("operation=\"context\"")
                .contains("plinth_memory_operation_seconds_bucket{")
                .contains("le=\"0.01\"")
                .contains("plinth_memory_embedding_backlog")
                .contains("plinth_memory_rows{")
                .doesNotContain("gina");
    }
}
