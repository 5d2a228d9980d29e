package dev.plinth.memory.internal;

import dev.plinth.memory.Message;
import dev.plinth.memory.MemoryException;
import dev.plinth.memory.MessagePage;
import dev.plinth.memory.TokenEstimate;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Messages of sessions: paging both ways, redaction and deletion (appends are {@link Appender}'s). */
class MessageStore {

    static final String REDACTED = "[redacted]";
    private static final String COLUMNS = "seq, role, name, content, metadata::text as metadata, tokens, created_at, "
            + "redacted_at";

    /** A message validated and ready to store, with its token count settled. */
    record Prepared(String role, String content, String name, String metadata, int tokens) {
    }

    private final JdbcClient jdbc;
    private final JsonCodec json;

    MessageStore(JdbcClient jdbc, JsonCodec json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** The messages as stored at sequence numbers {@code firstSeq}, {@code firstSeq + 1}, … at {@code now}. */
    List<Message> stored(String sessionId, int firstSeq, List<Prepared> messages, Instant now) {
        List<Message> stored = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            Prepared message = messages.get(i);
            stored.add(new Message(sessionId, firstSeq + i, message.role(), message.name(), message.content(),
                    json.read(message.metadata()), message.tokens(), now, false));
        }
        return stored;
    }

    List<Message> range(String sessionId, long sessionRowId, int firstSeq, int count) {
        return jdbc.sql("select " + COLUMNS + " from memory.messages where session_id = ? and seq between ? and ? "
                        + "order by seq")
                .params(sessionRowId, firstSeq, firstSeq + count - 1)
                .query((rs, row) -> message(sessionId, rs))
                .list();
    }

    MessagePage page(String sessionId, long sessionRowId, Integer after, Integer before, int limit) {
        if (after != null && before != null) {
            throw MemoryException.invalid("/before", "give either after or before, not both", null);
        }
        List<Message> rows;
        boolean more;
        if (before != null) {
            rows = new ArrayList<>(jdbc.sql("select " + COLUMNS + " from memory.messages where session_id = ? "
                            + "and seq < ? order by seq desc limit ?")
                    .params(sessionRowId, before, limit + 1)
                    .query((rs, row) -> message(sessionId, rs))
                    .list());
            more = rows.size() > limit;
            rows = new ArrayList<>(rows.subList(0, Math.min(limit, rows.size())));
            Collections.reverse(rows);
            Integer previous = more && !rows.isEmpty() ? rows.get(0).seq() : null;
            Integer next = !rows.isEmpty() && exists(sessionRowId, "seq > ?", rows.get(rows.size() - 1).seq())
                    ? rows.get(rows.size() - 1).seq() : null;
            return new MessagePage(rows, next, previous);
        }
        int from = after == null ? 0 : after;
        rows = jdbc.sql("select " + COLUMNS + " from memory.messages where session_id = ? and seq > ? "
                        + "order by seq limit ?")
                .params(sessionRowId, from, limit + 1)
                .query((rs, row) -> message(sessionId, rs))
                .list();
        more = rows.size() > limit;
        rows = rows.subList(0, Math.min(limit, rows.size()));
        Integer next = more ? rows.get(rows.size() - 1).seq() : null;
        Integer previous = !rows.isEmpty() && exists(sessionRowId, "seq < ?", rows.get(0).seq()) ? rows.get(0).seq()
                : null;
        return new MessagePage(List.copyOf(rows), next, previous);
    }

    /**
     * The newest messages of a session found by its key; parameters those of
     * {@link SessionStore#KEY_MATCH}, then the limit.
     */
    static final String NEWEST_BY_SESSION_KEY = "select " + COLUMNS + " from memory.messages where session_id = "
            + "(select id from memory.sessions where " + SessionStore.KEY_MATCH + ") order by seq desc limit ?";

    /** Messages before {@code beforeSeq}, newest first, at most {@code limit}. */
    List<Message> newestBefore(String sessionId, long sessionRowId, int beforeSeq, int limit) {
        return jdbc.sql("select " + COLUMNS + " from memory.messages where session_id = ? and seq < ? "
                        + "order by seq desc limit ?")
                .params(sessionRowId, beforeSeq, limit)
                .query((rs, row) -> message(sessionId, rs))
                .list();
    }

    Message redact(String sessionId, long sessionRowId, int seq) {
        return jdbc.sql("""
                update memory.messages set content = ?, name = null, metadata = '{}'::jsonb, tokens = ?,
                       redacted_at = coalesce(redacted_at, now())
                where session_id = ? and seq = ?
                """ + " returning " + COLUMNS)
                .params(REDACTED, TokenEstimate.of(REDACTED), sessionRowId, seq)
                .query((rs, row) -> message(sessionId, rs))
                .optional()
                .orElseThrow(() -> MemoryException.notFound("Message " + seq + " of session '" + sessionId + "'"));
    }

    void delete(String sessionId, long sessionRowId, int seq) {
        int deleted = jdbc.sql("delete from memory.messages where session_id = ? and seq = ?")
                .params(sessionRowId, seq).update();
        if (deleted == 0) {
            throw MemoryException.notFound("Message " + seq + " of session '" + sessionId + "'");
        }
    }

    private boolean exists(long sessionRowId, String condition, int seq) {
        return jdbc.sql("select exists (select 1 from memory.messages where session_id = ? and " + condition + ")")
                .params(sessionRowId, seq).query(Boolean.class).single();
    }

    Message message(String sessionId, ResultSet rs) throws SQLException {
        JsonNode metadata = json.read(rs.getString("metadata"));
        return new Message(sessionId, rs.getInt("seq"), rs.getString("role"), rs.getString("name"),
                rs.getString("content"), metadata, rs.getInt("tokens"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("redacted_at") != null);
    }
}
