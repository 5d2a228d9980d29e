package dev.plinth.memory.internal;

import dev.plinth.memory.Fact;
import dev.plinth.memory.MemoryException;
import dev.plinth.memory.MemoryScope;
import dev.plinth.memory.NewFact;
import dev.plinth.memory.Slice;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Long-term facts with full history: a keyed fact is superseded, never overwritten, so what was
 * believed at any time stays answerable. App-wide facts are stored with the user id ''.
 */
class FactStore {

    static final String APP_WIDE = "";
    private static final Pattern KEY = Pattern.compile("[^\\p{Cntrl}]{1,256}");
    private static final Set<String> SOURCES = Set.of("message", "run", "api");
    private static final String COLUMNS = "id, user_id, fact_key, text, value::text as value, category, source_kind, "
            + "source_ref, valid_from, invalid_at, expires_at, superseded_by";

    private final JdbcClient jdbc;
    private final JsonCodec json;
    private final long maxTextBytes;

    FactStore(JdbcClient jdbc, JsonCodec json, long maxTextBytes) {
        this.jdbc = jdbc;
        this.json = json;
        this.maxTextBytes = maxTextBytes;
    }

    Fact remember(MemoryScope scope, String userId, NewFact fact, Long expectedCurrentId) {
        validate(fact);
        Instant now = Instant.now();
        Long current = null;
        if (fact.key() != null) {
            // Serialises writers of one key across instances; the partial unique index is the backstop.
            jdbc.sql("select pg_advisory_xact_lock(hashtextextended(?, 0))")
                    .param(scope.appId() + "/" + userId + "/" + fact.key()).query().singleValue();
            current = jdbc.sql("select id from memory.facts where app_id = ? and tenant_id = ? and user_id = ? "
                            + "and fact_key = ? and invalid_at is null")
                    .params(scope.appId(), scope.tenantId(), userId, fact.key())
                    .query(Long.class).optional().orElse(null);
        }
        if (expectedCurrentId != null && !expectedCurrentId.equals(current)) {
            throw new MemoryException(MemoryException.Kind.PRECONDITION_FAILED,
                    "The fact changed since you read it; the current version is " + current, null,
                    "read the fact again and retry with its new ETag");
        }
        if (current != null) {
            jdbc.sql("update memory.facts set invalid_at = ? where id = ?").params(Timestamp.from(now), current)
                    .update();
        }
        long id = jdbc.sql("""
                insert into memory.facts (tenant_id, app_id, user_id, fact_key, text, value, category, source_kind,
                                          source_ref, valid_from, expires_at)
                values (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?) returning id""")
                .params(scope.tenantId(), scope.appId(), userId, fact.key(), fact.text(), json.write(fact.value()),
                        fact.category(), fact.sourceKind() == null ? "api" : fact.sourceKind(), fact.sourceRef(),
                        Timestamp.from(now), fact.expiresAt() == null ? null : Timestamp.from(fact.expiresAt()))
                .query(Long.class).single();
        if (current != null) {
            jdbc.sql("update memory.facts set superseded_by = ? where id = ?").params(id, current).update();
        }
        return get(scope, userId, id);
    }

    Fact get(MemoryScope scope, String userId, long id) {
        return jdbc.sql("select " + COLUMNS + " from memory.facts where id = ? and app_id = ? and tenant_id = ? "
                        + "and user_id = ?")
                .params(id, scope.appId(), scope.tenantId(), userId)
                .query(this::fact).optional()
                .orElseThrow(() -> MemoryException.notFound("Fact " + id));
    }

    Slice<Fact> valid(MemoryScope scope, String userId, Instant at, String category, String cursor, int limit) {
        long before = cursor == null || cursor.isBlank() ? Long.MAX_VALUE : cursorId(cursor);
        Timestamp when = Timestamp.from(at == null ? Instant.now() : at);
        List<Fact> rows = jdbc.sql("select " + COLUMNS + " from memory.facts where app_id = ? and tenant_id = ? "
                        + "and user_id = ? and valid_from <= ? and (invalid_at is null or invalid_at > ?) "
                        + "and (expires_at is null or expires_at > ?) and (?::text is null or category = ?) "
                        + "and id < ? order by id desc limit ?")
                .params(scope.appId(), scope.tenantId(), userId, when, when, when, category, category, before,
                        limit + 1)
                .query(this::fact).list();
        if (rows.size() <= limit) {
            return new Slice<>(rows, null);
        }
        return new Slice<>(List.copyOf(rows.subList(0, limit)), Long.toString(rows.get(limit - 1).id()));
    }

