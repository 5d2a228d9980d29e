package dev.plinth.memory.internal;

import dev.plinth.memory.MemoryException;
import dev.plinth.memory.MemoryScope;
import dev.plinth.memory.Session;
import dev.plinth.memory.Slice;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Sessions and the users they belong to. */
class SessionStore {

    private static final String COLUMNS =
            "id, user_id, session_key, metadata::text as metadata, summary, last_seq, version, created_at, updated_at";

    /**
     * Reserves the next {@code last_seq} sequence numbers of a session, creating it on first use;
     * parameters tenant id, app id, user id, session key, count, created, updated. Returns the
     * session's {@link #COLUMNS} and {@code created}; no row when the key belongs to another tenant.
     */
    static final String CLAIM = """
            insert into memory.sessions (tenant_id, app_id, user_id, session_key, last_seq, created_at, updated_at)
            values (?, ?, ?, ?, ?, ?, ?)
            on conflict (app_id, user_id, session_key)
            do update set last_seq = sessions.last_seq + excluded.last_seq, updated_at = excluded.updated_at
            where sessions.tenant_id = excluded.tenant_id
            returning (xmax = 0) as created, """ + COLUMNS;

    /** A session row as the other stores need it: its internal id and last sequence number. */
    record Claimed(long id, int lastSeq, boolean created, Session session) {
    }

    private final JdbcClient jdbc;
    private final JsonCodec json;

