package dev.plinth.orchestrator.internal;

import dev.plinth.orchestrator.StartRun;
import dev.plinth.orchestrator.Workflows;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Cron triggers. A due schedule is claimed with {@code SKIP LOCKED}, its run started with the tick
 * as idempotency key, and its next tick computed — all in one transaction, so a tick fires once
 * across instances and a crash between claim and commit only lets another instance fire it.
 */
class Schedules {

    private static final Logger log = LoggerFactory.getLogger(Schedules.class);

    private record Due(UUID appId, String trigger, UUID tenantId, String appName, int revision, String workflow,
            String cron, String timezone, Instant fireAt) {
    }

    private final JdbcClient jdbc;
    private final RunStore runs;
    private final TransactionTemplate transactions;
    private Workflows workflows;

    Schedules(JdbcClient jdbc, RunStore runs, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.runs = runs;
        this.transactions = transactions;
    }

    void workflows(Workflows workflows) {
        this.workflows = workflows;
    }

    void replace(UUID tenantId, UUID appId, String appName, int revision, JsonNode definition) {
        jdbc.sql("delete from orchestrator.schedules where app_id = ?").param(appId).update();
        for (JsonNode trigger : definition.path("spec").path("triggers")) {
            if (!"schedule".equals(trigger.path("type").asString())) {
                continue;
            }
            String cron = trigger.path("cron").asString();
            String zone = trigger.path("timezone").asString("UTC");
            runs.pin(appId, revision, trigger.path("workflow").asString(), definition);
            jdbc.sql("""
                    insert into orchestrator.schedules (app_id, trigger_name, tenant_id, app_name, revision, workflow,
                        cron, timezone, next_fire_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(appId, trigger.path("name").asString(), tenantId, appName, revision,
                            trigger.path("workflow").asString(), cron, zone,
                            Timestamp.from(next(cron, zone, Instant.now())))
                    .update();
        }
    }

    void remove(UUID appId) {
        jdbc.sql("delete from orchestrator.schedules where app_id = ?").param(appId).update();
    }

    @Scheduled(fixedDelayString = "${plinth.workflow.schedule-interval:1s}")
    void fireDue() {
        try {
            while (Boolean.TRUE.equals(transactions.execute(status -> fireOne()))) {
                // keep firing while ticks are due
            }
        } catch (RuntimeException failure) {
            log.warn("Firing workflow schedules failed; it will be retried: {}", failure.getMessage());
        }
    }

    private boolean fireOne() {
        List<Due> due = jdbc.sql("""
                select app_id, trigger_name, tenant_id, app_name, revision, workflow, cron, timezone, next_fire_at
                from orchestrator.schedules where next_fire_at <= now() order by next_fire_at limit 1
                for update skip locked""")
                .query((rs, row) -> new Due(rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, UUID.class),
                        rs.getString(4), rs.getInt(5), rs.getString(6), rs.getString(7), rs.getString(8),
                        rs.getTimestamp(9).toInstant()))
                .list();
        if (due.isEmpty()) {
            return false;
        }
        Due tick = due.get(0);
        JsonNode definition = runs.definitionOfRevision(tick.appId(), tick.revision());
        if (definition != null) {
            workflows.start(new StartRun(tick.tenantId(), tick.appId(), tick.appName(), tick.revision(), definition,
                    tick.workflow(), null, "schedule:" + tick.trigger() + ":" + tick.fireAt()));
        }
        jdbc.sql("update orchestrator.schedules set next_fire_at = ? where app_id = ? and trigger_name = ?")
                .params(Timestamp.from(next(tick.cron(), tick.timezone(), Instant.now())), tick.appId(),
                        tick.trigger())
                .update();
        return true;
    }

    static Instant next(String cron, String zone, Instant after) {
        ZonedDateTime next = CronExpression.parse(cron).next(ZonedDateTime.ofInstant(after, ZoneId.of(zone)));
        if (next == null) {
            throw new IllegalArgumentException("The cron expression '" + cron + "' never fires");
        }
        return next.toInstant();
    }
}