    /** The newest current facts of some users; parameters app id, tenant id, user ids (text[]), limit. */
    static final String NEWEST = "select " + COLUMNS + " from memory.facts where app_id = ? and tenant_id = ? "
            + "and user_id = any(?) and invalid_at is null and (expires_at is null or expires_at > now()) "
            + "order by valid_from desc, id desc limit ?";

    /** The current facts most recently learned, for context assembly without a query. */
    List<Fact> newest(MemoryScope scope, List<String> userIds, int limit) {
        return jdbc.sql(NEWEST)
                .params(scope.appId(), scope.tenantId(), userIds.toArray(new String[0]), limit)
                .query(this::fact).list();
    }

    List<Fact> byIds(MemoryScope scope, List<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select " + COLUMNS + " from memory.facts where app_id = ? and tenant_id = ? and id = any(?)")
                .params(scope.appId(), scope.tenantId(), ids.toArray(new Long[0]))
                .query(this::fact).list();
    }

    List<Fact> history(MemoryScope scope, String userId, String key) {
        List<Fact> versions = jdbc.sql("select " + COLUMNS + " from memory.facts where app_id = ? and tenant_id = ? "
                        + "and user_id = ? and fact_key = ? order by valid_from, id")
                .params(scope.appId(), scope.tenantId(), userId, key)
                .query(this::fact).list();
        if (versions.isEmpty()) {
            throw MemoryException.notFound("Fact with key '" + key + "'");
        }
        return versions;
    }

    Fact forget(MemoryScope scope, String userId, long id, Long expectedId) {
        Fact fact = get(scope, userId, id);
        if (expectedId != null && expectedId != id) {
            throw new MemoryException(MemoryException.Kind.PRECONDITION_FAILED,
                    "If-Match names fact " + expectedId + ", not " + id, null, "send this fact's ETag");
        }
        if (fact.current()) {
            jdbc.sql("update memory.facts set invalid_at = now() where id = ? and invalid_at is null").param(id)
                    .update();
        }
        return get(scope, userId, id);
    }

    private void validate(NewFact fact) {
        if ((fact.text() == null || fact.text().isBlank()) && (fact.value() == null || fact.value().isNull())) {
            throw MemoryException.invalid("/text", "a fact needs text, a value, or both",
                    "e.g. {\"text\": \"prefers e-mail\"} or {\"key\": \"language\", \"value\": \"de\"}");
        }
        if (fact.key() != null && !KEY.matcher(fact.key()).matches()) {
            throw MemoryException.invalid("/key", "key must be 1-256 printable characters", null);
        }
        if (fact.text() != null && fact.text().length() > maxTextBytes) {
            throw new MemoryException(MemoryException.Kind.TOO_LARGE,
                    "text is longer than " + maxTextBytes + " characters", "/text", null);
        }
        if (fact.category() != null && (fact.category().isBlank() || fact.category().length() > 100)) {
            throw MemoryException.invalid("/category", "category must be 1-100 characters", null);
        }
        Checks.storable(fact.text(), "/text");
        Checks.storable(fact.category(), "/category");
        Checks.storable(fact.sourceRef(), "/source/ref");
        Checks.storable(fact.value(), "/value");
        if (fact.sourceKind() != null && !SOURCES.contains(fact.sourceKind())) {
            throw MemoryException.invalid("/source/kind", "source kind must be one of message, run, api", null);
        }
        if (fact.expiresAt() != null && !fact.expiresAt().isAfter(Instant.now())) {
            throw MemoryException.invalid("/expiresAt", "expiresAt must be in the future", null);
        }
    }

    private static long cursorId(String cursor) {
        try {
            return Long.parseLong(cursor);
        } catch (NumberFormatException malformed) {
            throw MemoryException.invalid("/cursor", "not a cursor this API returned", "start again without it");
        }
    }

    Fact fact(ResultSet rs, int row) throws SQLException {
        String user = rs.getString("user_id");
        Timestamp invalid = rs.getTimestamp("invalid_at");
        Timestamp expires = rs.getTimestamp("expires_at");
        Long superseded = rs.getObject("superseded_by", Long.class);
        return new Fact(rs.getLong("id"), APP_WIDE.equals(user) ? null : user, rs.getString("fact_key"),
                rs.getString("text"), json.read(rs.getString("value")), rs.getString("category"),
                rs.getString("source_kind"), rs.getString("source_ref"), rs.getTimestamp("valid_from").toInstant(),
                invalid == null ? null : invalid.toInstant(), expires == null ? null : expires.toInstant(),
                superseded);
    }
}
