package dev.plinth.platform.audit;

import dev.plinth.platform.problem.ApiException;
import dev.plinth.platform.problem.ProblemType;
import dev.plinth.platform.web.Page;
import dev.plinth.platform.web.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.data.domain.KeysetScrollPosition;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Window;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit log in Postgres ({@code platform.audit_events}). It only appends and reads: there is no
 * update path, and the table's triggers refuse updates and deletes (see {@link AuditRetention}).
 */
@Component
class AuditLog {

    private static final String COLUMNS = "id, occurred_at, key_id, key_name, role, action, resource_type, "
            + "resource_id, method, route, path_params::text as path_params, status, outcome, client_ip, user_agent, "
            + "request_id";

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final TransactionTemplate transactions;

    AuditLog(JdbcClient jdbc, JsonMapper json, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.json = json;
        this.transactions = transactions;
    }

    /**
     * Appends an entry; the key's name is read from the key itself, as it is at this moment.
     * <p>
     * The entry is committed without waiting for its WAL flush ({@code synchronous_commit = off} for
     * this transaction only): every audited request already waited for its own change to be flushed,
     * and a second flush per request would double the latency of each write through the API. The
     * entry is still written in order with everything else: PostgreSQL flushes it with the next
     * synchronous commit of any session or within three {@code wal_writer_delay}s (600 ms by default),
     * so only a crash of the database server itself inside that window can lose it — never a crash of
     * Plinth, and never the entry without the change it records being durable.
     */
    void append(UUID tenantId, AuditEntry entry) {
        transactions.executeWithoutResult(status -> insert(tenantId, entry));
    }

    private void insert(UUID tenantId, AuditEntry entry) {
        // Both statements go to PostgreSQL in one round trip (the driver pipelines a multi-statement query).
        jdbc.sql("""
                set local synchronous_commit = off;
                insert into platform.audit_events (id, tenant_id, occurred_at, key_id, key_name, role, action,
                    resource_type, resource_id, method, route, path_params, status, outcome, client_ip, user_agent,
                    request_id)
                values (?, ?, ?, ?, (select name from platform.api_keys where id = ?), ?, ?, ?, ?, ?, ?, ?::jsonb,
                    ?, ?, ?, ?, ?)""")
                .params(entry.id(), tenantId, Timestamp.from(entry.occurredAt()), entry.keyId(), entry.keyId(),
                        entry.role(), entry.action(), entry.resourceType(), entry.resourceId(), entry.method(),
                        entry.route(), json.writeValueAsString(entry.pathParams()), entry.status(), entry.outcome(),
                        entry.clientIp(), entry.userAgent(), entry.requestId())
                .update();
    }

    /** The tenant's entries matching {@code query}, newest first. */
    Page<AuditEntry> search(UUID tenantId, AuditQuery query, PageRequest page) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from platform.audit_events where tenant_id = ?");
        List<Object> params = new ArrayList<>(List.of(tenantId));
        condition(sql, params, "action = ?", query.action());
        condition(sql, params, "key_id = ?", query.keyId());
        condition(sql, params, "resource_type = ?", query.resourceType());
        condition(sql, params, "resource_id = ?", query.resourceId());
        condition(sql, params, "outcome = ?", query.outcome());
        condition(sql, params, "occurred_at >= ?", query.from() == null ? null : Timestamp.from(query.from()));
        condition(sql, params, "occurred_at < ?", query.to() == null ? null : Timestamp.from(query.to()));
        After after = after(page.position());
        if (after != null) {
            sql.append(" and (occurred_at, id) < (?, ?)");
            params.add(Timestamp.from(after.occurredAt()));
            params.add(after.id());
        }
        int limit = page.limit().max();
        sql.append(" order by occurred_at desc, id desc limit ").append(limit + 1);
        List<AuditEntry> rows = jdbc.sql(sql.toString()).params(params).query(this::entry).list();
        List<AuditEntry> items = rows.subList(0, Math.min(limit, rows.size()));
        Window<AuditEntry> window = Window.from(items, index -> ScrollPosition.forward(
                Map.of("occurredAt", items.get(index).occurredAt(), "id", items.get(index).id())), rows.size() > limit);
        return Page.of(window, entry -> entry);
    }

    private record After(Instant occurredAt, UUID id) {
    }

    private static After after(ScrollPosition position) {
        if (!(position instanceof KeysetScrollPosition keyset) || keyset.isInitial()) {
            return null;
        }
        if (keyset.getKeys().get("occurredAt") instanceof Instant at && keyset.getKeys().get("id") instanceof UUID id) {
            return new After(at, id);
        }
        throw new ApiException(ProblemType.INVALID_PARAMETER,
                "Query parameter 'cursor' is not a cursor this list returned; start again without it")
                .with("parameter", "cursor");
    }

    private static void condition(StringBuilder sql, List<Object> params, String clause, Object value) {
        if (value != null) {
            sql.append(" and ").append(clause);
            params.add(value);
        }
    }

    private AuditEntry entry(ResultSet rs, int row) throws SQLException {
        Map<String, String> pathParams = json.readValue(rs.getString("path_params"), new TypeReference<>() {
        });
        return new AuditEntry(rs.getObject("id", UUID.class), rs.getTimestamp("occurred_at").toInstant(),
                rs.getString("key_id"), rs.getString("key_name"), rs.getString("role"), rs.getString("action"),
                rs.getString("resource_type"), rs.getString("resource_id"), rs.getString("method"),
                rs.getString("route"), pathParams, rs.getInt("status"), rs.getString("outcome"),
                rs.getString("client_ip"), rs.getString("user_agent"), rs.getString("request_id"));
    }
}
