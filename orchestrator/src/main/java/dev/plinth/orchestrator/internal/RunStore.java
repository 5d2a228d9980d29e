package dev.plinth.orchestrator.internal;

import dev.plinth.orchestrator.StepAttemptView;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Runs, their step attempts and pinned definitions, in the {@code orchestrator} schema. */
class RunStore {

    static final String COLUMNS = "id, tenant_id, app_id, app_name, definition_id, revision, workflow, status, "
            + "input::text as input, state::text as state, output::text as output, error::text as error, created_at, "
            + "updated_at, ended_at, parent_run_id, parent_step_id, parent_attempt, parent_slot, scope, environment";

    private final JdbcClient jdbc;
    private final Pipeline pipeline;
    private final JsonMapper json;
    private final EngineTracing tracing;
    /** Pinned definition ids: a pin, once committed, never changes (starting a run needs no write for it). */
    private final com.google.common.cache.Cache<Pin, Long> pins =
            com.google.common.cache.CacheBuilder.newBuilder().maximumSize(10_000).build();

    private record Pin(UUID appId, int revision, String workflow) {
    }

    RunStore(JdbcTemplate jdbc, JsonMapper json, EngineTracing tracing) {
        this.jdbc = JdbcClient.create(jdbc);
        this.pipeline = new Pipeline(jdbc);
        this.json = json;
        this.tracing = tracing;
    }

    /** The id of the pinned copy of a workflow definition, stored once per app revision and workflow. */
    long pin(UUID appId, int revision, String workflow, JsonNode definition) {
        Long known = pinned(appId, revision, workflow);
        if (known != null) {
            return known;
        }
        jdbc.sql("""
                insert into orchestrator.workflow_definitions (app_id, revision, workflow, definition)
                values (?, ?, ?, ?::jsonb) on conflict do nothing""")
                .params(appId, revision, workflow, json.writeValueAsString(definition)).update();
        long id = jdbc.sql("select id from orchestrator.workflow_definitions where app_id = ? and revision = ? "
                        + "and workflow = ?")
                .params(appId, revision, workflow).query(Long.class).single();
        // Remembered only once this transaction has committed: a pin rolled back with it must be written again.
        if (org.springframework.transaction.support.TransactionSynchronizationManager.isSynchronizationActive()) {
            org.springframework.transaction.support.TransactionSynchronizationManager.registerSynchronization(
                    new org.springframework.transaction.support.TransactionSynchronization() {
                        @Override
                        public void afterCommit() {
                            pins.put(new Pin(appId, revision, workflow), id);
                        }
                    });
        }
        return id;
    }

    /** The id a workflow of an app revision is pinned as, when this instance has seen it pinned; else null. */
    Long pinned(UUID appId, int revision, String workflow) {
        return pins.getIfPresent(new Pin(appId, revision, workflow));
    }

    /** The pinned app definition of a revision, or null when none was pinned. */
    JsonNode definitionOfRevision(UUID appId, int revision) {
        return jdbc.sql("select definition::text from orchestrator.workflow_definitions where app_id = ? "
                        + "and revision = ? limit 1")
                .params(appId, revision).query(String.class).optional().map(json::readTree).orElse(null);
    }

    JsonNode definition(long definitionId) {
        return json.readTree(jdbc.sql("select definition::text from orchestrator.workflow_definitions where id = ?")
                .param(definitionId).query(String.class).single());
    }

    /**
     * Inserts a run created at {@code createdAt} unless one with the same idempotency key exists;
     * returns the run that exists now. PostgreSQL keeps microseconds: a caller that reports the time
     * without reading the run back passes it truncated to them.
     */
    UUID insert(UUID id, UUID tenantId, UUID appId, String appName, long definitionId, int revision, String workflow,
            JsonNode input, ObjectNode state, String idempotencyKey, String environment, Instant createdAt) {
        flushSaves();
        Timestamp now = Timestamp.from(createdAt);
        int inserted = jdbc.sql("""
                insert into orchestrator.runs (id, tenant_id, app_id, app_name, definition_id, revision, workflow,
                    status, input, state, idempotency_key, created_at, updated_at, environment)
                values (?, ?, ?, ?, ?, ?, ?, 'running', ?::jsonb, ?::jsonb, ?, ?, ?, ?) on conflict do nothing""")
                .params(id, tenantId, appId, appName, definitionId, revision, workflow, json.writeValueAsString(input),
                        json.writeValueAsString(state), idempotencyKey, now, now, environment)
                .update();
        if (inserted == 1) {
            return id;
        }
        return jdbc.sql("select id from orchestrator.runs where app_id = ? and workflow = ? and idempotency_key = ?")
                .params(appId, workflow, idempotencyKey).query(UUID.class).single();
    }