    SessionStore(JdbcClient jdbc, JsonCodec json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    Session create(MemoryScope scope, String userId, String sessionId, JsonNode metadata) {
        String key = sessionId == null ? UUID.randomUUID().toString() : Checks.sessionId(sessionId);
        Timestamp now = Timestamp.from(Instant.now());
        int inserted = jdbc.sql("""
                insert into memory.sessions (tenant_id, app_id, user_id, session_key, metadata, created_at, updated_at)
                values (?, ?, ?, ?, ?::jsonb, ?, ?) on conflict do nothing""")
                .params(scope.tenantId(), scope.appId(), userId, key,
                        json.write(JsonCodec.metadata(metadata, "/metadata")), now, now)
                .update();
        if (inserted == 0) {
            throw new MemoryException(MemoryException.Kind.CONFLICT, "Session '" + key + "' already exists",
                    "/id", "choose another id, or append to the existing session");
        }
        touchUser(scope, userId);
        return get(scope, userId, key);
    }

    /**
     * The session for an append of {@code count} messages, created on first use; reserves the next
     * {@code count} sequence numbers under the row lock, so concurrent appenders never collide.
     */
    Claimed claim(MemoryScope scope, String userId, String sessionId, int count) {
        Timestamp now = Timestamp.from(Instant.now());
        Claimed claimed = jdbc.sql(CLAIM)
                .params(scope.tenantId(), scope.appId(), userId, sessionId, count, now, now)
                .query((rs, row) -> new Claimed(rs.getLong("id"), rs.getInt("last_seq"), rs.getBoolean("created"),
                        session(rs, row)))
                .optional()
                .orElseThrow(() -> MemoryException.notFound("Session '" + sessionId + "'"));
        if (claimed.created()) {
            touchUser(scope, userId);
        }
        return claimed;
    }

    long idOf(MemoryScope scope, String userId, String sessionId) {
        return jdbc.sql("select id from memory.sessions where tenant_id = ? and app_id = ? and user_id = ? "
                        + "and session_key = ?")
                .params(scope.tenantId(), scope.appId(), userId, sessionId)
                .query(Long.class)
                .optional()
                .orElseThrow(() -> MemoryException.notFound("Session '" + sessionId + "'"));
    }

    /** A session with its internal row id, in one query. */
    record Located(Session session, long id) {
    }

    /** The condition that finds a session by its key; parameters tenant id, app id, user id, session key. */
    static final String KEY_MATCH = "tenant_id = ? and app_id = ? and user_id = ? and session_key = ?";

    /** Selects a session by its key; parameters those of {@link #KEY_MATCH}. */
    static final String BY_KEY = "select " + COLUMNS + ", id as internal_id from memory.sessions where " + KEY_MATCH;

    /** Binds {@link #KEY_MATCH}'s parameters from {@code index} on; returns the next index. */
    static int bindKey(PreparedStatement statement, int index, MemoryScope scope, String userId,
            String sessionId) throws SQLException {
        statement.setObject(index, scope.tenantId());
        statement.setObject(index + 1, scope.appId());
        statement.setString(index + 2, userId);
        statement.setString(index + 3, sessionId);
        return index + 4;
    }

    /** A row of {@link #BY_KEY}. */
    Located located(ResultSet rs) throws SQLException {
        return new Located(session(rs, 0), rs.getLong("internal_id"));
    }

    Located locate(MemoryScope scope, String userId, String sessionId) {
        return jdbc.sql(BY_KEY)
                .params(scope.tenantId(), scope.appId(), userId, sessionId)
                .query((rs, row) -> located(rs))
                .optional()
                .orElseThrow(() -> MemoryException.notFound("Session '" + sessionId + "'"));
    }

    Session get(MemoryScope scope, String userId, String sessionId) {
        return jdbc.sql("select " + COLUMNS + " from memory.sessions where tenant_id = ? and app_id = ? "
                        + "and user_id = ? and session_key = ?")
                .params(scope.tenantId(), scope.appId(), userId, sessionId)
                .query(this::session)
                .optional()
                .orElseThrow(() -> MemoryException.notFound("Session '" + sessionId + "'"));
    }

    Slice<Session> list(MemoryScope scope, String userId, String cursor, int limit) {
        Instant before = Instant.parse("9999-12-31T00:00:00Z");
        long beforeId = Long.MAX_VALUE;
        if (cursor != null && !cursor.isBlank()) {
            String[] parts = decode(cursor);
            before = Instant.parse(parts[0]);
            beforeId = Long.parseLong(parts[1]);
        }
        List<SessionWithId> rows = jdbc.sql("select " + COLUMNS + ", id as internal_id from memory.sessions "
                        + "where tenant_id = ? and app_id = ? and user_id = ? and (created_at, id) < (?, ?) "
                        + "order by created_at desc, id desc limit ?")
                .params(scope.tenantId(), scope.appId(), userId, Timestamp.from(before), beforeId, limit + 1)
                .query(this::sessionWithId)
                .list();
        List<Session> page = rows.stream().limit(limit).map(SessionWithId::session).toList();
        if (rows.size() <= limit) {
            return new Slice<>(page, null);
        }
        SessionWithId last = rows.get(limit - 1);
        return new Slice<>(page, encode(last.session().createdAt() + "|" + last.id()));
    }

    /** Users with a session or a user-scoped fact; keyset-paginated by user id. */
    Slice<String> users(MemoryScope scope, String cursor, int limit) {
        String after = "";
        if (cursor != null && !cursor.isBlank()) {
            try {
                after = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException malformed) {
                throw MemoryException.invalid("/cursor", "not a cursor this API returned", "start again without it");
            }
        }
        // App-wide facts are stored under the empty user id, which "> ''" leaves out.
        List<String> rows = jdbc.sql("""
                select user_id from (
                    select user_id from memory.sessions where tenant_id = ? and app_id = ? and user_id > ?
                    union
                    select user_id from memory.facts where tenant_id = ? and app_id = ? and user_id > ?
                ) users order by user_id limit ?""")
                .params(scope.tenantId(), scope.appId(), after, scope.tenantId(), scope.appId(), after, limit + 1)
                .query(String.class).list();
        List<String> page = rows.stream().limit(limit).toList();
        return new Slice<>(page, rows.size() > limit ? encode(page.get(limit - 1)) : null);
    }

    Session update(MemoryScope scope, String userId, String sessionId, Long expectedVersion, JsonNode metadata,
            String summary) {
        String metadataJson = metadata == null ? null : json.write(JsonCodec.metadata(metadata, "/metadata"));
        Checks.storable(summary, "/summary");
        int updated = jdbc.sql("""
                update memory.sessions
                set metadata = coalesce(?::jsonb, metadata), summary = coalesce(?, summary),
                    version = version + 1, updated_at = ?
                where tenant_id = ? and app_id = ? and user_id = ? and session_key = ?
                  and (?::bigint is null or version = ?::bigint)""")
                .params(metadataJson, summary, Timestamp.from(Instant.now()), scope.tenantId(), scope.appId(), userId,
                        sessionId, expectedVersion, expectedVersion)
                .update();
        if (updated == 0) {
            Session current = get(scope, userId, sessionId);
            throw new MemoryException(MemoryException.Kind.PRECONDITION_FAILED,
                    "The session changed since you read it (now version " + current.version() + ")", null,
                    "read it again and retry with its new ETag");
        }
        return get(scope, userId, sessionId);
    }

    /** Deletes the session and its messages; returns the internal id it had. */
    long delete(MemoryScope scope, String userId, String sessionId) {
        long id = idOf(scope, userId, sessionId);
        jdbc.sql("delete from memory.sessions where id = ?").param(id).update();
        return id;
    }

    void touchUser(MemoryScope scope, String userId) {
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.sql("""
                insert into memory.users (tenant_id, app_id, user_id, first_seen, last_seen) values (?, ?, ?, ?, ?)
                on conflict (app_id, user_id) do update set last_seen = excluded.last_seen""")
                .params(scope.tenantId(), scope.appId(), userId, now, now)
                .update();
    }

    private record SessionWithId(Session session, long id) {
    }

    private SessionWithId sessionWithId(ResultSet rs, int row) throws SQLException {
        return new SessionWithId(session(rs, row), rs.getLong("internal_id"));
    }

    Session session(ResultSet rs, int row) throws SQLException {
        return new Session(rs.getString("session_key"), rs.getString("user_id"), json.read(rs.getString("metadata")),
                rs.getString("summary"), rs.getInt("last_seq"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(), rs.getLong("version"));
    }

    private static String encode(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String[] decode(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
            Instant.parse(parts[0]);
            Long.parseLong(parts[1]);
            return parts;
        } catch (RuntimeException malformed) {
            throw MemoryException.invalid("/cursor", "not a cursor this API returned", "start again without it");
        }
    }
}
