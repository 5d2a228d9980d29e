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
import org.springframework.jdbc.core.JdbcTemplate;
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
    private final JdbcTemplate batchJdbc;
    private final TransactionTemplate transactions;
    /** The monitor of the group commit (see {@link #append}). */
    private final Object queue = new Object();
    /** Entries waiting for the next write; guarded by {@link #queue}. */
    private List<Queued> queued = new ArrayList<>();
    /** Whether a caller is writing a batch; guarded by {@link #queue}. */
    private boolean writing;

    AuditLog(JdbcClient jdbc, JdbcTemplate batchJdbc, JsonMapper json, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.batchJdbc = batchJdbc;
        this.json = json;
        this.transactions = transactions;
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
     * no write under way writes every entry queued so far (its own included) in one transaction, one
     * round trip for the inserts and one for the commit; callers arriving meanwhile wait for it and
     * then write theirs the same way. Alone, a caller writes at once and waits for nobody; under load
     * the audit costs two round trips per batch instead of per request. An entry the batch could not
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

    private static final String INSERT = """
            insert into platform.audit_events (id, tenant_id, occurred_at, key_id, key_name, role, action,
                resource_type, resource_id, method, route, path_params, status, outcome, client_ip, user_agent,
                request_id)
            values (?, ?, ?, ?, (select name from platform.api_keys where id = ?), ?, ?, ?, ?, ?, ?, ?::jsonb,
                ?, ?, ?, ?, ?)""";

    private void insert(List<Queued> batch) {
        // The first entry goes with the commit mode in one round trip (the driver pipelines a
        // multi-statement query), the others, if any, in one more as a JDBC batch.
        Queued first = batch.get(0);
        jdbc.sql("set local synchronous_commit = off;\n" + INSERT).params(parameters(first)).update();
        if (batch.size() > 1) {
            batchJdbc.batchUpdate(INSERT, batch.subList(1, batch.size()).stream().map(this::parameters).toList());
        }
    }

    private Object[] parameters(Queued queued) {
        AuditEntry entry = queued.entry;
        return new Object[] {entry.id(), queued.tenantId, Timestamp.from(entry.occurredAt()), entry.keyId(),
            entry.keyId(), entry.role(), entry.action(), entry.resourceType(), entry.resourceId(), entry.method(),
            entry.route(), json.writeValueAsString(entry.pathParams()), entry.status(), entry.outcome(),
            entry.clientIp(), entry.userAgent(), entry.requestId()};
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