    /** Inserts a child run of {@code parent} (see {@link RunRow}) and returns it, locked by this transaction. */
    RunRow insertChild(RunRow parent, long definitionId, String workflow, String scope, String stepId, int attempt,
            int slot, JsonNode input, ObjectNode state) {
        flushSaves();
        UUID id = UUID.randomUUID();
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.sql("""
                insert into orchestrator.runs (id, tenant_id, app_id, app_name, definition_id, revision, workflow,
                    status, input, state, created_at, updated_at, parent_run_id, parent_step_id, parent_attempt,
                    parent_slot, scope, environment)
                values (?, ?, ?, ?, ?, ?, ?, 'running', ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(id, parent.tenantId(), parent.appId(), parent.appName(), definitionId, parent.revision(),
                        workflow, json.writeValueAsString(input), json.writeValueAsString(state), now, now,
                        parent.id(), stepId, attempt, slot, scope, parent.environment())
                .update();
        return lock(id).orElseThrow();
    }

    /** Child runs of a run that have not ended (running or paused), oldest first. */
    List<UUID> openChildren(UUID runId) {
        flushSaves();
        return jdbc.sql("select id from orchestrator.runs where parent_run_id = ? and status in ('running', 'paused') "
                + "order by created_at").param(runId).query(UUID.class).list();
    }

    void status(UUID runId, String status) {
        flushSaves();
        changing(runId);
        jdbc.sql("update orchestrator.runs set status = ?, updated_at = now() where id = ?").params(status, runId)
                .update();
    }

    /** Keeps an engine event for a paused run until it resumes. */
    void park(UUID runId, JsonNode event) {
        jdbc.sql("insert into orchestrator.parked_events (run_id, payload, parked_at) values (?, ?::jsonb, now())")
                .params(runId, json.writeValueAsString(event)).update();
    }

    /** Takes the events parked for a run, in arrival order. */
    List<JsonNode> unpark(UUID runId) {
        List<JsonNode> events = jdbc.sql("select payload::text from orchestrator.parked_events where run_id = ? "
                + "order by id").param(runId).query(String.class).list().stream().map(json::readTree).toList();
        jdbc.sql("delete from orchestrator.parked_events where run_id = ?").param(runId).update();
        return events;
    }

    /** How long an app's ended runs are kept; null keeps them until the installation default applies. */
    void retention(UUID appId, java.time.Duration retention) {
        if (retention == null) {
            jdbc.sql("delete from orchestrator.app_history where app_id = ?").param(appId).update();
            return;
        }
        jdbc.sql("""
                insert into orchestrator.app_history (app_id, retention) values (?, make_interval(secs => ?))
                on conflict (app_id) do update set retention = excluded.retention""")
                .params(appId, (double) retention.toSeconds()).update();
    }

    /**
     * Deletes up to {@code limit} ended top-level runs older than their app's retention (or
     * {@code fallback} for apps without one; null keeps them); their attempts, timers and child
     * runs go with them. Returns how many runs were deleted.
     */
    int purge(java.time.Duration fallback, int limit) {
        flushSaves();
        return jdbc.sql("""
                delete from orchestrator.runs where id in (
                    select r.id from orchestrator.runs r left join orchestrator.app_history h on h.app_id = r.app_id
                    where r.parent_run_id is null and r.ended_at is not null
                      and coalesce(h.retention, make_interval(secs => ?::double precision)) is not null
                      and r.ended_at < now() - coalesce(h.retention, make_interval(secs => ?::double precision))
                    limit ?)""")
                .params(fallback == null ? null : (double) fallback.toSeconds(),
                        fallback == null ? null : (double) fallback.toSeconds(), limit)
                .update();
    }

    List<RunRow> children(UUID runId) {
        flushSaves();
        return jdbc.sql("select " + COLUMNS + " from orchestrator.runs where parent_run_id = ? "
                + "order by parent_step_id, parent_attempt, parent_slot, created_at").param(runId).query(this::row).list();
    }

    /** The run, locked for this transaction: transitions of one run never interleave. */
    Optional<RunRow> lock(UUID runId) {
        PendingSaves pending = pendingSaves(false);
        if (pending != null) {
            RunRow prefetched = pending.locked.remove(runId);
            if (prefetched != null) {
                return Optional.of(prefetched);
            }
            if (pending.states.containsKey(runId)) {
                pending.write(false);
            }
        }
        return jdbc.sql("select " + COLUMNS + " from orchestrator.runs where id = ? for update")
                .param(runId).query(this::row).optional();
    }

    /**
     * Locks these runs for the current transaction in one statement, in id order, and keeps the rows
     * read: the first {@link #lock} of each in this transaction returns its row without another
     * query. The engine does this for the runs of a poll's events, which it applies in one
     * transaction. A kept row is dropped once anything in the transaction changes its run (a save, a
     * status, an end), so {@code lock} never returns a row older than the transaction's own writes.
     * The runs' dispatched attempts are read in the same round trip, by a second statement that
     * starts once the first holds the locks (so it sees every attempt their last holders wrote).
     */
    void lockAll(java.util.Collection<UUID> runIds) {
        PendingSaves pending = pendingSaves(true);
        if (pending == null || runIds.isEmpty()) {
            return;
        }
        pending.write(false);
        String[] ids = runIds.stream().map(UUID::toString).toArray(String[]::new);
        pipeline.execute(List.of(
                Pipeline.Statement.query(rs -> {
                    RunRow row = row(rs, 0);
                    pending.locked.put(row.id(), row);
                    pending.dispatched.put(row.id(), new java.util.HashMap<>());
                }, "select " + COLUMNS + " from orchestrator.runs where id = any(?::uuid[]) order by id for update",
                        (Object) ids),
                // The runs' rows are read first (the pipeline hands out results in order), so the
                // attempts of a run that was not found (no longer exists) have no map to go to.
                Pipeline.Statement.query(rs -> {
                    java.util.Map<AttemptKey, Instant> known = pending.dispatched.get(rs.getObject(1, UUID.class));
                    if (known != null) {
                        known.put(new AttemptKey(rs.getString(2), rs.getInt(3)), rs.getTimestamp(4).toInstant());
                    }
                }, "select run_id, step_id, attempt, started_at from orchestrator.step_attempts "
                        + "where run_id = any(?::uuid[]) and status = 'dispatched'", (Object) ids)));
    }

    /** Drops the row {@link #lockAll} kept for this run: the transaction is changing it. */
    private void changing(UUID runId) {
        PendingSaves pending = pendingSaves(false);
        if (pending != null) {
            pending.locked.remove(runId);
        }
    }

    Optional<RunRow> find(UUID tenantId, UUID runId) {
        flushSaves();
        return jdbc.sql("select " + COLUMNS + " from orchestrator.runs where id = ? and tenant_id = ?")
                .params(runId, tenantId).query(this::row).optional();
    }

    List<RunRow> page(UUID tenantId, UUID appId, dev.plinth.orchestrator.RunFilter filter, Instant before,
            UUID beforeId, int limit) {
        flushSaves();
        RunListing.Query query = RunListing.page(COLUMNS, tenantId, appId, filter, before, beforeId, limit);
        return jdbc.sql(query.sql()).params(query.params()).query(this::row).list();
    }

    /**
     * Saves a run's state. Inside a transaction the write waits until the transaction is about to
     * commit, or until something reads or writes the run again (this store's other methods flush
     * first), and the saves of all the transaction's runs go in one statement: the engine applies
     * a poll's events in one transaction, one save per event (see {@code EngineListener}).
     */
    void save(UUID runId, ObjectNode state) {
        String text = json.writeValueAsString(state);
        PendingSaves pending = pendingSaves(true);
        if (pending == null) {
            jdbc.sql("update orchestrator.runs set state = ?::jsonb, updated_at = ? where id = ?")
                    .params(text, Timestamp.from(Instant.now()), runId).update();
            return;
        }
        pending.locked.remove(runId);
        // A save after the run's end (in the same transaction) keeps the end.
        pending.states.merge(runId, new Save(text, null, null, null, null), (ended, save) -> ended.status() == null
                ? save : new Save(text, ended.status(), ended.output(), ended.error(), ended.endedAt()));
    }

    /** A run's state to write; with a status when the run ended ({@link #finish}). */
    private record Save(String state, String status, String output, String error, Instant endedAt) {
    }

    /** The saves the current transaction has not written yet; null outside a transaction (or none yet, unless {@code create}). */
    private PendingSaves pendingSaves(boolean create) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return null;
        }
        for (TransactionSynchronization synchronization : TransactionSynchronizationManager.getSynchronizations()) {
            if (synchronization instanceof PendingSaves pending && pending.store() == this) {
                return pending;
            }
        }
        if (!create) {
            return null;
        }
        PendingSaves pending = new PendingSaves();
        TransactionSynchronizationManager.registerSynchronization(pending);
        CommitWrites.join(pipeline, pending);
        return pending;
    }

    /** Writes the current transaction's pending saves, before a statement that could see their rows. */
    private void flushSaves() {
        PendingSaves pending = pendingSaves(false);
        if (pending != null) {
            pending.write(false);
        }
    }

    /**
     * What one transaction has not written yet — its state saves and run ends by run, the attempts
     * it dispatched and the attempt ends — and what {@link #lockAll} read ahead. Before the
     * transaction commits (with the outbox's records, see {@link CommitWrites}), or before a
     * statement of it that could see them, they are written: one statement per kind, all in one
     * round trip. Held on the transaction's synchronization (not a thread-bound resource), so an
     * inner transaction's writes are its own and vanish with it if it rolls back.
     */
    private final class PendingSaves implements TransactionSynchronization, CommitWrites.Part {
        private final java.util.Map<UUID, Save> states = new java.util.LinkedHashMap<>();
        /** Rows locked by {@link #lockAll} and not yet handed out by {@link #lock}. */
        private final java.util.Map<UUID, RunRow> locked = new java.util.HashMap<>();
        /** The dispatched attempts of the runs {@link #lockAll} locked, as this transaction left them. */
        private final java.util.Map<UUID, java.util.Map<AttemptKey, Instant>> dispatched = new java.util.HashMap<>();
        /** Dispatched attempts not yet written, in the order they were dispatched. */
        private final List<Dispatched> inserts = new java.util.ArrayList<>();
        /** Attempt ends not yet written. */
        private final List<Ended> ends = new java.util.ArrayList<>();

        /** How many attempt inserts the statements last taken hold (they come first). */
        private int inserting;

        /**
         * Writes what is pending now, the attempts (dispatched, then ended: an attempt may end in
         * the transaction that dispatched it) first; the run saves too unless {@code attemptsOnly}.
         */
        void write(boolean attemptsOnly) {
            written(pipeline.execute(statements(attemptsOnly)));
        }

        @Override
        public List<Pipeline.Statement> take() {
            return statements(false);
        }

        private List<Pipeline.Statement> statements(boolean attemptsOnly) {
            List<Pipeline.Statement> statements = new java.util.ArrayList<>(3);
            inserting = inserts.size();
            if (inserting > 0) {
                statements.add(insertStatement());
            }
            if (!ends.isEmpty()) {
                statements.add(endStatement());
            }
            if (!attemptsOnly && !states.isEmpty()) {
                statements.add(saveStatement());
            }
            return statements;
        }

        /**
         * The dispatched attempts were taken to be new (none of their runs had that attempt
         * dispatched); one that exists already — a repeated event, which the engine applies on its
         * own once the batch has failed — fails the whole transaction, since its task is already in
         * the transaction's outbox.
         */
        @Override
        public void written(int[] counts) {
            if (inserting > 0 && counts[0] != inserting) {
                throw new IllegalStateException((inserting - counts[0]) + " of " + inserting + " step attempts "
                        + "dispatched together exist already; their events are applied again one by one");
            }
        }

        private Pipeline.Statement insertStatement() {
            List<Dispatched> rows = List.copyOf(inserts);
            inserts.clear();
            return new Pipeline.Statement("""
                    insert into orchestrator.step_attempts (run_id, step_id, attempt, step_type, status, input,
                        started_at, trace_id, lease_until)
                    select u.run_id::uuid, u.step_id, u.attempt, u.step_type, 'dispatched', u.input::jsonb,
                           u.started_at::timestamptz, u.trace_id, u.lease_until::timestamptz
                    from unnest(?::text[], ?::text[], ?::int[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                        as u (run_id, step_id, attempt, step_type, input, started_at, trace_id, lease_until)
                    on conflict do nothing""", Pipeline.column(rows, Dispatched::runId),
                    Pipeline.column(rows, Dispatched::stepId), Pipeline.column(rows, Dispatched::attempt),
                    Pipeline.column(rows, Dispatched::type), Pipeline.column(rows, Dispatched::input),
                    Pipeline.column(rows, Dispatched::startedAt), Pipeline.column(rows, Dispatched::traceId),
                    Pipeline.column(rows, Dispatched::leaseUntil));
        }

        private Pipeline.Statement endStatement() {
            List<Ended> rows = List.copyOf(ends);
            ends.clear();
            return new Pipeline.Statement("""
                    update orchestrator.step_attempts a
                    set status = u.status, output = u.output::jsonb, error = u.error::jsonb,
                        ended_at = u.ended_at::timestamptz
                    from unnest(?::text[], ?::text[], ?::int[], ?::text[], ?::text[], ?::text[], ?::text[])
                        as u (run_id, step_id, attempt, status, output, error, ended_at)
                    where a.run_id = u.run_id::uuid and a.step_id = u.step_id and a.attempt = u.attempt
                      and a.status = 'dispatched'""", Pipeline.column(rows, Ended::runId),
                    Pipeline.column(rows, Ended::stepId), Pipeline.column(rows, Ended::attempt),
                    Pipeline.column(rows, Ended::status), Pipeline.column(rows, Ended::output),
                    Pipeline.column(rows, Ended::error), Pipeline.column(rows, Ended::endedAt));
        }

        /**
         * The saves, and the ends of runs, in one statement. A save leaves the run's status, output,
         * error and end as they are (the same values: the update stays HOT).
         */
        private Pipeline.Statement saveStatement() {
            List<UUID> runs = List.copyOf(states.keySet());
            List<Save> saves = List.copyOf(states.values());
            states.clear();
            return new Pipeline.Statement("""
                    update orchestrator.runs r
                    set state = u.state::jsonb, updated_at = ?,
                        status = coalesce(u.status, r.status),
                        output = case when u.status is null then r.output else u.output::jsonb end,
                        error = case when u.status is null then r.error else u.error::jsonb end,
                        ended_at = case when u.status is null then r.ended_at else u.ended_at::timestamptz end
                    from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                        as u (id, state, status, output, error, ended_at)
                    where r.id = u.id::uuid""", Timestamp.from(Instant.now()), Pipeline.column(runs, UUID::toString),
                    Pipeline.column(saves, Save::state), Pipeline.column(saves, Save::status),
                    Pipeline.column(saves, Save::output), Pipeline.column(saves, Save::error),
                    Pipeline.column(saves, Save::endedAt));
        }

        RunStore store() {
            return RunStore.this;
        }
    }

    /**
     * Ends a run. Inside a transaction the write waits with the transaction's saves (see
     * {@link #save}); the row kept by {@link #lockAll} is dropped, and the next {@link #lock} of
     * the run writes it first and reads it back ended.
     */
    void finish(UUID runId, String status, ObjectNode state, JsonNode output, JsonNode error) {
        changing(runId);
        Instant now = Instant.now();
        String outputText = output == null ? null : json.writeValueAsString(output);
        String errorText = error == null ? null : json.writeValueAsString(error);
        PendingSaves pending = pendingSaves(true);
        if (pending != null) {
            pending.states.put(runId, new Save(json.writeValueAsString(state), status, outputText, errorText, now));
            return;
        }
        jdbc.sql("""
                update orchestrator.runs set status = ?, state = ?::jsonb, output = ?::jsonb, error = ?::jsonb,
                    updated_at = ?, ended_at = ? where id = ?""")
                .params(status, json.writeValueAsString(state), outputText, errorText, Timestamp.from(now),
                        Timestamp.from(now), runId)
                .update();
    }

    /** Records a dispatched attempt; false when that attempt exists already (a repeated event). */
    boolean attempt(UUID runId, String stepId, int attempt, String type, JsonNode input) {
        return attempt(runId, stepId, attempt, type, input, null);
    }

    /**
     * Records a dispatched attempt whose worker must report by {@code leaseUntil} (null: no lease —
     * the attempt has a timeout of its own, or an agent's lease covers it); false when that attempt
     * exists already.
     */
    boolean attempt(UUID runId, String stepId, int attempt, String type, JsonNode input, Instant leaseUntil) {
        Instant now = Instant.now();
        PendingSaves pending = pendingSaves(false);
        java.util.Map<AttemptKey, Instant> known = pending == null ? null : pending.dispatched.get(runId);
        if (known != null) {
            // A run lockAll read ahead: its dispatched attempts are known, and the new one is
            // written with the transaction's other attempts just before it commits, in one statement.
            AttemptKey key = new AttemptKey(stepId, attempt);
            if (known.containsKey(key)) {
                return false;
            }
            known.put(key, now);
            pending.inserts.add(new Dispatched(runId, stepId, attempt, type,
                    input == null ? null : json.writeValueAsString(input), now, tracing.traceId(), leaseUntil));
            return true;
        }
        flushAttempts();
        return jdbc.sql("""
                insert into orchestrator.step_attempts (run_id, step_id, attempt, step_type, status, input, started_at,
                    trace_id, lease_until)
                values (?, ?, ?, ?, 'dispatched', ?::jsonb, ?, ?, ?) on conflict do nothing""")
                .params(runId, stepId, attempt, type, input == null ? null : json.writeValueAsString(input),
                        Timestamp.from(now), tracing.traceId(),
                        leaseUntil == null ? null : Timestamp.from(leaseUntil))
                .update() == 1;
    }

    /**
     * Ends a dispatched attempt and returns when it started; null when it had already ended (a
     * duplicate or late result). For a run {@link #lockAll} read ahead, the transaction knows its
     * dispatched attempts (only a holder of the run's lock changes an attempt's status), so the
     * answer needs no query and the update is written with the transaction's others before it
     * commits, in one statement.
     */
    Instant endAttempt(UUID runId, String stepId, int attempt, String status, JsonNode output, JsonNode error) {
        PendingSaves pending = pendingSaves(false);
        java.util.Map<AttemptKey, Instant> known = pending == null ? null : pending.dispatched.get(runId);
        if (known != null) {
            Instant startedAt = known.remove(new AttemptKey(stepId, attempt));
            if (startedAt != null) {
                pending.ends.add(new Ended(runId, stepId, attempt, status,
                        output == null ? null : json.writeValueAsString(output),
                        error == null ? null : json.writeValueAsString(error), Instant.now()));
            }
            return startedAt;
        }
        flushAttempts();
        return jdbc.sql("""
                update orchestrator.step_attempts set status = ?, output = ?::jsonb, error = ?::jsonb, ended_at = ?
                where run_id = ? and step_id = ? and attempt = ? and status = 'dispatched' returning started_at""")
                .params(status, output == null ? null : json.writeValueAsString(output),
                        error == null ? null : json.writeValueAsString(error), Timestamp.from(Instant.now()), runId,
                        stepId, attempt)
                .query(Timestamp.class).optional().map(Timestamp::toInstant).orElse(null);
    }

    private record AttemptKey(String stepId, int attempt) {
    }

    /** A dispatched attempt waiting to be written. */
    private record Dispatched(UUID runId, String stepId, int attempt, String type, String input, Instant startedAt,
            String traceId, Instant leaseUntil) {
    }

    /** An attempt's end waiting to be written. */
    private record Ended(UUID runId, String stepId, int attempt, String status, String output, String error,
            Instant endedAt) {
    }

    /** Writes the current transaction's pending attempts and attempt ends, before a statement that reads or writes attempts. */
    private void flushAttempts() {
        PendingSaves pending = pendingSaves(false);
        if (pending != null) {
            pending.write(true);
        }
    }

    /** Records a step the engine ran itself (transform, switch …) as one completed attempt. */
    void inline(UUID runId, String stepId, String type, JsonNode output, JsonNode error) {
        flushAttempts();
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.sql("""
                insert into orchestrator.step_attempts
                    (run_id, step_id, attempt, step_type, status, output, error, started_at, ended_at, trace_id)
                values (?, ?, coalesce((select max(attempt) from orchestrator.step_attempts
                                        where run_id = ? and step_id = ?), 0) + 1, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?)""")
                .params(runId, stepId, runId, stepId, type, error == null ? "completed" : "failed",
                        output == null ? null : json.writeValueAsString(output),
                        error == null ? null : json.writeValueAsString(error), now, now, tracing.traceId())
                .update();
    }

    int nextAttempt(UUID runId, String stepId) {
        flushAttempts();
        return jdbc.sql("select coalesce(max(attempt), 0) + 1 from orchestrator.step_attempts where run_id = ? "
                + "and step_id = ?").params(runId, stepId).query(Integer.class).single();
    }

    /** Makes a failed run running again (for a retry), keeping its state. */
    void reopen(UUID runId) {
        flushSaves();
        changing(runId);
        jdbc.sql("update orchestrator.runs set status = 'running', error = null, output = null, ended_at = null, "
                + "updated_at = now() where id = ?").param(runId).update();
    }

    void cancelDispatched(UUID runId) {
        flushAttempts();
        PendingSaves pending = pendingSaves(false);
        if (pending != null) {
            pending.dispatched.remove(runId);
        }
        jdbc.sql("update orchestrator.step_attempts set status = 'cancelled', ended_at = now() "
                + "where run_id = ? and status = 'dispatched'").param(runId).update();
    }

    /** A step attempt that waits for the outside world (a signal or a decision), in a run or one of its children. */
    record Waiting(UUID runId, String stepId, int attempt, String type, JsonNode input) {
    }

    /** The waiting steps of a run and of its running descendants (branches, items, sub-workflows), the run's own first. */
    List<Waiting> waiting(UUID runId) {
        flushAttempts();
        flushSaves();
        return jdbc.sql("""
                with recursive tree (id, depth) as (
                    select ?::uuid, 0
                    union all
                    select r.id, t.depth + 1 from orchestrator.runs r join tree t on r.parent_run_id = t.id
                    where r.status = 'running')
                select a.run_id, a.step_id, a.attempt, a.step_type, a.input::text
                from orchestrator.step_attempts a join tree t on a.run_id = t.id
                where a.status = 'dispatched' and a.step_type in ('awaitSignal', 'approval')
                order by t.depth, a.started_at""")
                .param(runId)
                .query((rs, row) -> new Waiting(rs.getObject(1, UUID.class), rs.getString(2), rs.getInt(3),
                        rs.getString(4), tree(rs.getString(5))))
                .list();
    }

    List<String> dispatched(UUID runId) {
        flushAttempts();
        return jdbc.sql("select step_id from orchestrator.step_attempts where run_id = ? and status = 'dispatched' "
                + "order by started_at").param(runId).query(String.class).list();
    }

    List<StepAttemptView> history(UUID runId) {
        flushAttempts();
        return jdbc.sql("""
                select step_id, step_type, attempt, status, input::text as input, output::text as output,
                       error::text as error, started_at, ended_at, trace_id
                from orchestrator.step_attempts where run_id = ? order by started_at, attempt""")
                .param(runId)
                .query((rs, row) -> new StepAttemptView(rs.getString("step_id"), rs.getString("step_type"),
                        rs.getInt("attempt"), rs.getString("status"), tree(rs.getString("input")),
                        tree(rs.getString("output")), tree(rs.getString("error")),
                        rs.getTimestamp("started_at").toInstant(), instant(rs.getTimestamp("ended_at")),
                        rs.getString("trace_id")))
                .list();
    }

    JsonNode tree(String text) {
        return text == null ? null : json.readTree(text);
    }

    private RunRow row(ResultSet rs, int row) throws SQLException {
        return new RunRow(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class),
                rs.getObject("app_id", UUID.class), rs.getString("app_name"), rs.getLong("definition_id"),
                rs.getInt("revision"), rs.getString("workflow"), rs.getString("status"),
                json.readTree(rs.getString("input")), (ObjectNode) json.readTree(rs.getString("state")),
                rs.getString("output"), rs.getString("error"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(), instant(rs.getTimestamp("ended_at")),
                rs.getObject("parent_run_id", UUID.class), rs.getString("parent_step_id"), rs.getInt("parent_attempt"),
                rs.getInt("parent_slot"), rs.getString("scope"), rs.getString("environment"));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
