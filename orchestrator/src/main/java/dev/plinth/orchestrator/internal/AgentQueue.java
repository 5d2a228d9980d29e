package dev.plinth.orchestrator.internal;

import dev.plinth.orchestrator.AgentTasks;
import dev.plinth.orchestrator.StepInvocation;
import dev.plinth.orchestrator.StepOutcome;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The agent task queue in {@code orchestrator.agent_tasks}. The engine adds a task in the
 * transaction that dispatches the step; agents lease with {@code SKIP LOCKED} (so two agents never
 * get the same live task) and report back; the result becomes an engine event through the outbox
 * in the transaction that deletes the task.
 */
class AgentQueue implements AgentTasks {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Outbox outbox;
    private final TransactionTemplate transactions;
    private final String eventsTopic;
    private final DataSize maxOutput;
    private MultiGauge waiting;

    AgentQueue(JdbcClient jdbc, JsonMapper json, Outbox outbox, TransactionTemplate transactions, String eventsTopic,
            DataSize maxOutput) {
        this.jdbc = jdbc;
        this.json = json;
        this.outbox = outbox;
        this.transactions = transactions;
        this.eventsTopic = eventsTopic;
        this.maxOutput = maxOutput;
    }

    void add(RunRow run, String stepId, int attempt, JsonNode task) {
        jdbc.sql("""
                insert into orchestrator.agent_tasks (tenant_id, environment, run_id, step_id, attempt, payload, created_at)
                values (?, ?, ?, ?, ?, ?::jsonb, ?) on conflict do nothing""")
                .params(run.tenantId(), run.environment(), run.id(), stepId, attempt, json.writeValueAsString(task),
                        Timestamp.from(Instant.now()))
                .update();
    }

    /** Drops the tasks of a run (it was cancelled) or of one attempt (it timed out): no agent need run them. */
    void drop(UUID runId, String stepId, int attempt) {
        jdbc.sql("delete from orchestrator.agent_tasks where run_id = ? and (?::text is null or "
                + "(step_id = ? and attempt = ?))").params(runId, stepId, stepId, attempt).update();
    }

    @Override
    public List<Lease> lease(UUID tenantId, String environment, String agent, int max, Duration leaseFor) {
        // The tasks are picked in a materialized CTE, evaluated once: PostgreSQL does not guarantee
        // the limit of "id in (select ... limit ? for update skip locked)" under every plan, and a
        // request for one task was once answered with two that way (in the console's browser test).
        return transactions.execute(status -> jdbc.sql("""
                with picked as materialized (
                    select id from orchestrator.agent_tasks
                    where tenant_id = ? and environment = ? and (leased_until is null or leased_until < now())
                    order by id limit ? for update skip locked)
                update orchestrator.agent_tasks t set leased_by = ?, leased_until = now() + make_interval(secs => ?),
                    deliveries = t.deliveries + 1
                from picked where t.id = picked.id
                returning t.id, t.deliveries, t.payload::text""")
                .params(tenantId, environment, max, agent, (double) leaseFor.toMillis() / 1000)
                .query((rs, row) -> new Lease(rs.getLong(1), rs.getInt(2), invocation(json.readTree(rs.getString(3)))))
                .list());
    }

    @Override
    public Map<Long, Instant> extend(UUID tenantId, String agent, Collection<Long> taskIds, Duration leaseFor) {
        if (taskIds.isEmpty()) {
            return Map.of();
        }
        Map<Long, Instant> extended = new LinkedHashMap<>();
        jdbc.sql("""
                update orchestrator.agent_tasks set leased_until = now() + make_interval(secs => ?)
                where tenant_id = ? and leased_by = ? and id = any(?::bigint[])
                returning id, leased_until""")
                .params((double) leaseFor.toMillis() / 1000, tenantId, agent, taskIds.toArray(Long[]::new))
                .query(rs -> {
                    extended.put(rs.getLong(1), rs.getTimestamp(2).toInstant());
                });
        return extended;
    }

    @Override
    public boolean complete(UUID tenantId, long taskId, String agent, StepOutcome outcome) {
        Boolean done = transactions.execute(status -> {
            record Done(UUID runId, String stepId, int attempt) {
            }
            var removed = jdbc.sql("delete from orchestrator.agent_tasks where id = ? and tenant_id = ? "
                            + "and leased_by = ? returning run_id, step_id, attempt")
                    .params(taskId, tenantId, agent)
                    .query((rs, row) -> new Done(rs.getObject(1, UUID.class), rs.getString(2), rs.getInt(3)))
                    .optional();
            removed.ifPresent(task -> outbox.add(eventsTopic, task.runId(),
                    StepWorker.resultEvent(task.runId(), task.stepId(), task.attempt(), limited(outcome))));
            return removed.isPresent();
        });
        return Boolean.TRUE.equals(done);
    }

    @Override
    public List<Pending> pending(UUID tenantId, String environment, int limit) {
        return jdbc.sql("""
                select id, run_id, step_id, attempt, payload->'connector'->>'type', created_at, leased_by,
                       leased_until, deliveries
                from orchestrator.agent_tasks where tenant_id = ? and environment = ? order by id limit ?""")
                .params(tenantId, environment, limit)
                .query((rs, row) -> new Pending(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3),
                        rs.getInt(4), rs.getString(5), rs.getTimestamp(6).toInstant(), rs.getString(7),
                        rs.getTimestamp(8) == null ? null : rs.getTimestamp(8).toInstant(), rs.getInt(9)))
                .list();
    }

    private StepOutcome limited(StepOutcome outcome) {
        if (outcome.succeeded() && outcome.output() != null
                && json.writeValueAsBytes(outcome.output()).length > maxOutput.toBytes()) {
            return StepOutcome.failure("output-too-large", "The step's output is over the limit of "
                    + maxOutput.toBytes() + " bytes (plinth.workflow.max-step-output)", false);
        }
        return outcome;
    }

    private static StepInvocation invocation(JsonNode task) {
        return new StepInvocation(UUID.fromString(task.path("tenantId").asString()),
                UUID.fromString(task.path("appId").asString()), UUID.fromString(task.path("runId").asString()),
                task.path("stepId").asString(), task.path("attempt").asInt(), task.path("idempotencyKey").asString(),
                task.path("connectorName").asString(), task.path("connector"), task.path("operation").asString(),
                task.path("parameters"), task.path("appName").asString(null), task.path("environment").asString(null));
    }

    /** {@code plinth.agent.tasks.waiting}: tasks no live lease holds, by environment — steps waiting for an agent. */
    void register(MeterRegistry registry) {
        waiting = MultiGauge.builder("plinth.agent.tasks.waiting")
                .description("Step tasks waiting for a deploy agent of their environment (none holds a live lease)")
                .register(registry);
    }

    @Scheduled(initialDelayString = "${plinth.workflow.lag-interval:15s}",
            fixedDelayString = "${plinth.workflow.lag-interval:15s}")
    void measure() {
        if (waiting == null) {
            return;
        }
        List<MultiGauge.Row<?>> rows = jdbc.sql("""
                select environment, count(*) from orchestrator.agent_tasks
                where leased_until is null or leased_until < now() group by environment""")
                .query((rs, row) -> MultiGauge.Row.of(Tags.of("environment", rs.getString(1)), rs.getLong(2)))
                .list().stream().<MultiGauge.Row<?>>map(row -> row).toList();
        waiting.register(rows, true);
    }
}
