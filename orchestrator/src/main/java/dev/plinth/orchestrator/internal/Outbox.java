package dev.plinth.orchestrator.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;
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
    private final Pipeline pipeline;
    private final JsonMapper json;
    private final EngineTracing tracing;
    private volatile Consumer<List<Pending>> onCommit = records -> { };

    Outbox(JdbcTemplate jdbc, JsonMapper json, EngineTracing tracing) {
        this.jdbc = JdbcClient.create(jdbc);
        this.pipeline = new Pipeline(jdbc);
        this.json = json;
        this.tracing = tracing;
    }

    /** Adds a record carrying the current trace context. */
    void add(String topic, UUID runId, JsonNode payload) {
        add(topic, runId, payload, tracing.current());
    }

    /**
     * Adds a record carrying the given trace context (a timer's, captured when it was scheduled).
     * Inside a transaction the row is written when the transaction is about to commit, together with
     * the transaction's other records in one statement (see {@link #insert}) sent with the other
     * stores' pending writes ({@link CommitWrites}); no statement of the transaction reads the
     * outbox, so none misses it.
     */
    void add(String topic, UUID runId, JsonNode payload, Map<String, String> headers) {
        Pending record = new Pending(0, topic, runId.toString(), json.writeValueAsString(payload), headers);
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            // No transaction whose commit can be observed: the row is written at once and left to the
            // sweep, which only ever sees committed rows.
            insert(List.of(record));
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
        CommitWrites.join(pipeline, committed);
    }

    /**
     * Writes records in one statement and returns them with their row ids, in the same order (see
     * {@link #insertStatement}).
     */
    List<Pending> insert(List<Pending> records) {
        List<Long> ids = new ArrayList<>(records.size());
        pipeline.execute(List.of(insertStatement(records, ids)));
        return withIds(records, ids);
    }

    /** The statement that writes these records; it adds their row ids to {@code ids} as it runs. */
    private Pipeline.Statement insertStatement(List<Pending> records, List<Long> ids) {
        return Pipeline.Statement.query(rs -> ids.add(rs.getLong(1)), """
                insert into orchestrator.outbox (topic, record_key, payload, created_at, headers)
                select r.topic, r.record_key, r.payload::jsonb, ?, r.headers::jsonb
                from unnest(?::text[], ?::text[], ?::text[], ?::text[]) with ordinality
                    as r (topic, record_key, payload, headers, position)
                order by r.position
                returning id""", Timestamp.from(Instant.now()), Pipeline.column(records, Pending::topic),
                Pipeline.column(records, Pending::key), Pipeline.column(records, Pending::payload),
                Pipeline.column(records, record -> record.headers().isEmpty() ? null
                        : json.writeValueAsString(record.headers())));
    }

    /**
     * The records with their row ids. The ids come from the table's sequence row by row in the
     * order the rows are inserted, which is the order of the arrays, so sorted they match the
     * records one to one.
     */
    private static List<Pending> withIds(List<Pending> records, List<Long> ids) {
        List<Long> sorted = new ArrayList<>(ids);
        java.util.Collections.sort(sorted);
        List<Pending> written = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            Pending record = records.get(i);
            written.add(new Pending(sorted.get(i), record.topic(), record.key(), record.payload(), record.headers()));
        }
        return written;
    }

    /** What to do with the records of a transaction once it has committed: hand them to the relay. */
    void onCommit(Consumer<List<Pending>> action) {
        this.onCommit = action;
    }

    /**
     * The records one transaction added: written just before it commits (with the transaction's
     * other pending writes, see {@link CommitWrites}) and handed to the relay once it has, with
     * their contents, so the relay sends them without reading them back; the rows stay until Kafka
     * has acknowledged them, and a record whose hand-over is lost (a crash, a failed send) is found
     * by the relay's sweep. Held on the transaction's own synchronization (not a thread-bound
     * resource), so a record of an inner transaction that rolls back is never written or handed over.
     */
    private static final class Committed implements TransactionSynchronization, CommitWrites.Part {
        private final Outbox outbox;
        private List<Pending> records = new ArrayList<>();
        private final List<Long> ids = new ArrayList<>();

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
        public List<Pipeline.Statement> take() {
            return records.isEmpty() ? List.of() : List.of(outbox.insertStatement(records, ids));
        }

        @Override
        public void written(int[] counts) {
            if (!records.isEmpty()) {
                records = withIds(records, ids);
            }
        }

        @Override
        public void afterCommit() {
            if (!records.isEmpty()) {
                outbox.onCommit.accept(records);
            }
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
     * Deletes published records in the caller's transaction and lets it commit without waiting for
     * its WAL flush: a deletion lost in a database crash only means a record sent twice. Both go in
     * one round trip.
     */
    void deletePublished(List<Pending> published) {
        jdbc.sql("set local synchronous_commit = off;\n" + DELETE).param(ids(published)).update();
    }

    /** Deletes published records (in the caller's transaction). */
    void delete(List<Pending> published) {
        jdbc.sql(DELETE).param(ids(published)).update();
    }

    private static final String DELETE = "delete from orchestrator.outbox where id = any(?)";

    private static Long[] ids(List<Pending> records) {
        return records.stream().map(Pending::id).toArray(Long[]::new);
    }

    long backlog() {
        return jdbc.sql("select count(*) from orchestrator.outbox").query(Long.class).single();
    }
}
