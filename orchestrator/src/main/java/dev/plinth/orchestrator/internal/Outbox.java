package dev.plinth.orchestrator.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
    private volatile Runnable onCommit = () -> { };

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
        jdbc.sql("insert into orchestrator.outbox (topic, record_key, payload, created_at, headers) "
                        + "values (?, ?, ?::jsonb, ?, ?::jsonb)")
                .params(topic, runId.toString(), json.writeValueAsString(payload), Timestamp.from(Instant.now()),
                        headers.isEmpty() ? null : json.writeValueAsString(headers))
                .update();
        wakeRelayAfterCommit();
    }

    /** What to do once a transaction that added records has committed: wake the relay. */
    void onCommit(Runnable action) {
        this.onCommit = action;
    }

    /**
     * Records are published as soon as their transaction commits instead of at the relay's next
     * poll: each engine hop would otherwise wait half a poll interval on average.
     */
    private void wakeRelayAfterCommit() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            onCommit.run();
            return;
        }
        if (TransactionSynchronizationManager.hasResource(this)) {
            return;
        }
        TransactionSynchronizationManager.bindResource(this, Boolean.TRUE);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(Outbox.this);
                if (status == STATUS_COMMITTED) {
                    onCommit.run();
                }
            }
        });
    }

    /** Claims the oldest pending records for this transaction; concurrent relays skip them. */
    List<Pending> claim(int limit) {
        return jdbc.sql("select id, topic, record_key, payload::text, headers::text from orchestrator.outbox "
                        + "order by id limit ? for update skip locked")
                .param(limit)
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

    void delete(List<Pending> published) {
        jdbc.sql("delete from orchestrator.outbox where id = any(?)")
                .param(published.stream().map(Pending::id).toArray(Long[]::new)).update();
    }

    long backlog() {
        return jdbc.sql("select count(*) from orchestrator.outbox").query(Long.class).single();
    }
}
