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
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

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
    /** The monitor of the group commit (see {@link #append}). */
    private final Object queue = new Object();
    /** Entries waiting for the next write; guarded by {@link #queue}. */
    private List<Queued> queued = new ArrayList<>();
    /** Whether a caller is writing a batch; guarded by {@link #queue}. */
    private boolean writing;

    AuditLog(JdbcClient jdbc, JsonMapper json, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.json = json;
        // Never inside a caller's transaction: the statement turns off the WAL flush wait for the
        // transaction it runs in, which must be its own.
        this.transactions = new TransactionTemplate(transactions.getTransactionManager());
        this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_NOT_SUPPORTED);
    }

    /**
     * Appends an entry; the key's name is read from the key itself, as it is at this moment. Returns
     * once the entry is committed.
     * <p>
     * The entry is committed without waiting for its WAL flush ({@code synchronous_commit = off} for
     * its transaction only): every audited request already waited for its own change to be flushed,
     * and a second flush per request would double the latency of each write through the API. The
     * entry is still written in order with everything else: PostgreSQL flushes it with the next
     * synchronous commit of any session or within three {@code wal_writer_delay}s (600 ms by default),
     * so only a crash of the database server itself inside that window can lose it — never a crash of
     * Plinth, and never the entry without the change it records being durable.
     * <p>
     * <b>Group commit.</b> Entries of concurrent requests are written together: the caller that finds
     * no write under way writes every entry queued so far (its own included) in one statement, which
     * is its transaction (one round trip, see {@link #INSERT}); callers arriving meanwhile wait for it
     * and then write theirs the same way. Alone, a caller writes at once and waits for nobody; under
     * load the audit costs one round trip per batch instead of per request. An entry the batch could not
     * write (a value the database refuses) is written again on its own, so it fails nobody else's.
     */
    void append(UUID tenantId, AuditEntry entry) {
        Queued mine = new Queued(tenantId, entry);
        List<Queued> batch;
        boolean interrupted = false;
        synchronized (queue) {
            queued.add(mine);
            while (writing && !mine.done) {
                try {
                    queue.wait();
                } catch (InterruptedException interruption) {
                    // The entry is already queued and will be written; wait for it, then re-assert.
                    interrupted = true;
                }
            }
            if (!mine.done) {
                writing = true;
                batch = queued;
                queued = new ArrayList<>();
            } else {
                batch = null;
            }
        }
        if (batch != null) {
            write(batch);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
    }

    /** Writes a batch, marks its entries done and hands the next batch to whoever is waiting. */
    private void write(List<Queued> batch) {
        try {
            try {
                transactions.executeWithoutResult(status -> insert(batch));
            } catch (RuntimeException failure) {
                if (batch.size() == 1) {
                    batch.get(0).failure = failure;
                } else {
                    for (Queued one : batch) {
                        try {
                            transactions.executeWithoutResult(status -> insert(List.of(one)));
                        } catch (RuntimeException alone) {
                            one.failure = alone;
                        }
                    }
                }
            }
        } finally {
            synchronized (queue) {
                batch.forEach(one -> one.done = true);
                writing = false;
                queue.notifyAll();
            }
        }
    }

    /**
     * Writes entries in one statement that is its own transaction: outside any transaction (so
     * without BEGIN and COMMIT of their own), the batch goes to PostgreSQL as one JSON parameter and
     * the statement first turns off the WAL flush wait for its transaction — one round trip however
     * many entries, where a transaction took two.
     */
    private static final String INSERT = """
            insert into platform.audit_events (id, tenant_id, occurred_at, key_id, key_name, role, action,
                resource_type, resource_id, method, route, path_params, status, outcome, client_ip, user_agent,
                request_id)
            select e.id, e.tenant_id, e.occurred_at, e.key_id, (select name from platform.api_keys k where k.id = e.key_id),
                   e.role, e.action, e.resource_type, e.resource_id, e.method, e.route, e.path_params, e.status,
                   e.outcome, e.client_ip, e.user_agent, e.request_id
            from (select set_config('synchronous_commit', 'off', true)) as unflushed,
                 jsonb_to_recordset(?::jsonb) as e (id uuid, tenant_id uuid, occurred_at timestamptz, key_id text,
                     role text, action text, resource_type text, resource_id text, method text, route text,
                     path_params jsonb, status integer, outcome text, client_ip text, user_agent text,
                     request_id text)""";

    private void insert(List<Queued> batch) {
        ArrayNode rows = json.createArrayNode();
        for (Queued queued : batch) {
            AuditEntry entry = queued.entry;
            ObjectNode row = rows.addObject();
            row.put("id", entry.id().toString());
            row.put("tenant_id", queued.tenantId.toString());
            row.put("occurred_at", entry.occurredAt().toString());
            row.put("key_id", entry.keyId());
            row.put("role", entry.role());
            row.put("action", entry.action());
            row.put("resource_type", entry.resourceType());
            row.put("resource_id", entry.resourceId());
            row.put("method", entry.method());
            row.put("route", entry.route());
            row.set("path_params", json.valueToTree(entry.pathParams()));
            row.put("status", entry.status());
            row.put("outcome", entry.outcome());
            row.put("client_ip", entry.clientIp());
            row.put("user_agent", entry.userAgent());
            row.put("request_id", entry.requestId());
        }
        jdbc.sql(INSERT).params(json.writeValueAsString(rows)).update();
    }

    /** An entry waiting to be written, and how its write went. */
    private static final class Queued {
        final UUID tenantId;
        final AuditEntry entry;
        /** Guarded by the queue's monitor. */
        boolean done;
        /** Set before {@link #done}, read after it. */
        RuntimeException failure;

        Queued(UUID tenantId, AuditEntry entry) {
            this.tenantId = tenantId;
            this.entry = entry;
        }
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
