package dev.plinth.orchestrator.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The transactional outbox: a state change and the Kafka records it causes are written in one
 * database transaction, and {@link OutboxRelay} publishes them afterwards. A crash between the two
 * only delays the records; it never loses or invents one.
 */
class Outbox {

    /** A record waiting to be published. */
    record Pending(long id, String topic, String key, String payload, Map<String, String> headers) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final EngineTracing tracing;
    private volatile Consumer<List<Pending>> onCommit = records -> { };

    Outbox(JdbcClient jdbc, JsonMapper json, EngineTracing tracing) {
        this.jdbc = jdbc;
        this.json = json;
        this.tracing = tracing;
    }

    /** Adds a record carrying the current trace context. */
    void add(String topic, UUID runId, JsonNode payload) {
        add(topic, runId, payload, tracing.current());
    }

    /** Adds a record carrying the given trace context (a timer's, captured when it was scheduled). */
    void add(String topic, UUID runId, JsonNode payload, Map<String, String> headers) {
        String text = json.writeValueAsString(payload);
        long id = jdbc.sql("insert into orchestrator.outbox (topic, record_key, payload, created_at, headers) "
                        + "values (?, ?, ?::jsonb, ?, ?::jsonb) returning id")
                .params(topic, runId.toString(), text, Timestamp.from(Instant.now()),
                        headers.isEmpty() ? null : json.writeValueAsString(headers))
                .query(Long.class).single();
        publishAfterCommit(new Pending(id, topic, runId.toString(), text, headers));
    }

    /** What to do with the records of a transaction once it has committed: hand them to the relay. */
    void onCommit(Consumer<List<Pending>> action) {
        this.onCommit = action;
    }

    /**
     * The records of a transaction go to the relay as soon as it commits, with their contents, so
     * the relay sends them without reading them back; the rows stay until Kafka has acknowledged
     * them, and a record whose hand-over is lost (a crash, a failed send) is found by the relay's
     * sweep. The records are collected on the transaction's own synchronization (not a thread-bound
     * resource), so a record of an inner transaction that rolls back is never handed over.
     */
    private void publishAfterCommit(Pending record) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            // No transaction whose commit can be observed: the row may not be committed yet (or ever),
            // so it is left to the sweep, which only ever sees committed rows.
            return;
        }
        for (TransactionSynchronization synchronization : TransactionSynchronizationManager.getSynchronizations()) {
            if (synchronization instanceof Committed committed && committed.outbox() == this) {
                committed.records().add(record);
                return;
            }
        }
        Committed committed = new Committed(this);
        committed.records().add(record);
        TransactionSynchronizationManager.registerSynchronization(committed);
    }

    /** The records one transaction added, handed to the relay once it has committed. */
    private static final class Committed implements TransactionSynchronization {
        private final Outbox outbox;
        private final List<Pending> records = new ArrayList<>();

        Committed(Outbox outbox) {
            this.outbox = outbox;
        }

        Outbox outbox() {
            return outbox;
        }

        List<Pending> records() {
            return records;
        }

        @Override
        public void afterCommit() {
            outbox.onCommit.accept(records);
        }
    }

    /**
     * Claims the oldest records written at least {@code age} ago for this transaction (concurrent
     * sweeps skip them): records whose hand-over to the relay was lost.
     */
    List<Pending> claimStale(java.time.Duration age, int limit) {
        return jdbc.sql("select id, topic, record_key, payload::text, headers::text from orchestrator.outbox "
                        + "where created_at < ? order by id limit ? for update skip locked")
                .params(Timestamp.from(Instant.now().minus(age)), limit)
                .query((rs, row) -> new Pending(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        headers(rs.getString(5))))
                .list();
    }

    Map<String, String> headers(String stored) {
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        if (stored != null) {
            json.readTree(stored).properties().forEach(entry -> headers.put(entry.getKey(), entry.getValue().asString()));
        }
        return headers;
    }

    /**
     * Lets the caller's transaction commit without waiting for its WAL flush: for deleting records
     * already published, where a deletion lost in a database crash only means a record sent twice.
     */
    void relaxCommit() {
        jdbc.sql("set local synchronous_commit = off").update();
    }

    /** Deletes published records (in the caller's transaction). */
    void delete(List<Pending> published) {
        jdbc.sql("delete from orchestrator.outbox where id = any(?)")
                .param(published.stream().map(Pending::id).toArray(Long[]::new)).update();
    }

    long backlog() {
        return jdbc.sql("select count(*) from orchestrator.outbox").query(Long.class).single();
    }
}
