package dev.plinth.platform.memory;

import static dev.plinth.platform.memory.MemoryTestSupport.message;
import static dev.plinth.platform.memory.MemoryTestSupport.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.memory.Appended;
import dev.plinth.memory.Memory;
import dev.plinth.memory.MemoryScope;
import dev.plinth.memory.NewMessage;
import dev.plinth.platform.support.Api;
import dev.plinth.platform.support.PlinthTest;
import dev.plinth.platform.support.TestKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@PlinthTest
class SessionsAndMessagesTest {

    @LocalServerPort
    int port;

    @Autowired
    Memory memory;

    Api api;
    String app;
    String base;

    @BeforeEach
    void anApp() {
        api = new Api(port, TestKeys.ROOT_ADMIN);
        app = MemoryTestSupport.newApp(api, null);
        base = user(app, "alice@example.com") + "/sessions";
    }

    @Test
    void theFirstMessageCreatesTheSessionAndMessagesAreReadBackInOrder() {
        Api.Response first = api.postJson(base + "/thread-1/messages", message("user", "Where is my order?"));
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        assertThat(first.body().at("/messages/0/seq").asInt()).isEqualTo(1);
        assertThat(first.body().at("/messages/0/tokens").asInt()).isEqualTo(5);

        Api.Response batch = api.postJson(base + "/thread-1/messages", "{\"messages\":["
                + message("assistant", "Let me check.") + ","
                + "{\"role\":\"tool\",\"name\":\"orders\",\"content\":\"shipped\",\"metadata\":{\"id\":7},\"tokens\":3}"
                + "]}");
        assertThat(batch.status()).isEqualTo(201);
        assertThat(batch.body().at("/messages/1/seq").asInt()).isEqualTo(3);
        assertThat(batch.body().at("/session/messageCount").asInt()).isEqualTo(3);

        JsonNode page = api.get(base + "/thread-1/messages").body();
        assertThat(page.path("items").size()).isEqualTo(3);
        assertThat(page.at("/items/2/name").asString()).isEqualTo("orders");
        assertThat(page.at("/items/2/metadata/id").asInt()).isEqualTo(7);
        assertThat(page.at("/items/2/tokens").asInt()).isEqualTo(3);
    }

    @Test
    void messagesPageBothWays() {
        for (int i = 1; i <= 5; i++) {
            api.postJson(base + "/paged/messages", message("user", "message " + i));
        }
        JsonNode forward = api.get(base + "/paged/messages?limit=2").body();
        assertThat(seqs(forward)).containsExactly(1, 2);
        assertThat(forward.path("nextAfter").asInt()).isEqualTo(2);
        assertThat(forward.path("previousBefore").isNull()).isTrue();

        JsonNode next = api.get(base + "/paged/messages?limit=2&after=2").body();
        assertThat(seqs(next)).containsExactly(3, 4);

        JsonNode latest = api.get(base + "/paged/messages?limit=2&before=999").body();
        assertThat(seqs(latest)).containsExactly(4, 5);
        assertThat(latest.path("previousBefore").asInt()).isEqualTo(4);
        JsonNode earlier = api.get(base + "/paged/messages?limit=2&before=4").body();
        assertThat(seqs(earlier)).containsExactly(2, 3);
    }

    @Test
    void concurrentAppendersGetEverySequenceNumberExactlyOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Integer>> results = new ArrayList<>();
        for (int writer = 0; writer < 8; writer++) {
            int w = writer;
            results.add(pool.submit(() -> {
                int ok = 0;
                for (int i = 0; i < 25; i++) {
                    if (api.postJson(base + "/busy/messages", message("user", "w" + w + " m" + i)).status() == 201) {
                        ok++;
                    }
                }
                return ok;
            }));
        }
        int appended = 0;
        for (Future<Integer> result : results) {
            appended += result.get(2, TimeUnit.MINUTES);
        }
        pool.shutdown();
        assertThat(appended).isEqualTo(200);

