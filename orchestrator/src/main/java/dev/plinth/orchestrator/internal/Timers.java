package dev.plinth.orchestrator.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Durable timers (retry backoff, step timeouts). A due timer is claimed with {@code SKIP LOCKED}
 * and turned into an engine event through the outbox in the same transaction, so it fires exactly
 * once however many instances poll.
 */
class Timers {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Outbox outbox;
    private final TransactionTemplate transactions;
    private final String eventsTopic;
    private final EngineTracing tracing;

    Timers(JdbcClient jdbc, JsonMapper json, Outbox outbox, TransactionTemplate transactions, String eventsTopic,
            EngineTracing tracing) {
        this.tracing = tracing;
        this.jdbc = jdbc;
        this.json = json;
        this.outbox = outbox;
        this.transactions = transactions;
        this.eventsTopic = eventsTopic;
    }

    void schedule(UUID runId, Instant fireAt, JsonNode event) {
        Map<String, String> trace = tracing.current();
        jdbc.sql("insert into orchestrator.timers (run_id, fire_at, payload, headers) values (?, ?, ?::jsonb, ?::jsonb)")
                .params(runId, Timestamp.from(fireAt), json.writeValueAsString(event),
                        trace.isEmpty() ? null : json.writeValueAsString(trace)).update();
    }

    @Scheduled(fixedDelayString = "${plinth.workflow.timer-interval:100ms}")
    void fireDue() {
        transactions.executeWithoutResult(status -> {
            record Due(long id, UUID runId, String payload, String headers) {
            }
            List<Due> due = jdbc.sql("select id, run_id, payload::text, headers::text from orchestrator.timers "
                            + "where fired_at is null and fire_at <= now() order by fire_at limit 500 "
                            + "for update skip locked")
                    .query((rs, row) -> new Due(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3),
                            rs.getString(4))).list();
            for (Due timer : due) {
                outbox.add(eventsTopic, timer.runId(), json.readTree(timer.payload()), outbox.headers(timer.headers()));
            }
            if (!due.isEmpty()) {
                jdbc.sql("update orchestrator.timers set fired_at = now() where id = any(?)")
                        .param(due.stream().map(Due::id).toArray(Long[]::new)).update();
            }
        });
    }

    /** Seconds since the most overdue unfired timer was due; 0 when none is due. */
    double lagSeconds() {
        return jdbc.sql("select coalesce(extract(epoch from now() - min(fire_at)), 0) from orchestrator.timers "
                + "where fired_at is null and fire_at <= now()").query(Double.class).single();
    }
}
