package dev.plinth.platform.memory;

import static dev.plinth.platform.memory.MemoryTestSupport.message;
import static dev.plinth.platform.memory.MemoryTestSupport.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.platform.support.Api;
import dev.plinth.platform.support.PlinthTest;
import dev.plinth.platform.support.TestKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Full-text search reads one user's part of the index, however common the words are across the
 * installation: with 100,000 messages of 1,000 other users, one in twenty of them about an order and
 * its refund (selective enough for the planner to like that index) and 300 of the user's own, the
 * query Plinth runs for one user is explained, and every index it reads on {@code memory.messages}
 * must be entered with the user id ({@code messages_by_user}, or {@code messages_user_search} with the
 * user id and the words together): never a scan of every message that has the words, intersected
 * with the user's afterwards. The API then finds exactly that user's message.
 */
@PlinthTest
class SearchAtScaleTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aUsersSearchScansOnlyThatUsersEntriesOfCommonWords() {
        Api api = new Api(port, TestKeys.ROOT_ADMIN);
        String app = MemoryTestSupport.newApp(api, "embeddings: none");
        String alice = user(app, "alice");
        assertThat(api.postJson(alice + "/sessions/s-1/messages",
                message("user", "Where is my order? I asked for a refund last week")).status()).isEqualTo(201);
        assertThat(api.postJson(alice + "/sessions/s-1/messages",
                message("user", "The weather is nice today")).status()).isEqualTo(201);

        UUID appId = jdbc.sql("select id from platform.apps where name = ?").param(app).query(UUID.class).single();
        UUID tenantId = jdbc.sql("select tenant_id from platform.apps where id = ?").param(appId)
                .query(UUID.class).single();
        jdbc.sql("""
                insert into memory.sessions (tenant_id, app_id, user_id, session_key, created_at, updated_at, last_seq)
                select ?, ?, 'other-' || u, 'busy', now(), now(), 100 from generate_series(1, 1000) u""")
                .params(tenantId, appId).update();
        jdbc.sql("""
                insert into memory.messages (session_id, seq, tenant_id, app_id, user_id, role, content, tokens, created_at)
                select s.id, n, s.tenant_id, s.app_id, s.user_id, 'user',
                       case when n % 20 = 0 then 'my order ' || n || ' needs a refund'
                            else 'thanks, message ' || n || ' of a long conversation' end, 10, now()
                from memory.sessions s, generate_series(1, 100) n
                where s.app_id = ? and s.session_key = 'busy'""").param(appId).update();
        // Alice is a regular too: 300 more messages, none with both words.
        jdbc.sql("""
                insert into memory.messages (session_id, seq, tenant_id, app_id, user_id, role, content, tokens, created_at)
                select s.id, 2 + n, s.tenant_id, s.app_id, s.user_id, 'assistant',
                       'happy to help with question ' || n || ', anything else about your order?', 10, now()
                from memory.sessions s, generate_series(1, 300) n
                where s.app_id = ? and s.user_id = 'alice'""").param(appId).update();
        jdbc.sql("analyze memory.messages").update();

        String plan = jdbc.sql("""
                explain (format json)
                select s.session_key, m.seq, m.content, m.created_at, ts_rank_cd(m.search, q) as score
                from memory.messages m join memory.sessions s on s.id = m.session_id,
                     websearch_to_tsquery('english', 'order refund') q
                where m.app_id = ? and m.tenant_id = ? and m.user_id = 'alice' and m.redacted_at is null
                  and m.search @@ q
                order by score desc, m.created_at desc limit 30""")
                .params(appId, tenantId).query(String.class).single();
        List<JsonNode> messageScans = new ArrayList<>();
        collectMessageScans(JSON.readTree(plan).path(0).path("Plan"), messageScans);
        assertThat(messageScans).as(plan).isNotEmpty().allSatisfy(scan -> {
            assertThat(scan.path("Node Type").asString()).as(plan).isIn("Index Scan", "Bitmap Index Scan");
            assertThat(scan.path("Index Cond").asString()).as(plan).contains("user_id = 'alice'");
        });

        JsonNode found = api.get(alice + "/search?mode=fulltext&q=order%20refund").body();
        assertThat(found.path("hits").size()).isEqualTo(1);
        assertThat(found.at("/hits/0/text").asString()).contains("refund last week");

        List<String> indexOptions = jdbc.sql("select unnest(reloptions) from pg_class "
                + "where oid = 'memory.messages_user_search'::regclass").query(String.class).list();
        assertThat(indexOptions).as("appends put their words into the index itself, never into a pending list "
                + "that one unlucky append must move into it").contains("fastupdate=off");
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The plan's nodes that read memory.messages or one of its indexes. */
    private static void collectMessageScans(JsonNode node, List<JsonNode> scans) {
        String relation = node.path("Relation Name").asString("");
        String index = node.path("Index Name").asString("");
        if (relation.equals("messages") && !node.path("Node Type").asString().equals("Bitmap Heap Scan")
                || index.startsWith("messages_")) {
            scans.add(node);
        }
        node.path("Plans").forEach(child -> collectMessageScans(child, scans));
    }
}