        List<Integer> seqs = new ArrayList<>();
        Integer after = 0;
        while (after != null) {
            JsonNode page = api.get(base + "/busy/messages?limit=200&after=" + after).body();
            seqs.addAll(seqs(page));
            after = page.path("nextAfter").isNull() ? null : page.path("nextAfter").asInt();
        }
        assertThat(seqs).hasSize(200).doesNotHaveDuplicates();
        assertThat(seqs.get(0)).isEqualTo(1);
        assertThat(seqs.get(199)).isEqualTo(200);
    }

    @Test
    void anIdempotentAppendThroughTheJavaApiStoresOnce() {
        JsonNode me = api.get("/api/v1/me").body();
        String appId = api.get("/api/v1/apps/" + app).body().path("name").asString();
        assertThat(appId).isEqualTo(app);
        MemoryScope scope = scopeOf(me);
        List<NewMessage> batch = List.of(new NewMessage("user", "pay invoice 42", null, null, null));
        Appended first = memory.append(scope, "bob", "s1", batch, "run-1:step-3");
        Appended again = memory.append(scope, "bob", "s1", batch, "run-1:step-3");
        assertThat(first.replayed()).isFalse();
        assertThat(again.replayed()).isTrue();
        assertThat(again.messages()).extracting(m -> m.seq()).containsExactly(1);
        assertThat(memory.session(scope, "bob", "s1").messageCount()).isEqualTo(1);

        Api.Response viaHttp = api.call("POST", user(app, "bob") + "/sessions/s1/messages")
                .header("Idempotency-Key", "client-retry-1").json(message("user", "again")).send();
        Api.Response retried = api.call("POST", user(app, "bob") + "/sessions/s1/messages")
                .header("Idempotency-Key", "client-retry-1").json(message("user", "again")).send();
        assertThat(retried.text()).isEqualTo(viaHttp.text());
        assertThat(memory.session(scope, "bob", "s1").messageCount()).isEqualTo(2);
    }

    @Test
    void sessionsAreListedNewestFirstUpdatedWithIfMatchAndDeleted() {
        for (String id : List.of("s-a", "s-b", "s-c")) {
            assertThat(api.postJson(base, "{\"id\":\"" + id + "\",\"metadata\":{\"channel\":\"email\"}}").status())
                    .isEqualTo(201);
        }
        assertThat(api.postJson(base, "{\"id\":\"s-a\"}").status()).isEqualTo(409);
        JsonNode first = api.get(base + "?limit=2").body();
        assertThat(first.at("/items/0/id").asString()).isEqualTo("s-c");
        assertThat(first.at("/items/1/id").asString()).isEqualTo("s-b");
        JsonNode second = api.get(base + "?limit=2&cursor=" + first.path("nextCursor").asString()).body();
        assertThat(second.at("/items/0/id").asString()).isEqualTo("s-a");
        assertThat(second.path("nextCursor").isNull()).isTrue();

        String etag = api.get(base + "/s-a").header("ETag");
        Api.Response updated = api.call("PATCH", base + "/s-a").header("If-Match", etag)
                .json("{\"summary\":\"Alice asked about order 42.\"}").send();
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.body().path("summary").asString()).isEqualTo("Alice asked about order 42.");
        assertThat(updated.body().at("/metadata/channel").asString()).isEqualTo("email");
        Api.Response stale = api.call("PATCH", base + "/s-a").header("If-Match", etag).json("{\"summary\":\"x\"}").send();
        assertThat(stale.status()).isEqualTo(412);

        assertThat(api.delete(base + "/s-a").status()).isEqualTo(204);
        assertThat(api.get(base + "/s-a").status()).isEqualTo(404);
    }

    @Test
    void aMessageCanBeRedactedOrDeleted() {
        api.postJson(base + "/r/messages", "{\"messages\":[" + message("user", "my card is 4111 1111") + ","
                + message("user", "thanks") + "]}");
        Api.Response redacted = api.postJson(base + "/r/messages/1/redact", "");
        assertThat(redacted.status()).as(redacted.toString()).isEqualTo(200);
        assertThat(redacted.body().path("content").asString()).isEqualTo("[redacted]");
        assertThat(redacted.body().path("redacted").asBoolean()).isTrue();
        assertThat(api.get(base + "/r/messages").text()).doesNotContain("4111");

        assertThat(api.delete(base + "/r/messages/2").status()).isEqualTo(204);
        assertThat(seqs(api.get(base + "/r/messages").body())).containsExactly(1);
        assertThat(api.delete(base + "/r/messages/2").status()).isEqualTo(404);
    }

    private MemoryScope scopeOf(JsonNode me) {
        return new MemoryScope(java.util.UUID.fromString(me.at("/tenant/id").asString()), "default",
                appIdOf(app), app);
    }

    @Autowired
    dev.plinth.platform.registry.AppDirectory directory;

    private java.util.UUID appIdOf(String name) {
        JsonNode me = api.get("/api/v1/me").body();
        return directory.require(java.util.UUID.fromString(me.at("/tenant/id").asString()), name).id();
    }

    private static List<Integer> seqs(JsonNode page) {
        List<Integer> seqs = new ArrayList<>();
        page.path("items").forEach(item -> seqs.add(item.path("seq").asInt()));
        return seqs;
    }

    @Test
    void theAppsUsersAreListedByIdWithACursor() {
        for (String user : List.of("carol", "bob", "dave")) {
            assertThat(api.postJson(user(app, user) + "/sessions", "{}").status()).isEqualTo(201);
        }
        assertThat(api.postJson(user(app, "erin") + "/facts", "{\"key\":\"tz\",\"text\":\"Erin lives in Oslo\"}")
                .status()).isEqualTo(201);
        assertThat(api.postJson("/api/v1/apps/" + app + "/memory/facts", "{\"key\":\"tone\",\"text\":\"formal\"}")
                .status()).isEqualTo(201);

        JsonNode first = api.get("/api/v1/apps/" + app + "/memory/users?limit=3").body();
        assertThat(first.path("items").valueStream().map(JsonNode::asString).toList())
                .containsExactly("bob", "carol", "dave");
        JsonNode second = api.get("/api/v1/apps/" + app + "/memory/users?limit=3&cursor="
                + first.path("nextCursor").asString()).body();
        assertThat(second.path("items").valueStream().map(JsonNode::asString).toList()).containsExactly("erin");
        assertThat(second.path("nextCursor").isNull()).isTrue();
        assertThat(api.get("/api/v1/apps/" + app + "/memory/users?cursor=!!!").pointers()).containsExactly("/cursor");
    }
}
