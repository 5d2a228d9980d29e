package dev.plinth.memory.internal;

import dev.plinth.memory.MemoryScope;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The outbox of texts waiting for an embedding. Entries are written in the same transaction as the
 * text they index and removed by whichever instance claims them ({@code SKIP LOCKED}).
 */
class EmbeddingQueue {

    /** A claimed entry: what to embed. */
    record Entry(long id, java.util.UUID tenantId, java.util.UUID appId, String userId, String kind, long refId,
            int refSeq, int attempts) {
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    EmbeddingQueue(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    void enqueueFact(MemoryScope scope, String userId, long factId) {
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.sql("""
                insert into memory.embedding_queue
                    (tenant_id, app_id, user_id, kind, ref_id, ref_seq, enqueued_at, not_before)
                values (?, ?, ?, 'fact', ?, 0, ?, ?)""")
                .params(scope.tenantId(), scope.appId(), userId, factId, now, now)
                .update();
    }

    /** Claims up to {@code limit} ready entries for this transaction; others skip them. */
    List<Entry> claim(int limit) {
        return jdbc.sql("""
                select id, tenant_id, app_id, user_id, kind, ref_id, ref_seq, attempts from memory.embedding_queue
                where not_before <= now() order by id limit ? for update skip locked""")
                .param(limit)
                .query((rs, row) -> new Entry(rs.getLong("id"), rs.getObject("tenant_id", java.util.UUID.class),
                        rs.getObject("app_id", java.util.UUID.class), rs.getString("user_id"), rs.getString("kind"),
                        rs.getLong("ref_id"), rs.getInt("ref_seq"), rs.getInt("attempts")))
                .list();
    }

    void done(List<Entry> entries) {
        batch.batchUpdate("delete from memory.embedding_queue where id = ?",
                entries.stream().map(e -> new Object[] {e.id()}).toList());
    }

    /** Puts entries back for a later attempt, backing off; gives up after ten attempts. */
    void retryLater(List<Entry> entries) {
        batch.batchUpdate("""
                update memory.embedding_queue set attempts = attempts + 1,
                    not_before = now() + make_interval(secs => least(600, power(2, attempts + 1)))
                where id = ? and attempts < 10""", entries.stream().map(e -> new Object[] {e.id()}).toList());
        batch.batchUpdate("delete from memory.embedding_queue where id = ? and attempts >= 10",
                entries.stream().map(e -> new Object[] {e.id()}).toList());
    }

    void forgetSession(long sessionRowId) {
        jdbc.sql("delete from memory.embeddings where kind = 'message' and ref_id = ?").param(sessionRowId).update();
        jdbc.sql("delete from memory.embedding_queue where kind = 'message' and ref_id = ?").param(sessionRowId)
                .update();
    }

    void forgetMessage(long sessionRowId, int seq) {
        jdbc.sql("delete from memory.embeddings where kind = 'message' and ref_id = ? and ref_seq = ?")
                .params(sessionRowId, seq).update();
    }

    long backlog() {
        return jdbc.sql("select count(*) from memory.embedding_queue").query(Long.class).single();
    }
}
