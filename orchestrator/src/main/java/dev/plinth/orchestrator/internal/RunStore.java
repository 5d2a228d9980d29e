package dev.plinth.orchestrator.internal;

import dev.plinth.orchestrator.StepAttemptView;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Runs, their step attempts and pinned definitions, in the {@code orchestrator} schema. */
class RunStore {

    private static final String COLUMNS = "id, tenant_id, app_id, app_name, definition_id, revision, workflow, status, "
            + "input::text as input, state::text as state, output::text as output, error::text as error, created_at, "
            + "updated_at, ended_at";

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final WorkflowMetrics metrics;

    RunStore(JdbcClient jdbc, JsonMapper json, WorkflowMetrics metrics) {
        this.jdbc = jdbc;
        this.json = json;
        this.metrics = metrics;
    }

    /** The id of the pinned copy of a workflow definition, stored once per app revision and workflow. */
    long pin(UUID appId, int revision, String workflow, JsonNode definition) {
        jdbc.sql("""
                insert into orchestrator.workflow_definitions (app_id, revision, workflow, definition)
                values (?, ?, ?, ?::jsonb) on conflict do nothing""")
                .params(appId, revision, workflow, json.writeValueAsString(definition)).update();
        return jdbc.sql("select id from orchestrator.workflow_definitions where app_id = ? and revision = ? "
                        + "and workflow = ?")
                .params(appId, revision, workflow).query(Long.class).single();
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

    /** Inserts a run unless one with the same idempotency key exists; returns the run that exists now. */
    UUID insert(UUID id, UUID tenantId, UUID appId, String appName, long definitionId, int revision, String workflow,
            JsonNode input, ObjectNode state, String idempotencyKey) {
        Timestamp now = Timestamp.from(Instant.now());
        int inserted = jdbc.sql("""
                insert into orchestrator.runs (id, tenant_id, app_id, app_name, definition_id, revision, workflow,
                    status, input, state, idempotency_key, created_at, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, 'running', ?::jsonb, ?::jsonb, ?, ?, ?) on conflict do nothing""")
                .params(id, tenantId, appId, appName, definitionId, revision, workflow, json.writeValueAsString(input),
                        json.writeValueAsString(state), idempotencyKey, now, now)
                .update();
        if (inserted == 1) {
            return id;
        }
        return jdbc.sql("select id from orchestrator.runs where app_id = ? and workflow = ? and idempotency_key = ?")
                .params(appId, workflow, idempotencyKey).query(UUID.class).single();
    }

    /** The run, locked for this transaction: transitions of one run never interleave. */
    Optional<RunRow> lock(UUID runId) {
        return jdbc.sql("select " + COLUMNS + " from orchestrator.runs where id = ? for update")
                .param(runId).query(this::row).optional();
    }

    Optional<RunRow> find(UUID tenantId, UUID runId) {
        return jdbc.sql("select " + COLUMNS + " from orchestrator.runs where id = ? and tenant_id = ?")
                .params(runId, tenantId).query(this::row).optional();
    }

    List<RunRow> page(UUID tenantId, UUID appId, String workflow, String status, Instant before, UUID beforeId,
            int limit) {
        return jdbc.sql("select " + COLUMNS + " from orchestrator.runs where tenant_id = ? and app_id = ? "
                        + "and (?::text is null or workflow = ?) and (?::text is null or status = ?) "
                        + "and (created_at, id) < (?, ?) order by created_at desc, id desc limit ?")
                .params(tenantId, appId, workflow, workflow, status, status, Timestamp.from(before), beforeId, limit)
                .query(this::row).list();
    }

    void save(UUID runId, ObjectNode state) {
        jdbc.sql("update orchestrator.runs set state = ?::jsonb, updated_at = ? where id = ?")
                .params(json.writeValueAsString(state), Timestamp.from(Instant.now()), runId).update();
    }

    void finish(UUID runId, String status, ObjectNode state, JsonNode output, JsonNode error) {
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.sql("""
                update orchestrator.runs set status = ?, state = ?::jsonb, output = ?::jsonb, error = ?::jsonb,
                    updated_at = ?, ended_at = ? where id = ?""")
                .params(status, json.writeValueAsString(state), output == null ? null : json.writeValueAsString(output),
                        error == null ? null : json.writeValueAsString(error), now, now, runId)
                .update();
    }

    /** Records a dispatched attempt; false when that attempt exists already (a repeated event). */
    boolean attempt(UUID runId, String stepId, int attempt, String type, JsonNode input) {
        return jdbc.sql("""
                insert into orchestrator.step_attempts (run_id, step_id, attempt, step_type, status, input, started_at)
                values (?, ?, ?, ?, 'dispatched', ?::jsonb, ?) on conflict do nothing""")
                .params(runId, stepId, attempt, type, input == null ? null : json.writeValueAsString(input),
                        Timestamp.from(Instant.now()))
                .update() == 1;
    }

    /** Ends a dispatched attempt; false when it had already ended (a duplicate or late result). */
    boolean endAttempt(UUID runId, String stepId, int attempt, String status, JsonNode output, JsonNode error) {
        Instant now = Instant.now();
        // The attempt's start is only known here, so its duration is taken from the same statement.
        Optional<EndedAttempt> ended = jdbc.sql("""
                update orchestrator.step_attempts a set status = ?, output = ?::jsonb, error = ?::jsonb, ended_at = ?
                from orchestrator.runs r
                where r.id = a.run_id and a.run_id = ? and a.step_id = ? and a.attempt = ? and a.status = 'dispatched'
                returning r.app_name, r.workflow, a.step_type, a.started_at""")
                .params(status, output == null ? null : json.writeValueAsString(output),
                        error == null ? null : json.writeValueAsString(error), Timestamp.from(now), runId,
                        stepId, attempt)
                .query((rs, row) -> new EndedAttempt(rs.getString("app_name"), rs.getString("workflow"),
                        rs.getString("step_type"), rs.getTimestamp("started_at").toInstant()))
                .optional();
        ended.ifPresent(step -> metrics.stepEnded(step.app(), step.workflow(), step.type(), status,
                Duration.between(step.startedAt(), now)));
        return ended.isPresent();
    }

    private record EndedAttempt(String app, String workflow, String type, Instant startedAt) {
    }

    /** Records a step the engine ran itself (transform, switch …) as one completed attempt. */
    void inline(UUID runId, String stepId, String type, JsonNode output, JsonNode error) {
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.sql("""
                insert into orchestrator.step_attempts
                    (run_id, step_id, attempt, step_type, status, output, error, started_at, ended_at)
                values (?, ?, coalesce((select max(attempt) from orchestrator.step_attempts
                                        where run_id = ? and step_id = ?), 0) + 1, ?, ?, ?::jsonb, ?::jsonb, ?, ?)""")
                .params(runId, stepId, runId, stepId, type, error == null ? "completed" : "failed",
                        output == null ? null : json.writeValueAsString(output),
                        error == null ? null : json.writeValueAsString(error), now, now)
                .update();
    }

    int nextAttempt(UUID runId, String stepId) {
        return jdbc.sql("select coalesce(max(attempt), 0) + 1 from orchestrator.step_attempts where run_id = ? "
                + "and step_id = ?").params(runId, stepId).query(Integer.class).single();
    }

    /** Makes a failed run running again (for a retry), keeping its state. */
    void reopen(UUID runId) {
        jdbc.sql("update orchestrator.runs set status = 'running', error = null, output = null, ended_at = null, "
                + "updated_at = now() where id = ?").param(runId).update();
    }

    void cancelDispatched(UUID runId) {
        jdbc.sql("update orchestrator.step_attempts set status = 'cancelled', ended_at = now() "
                + "where run_id = ? and status = 'dispatched'").param(runId).update();
    }

    /** A step attempt that waits for the outside world (a signal or a decision). */
    record Waiting(String stepId, int attempt, String type, JsonNode input) {
    }

    List<Waiting> waiting(UUID runId) {
        return jdbc.sql("select step_id, attempt, step_type, input::text from orchestrator.step_attempts "
                        + "where run_id = ? and status = 'dispatched' and step_type in ('awaitSignal', 'approval')")
                .param(runId)
                .query((rs, row) -> new Waiting(rs.getString(1), rs.getInt(2), rs.getString(3), tree(rs.getString(4))))
                .list();
    }

    List<String> dispatched(UUID runId) {
        return jdbc.sql("select step_id from orchestrator.step_attempts where run_id = ? and status = 'dispatched' "
                + "order by started_at").param(runId).query(String.class).list();
    }

    List<StepAttemptView> history(UUID runId) {
        return jdbc.sql("""
                select step_id, step_type, attempt, status, input::text as input, output::text as output,
                       error::text as error, started_at, ended_at
                from orchestrator.step_attempts where run_id = ? order by started_at, attempt""")
                .param(runId)
                .query((rs, row) -> new StepAttemptView(rs.getString("step_id"), rs.getString("step_type"),
                        rs.getInt("attempt"), rs.getString("status"), tree(rs.getString("input")),
                        tree(rs.getString("output")), tree(rs.getString("error")),
                        rs.getTimestamp("started_at").toInstant(), instant(rs.getTimestamp("ended_at"))))
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
                rs.getTimestamp("updated_at").toInstant(), instant(rs.getTimestamp("ended_at")));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
