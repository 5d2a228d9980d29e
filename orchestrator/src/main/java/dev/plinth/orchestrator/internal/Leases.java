package dev.plinth.orchestrator.internal;

import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Expires step leases. An attempt dispatched to a worker carries {@code lease_until}; when it passes
 * with the attempt still dispatched, its worker is presumed dead and a {@code lease} event goes to
 * the engine, which dispatches the step again. Expired leases are claimed with {@code SKIP LOCKED}
 * and cleared in the transaction that writes their events, so each fires once however many
 * instances sweep; the event itself is idempotent (the attempt must still be dispatched).
 */
class Leases {

    private static final int BATCH = 500;

    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final TransactionTemplate transactions;
    private final String eventsTopic;

    Leases(JdbcClient jdbc, Outbox outbox, TransactionTemplate transactions, String eventsTopic) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.transactions = transactions;
        this.eventsTopic = eventsTopic;
    }

    @Scheduled(fixedDelayString = "${plinth.workflow.lease-check-interval:1s}")
    void expire() {
        transactions.executeWithoutResult(status -> {
            record Expired(UUID runId, String stepId, int attempt) {
            }
            List<Expired> expired = jdbc.sql("""
                    with expired as materialized (
                        select run_id, step_id, attempt from orchestrator.step_attempts
                        where status = 'dispatched' and lease_until is not null and lease_until <= now()
                        order by lease_until limit ? for update skip locked)
                    update orchestrator.step_attempts a set lease_until = null
                    from expired e where a.run_id = e.run_id and a.step_id = e.step_id and a.attempt = e.attempt
                    returning a.run_id, a.step_id, a.attempt""")
                    .param(BATCH)
                    .query((rs, row) -> new Expired(rs.getObject(1, UUID.class), rs.getString(2), rs.getInt(3)))
                    .list();
            for (Expired lease : expired) {
                outbox.add(eventsTopic, lease.runId(), Advancer.event("lease", lease.runId(), lease.stepId(),
                        lease.attempt()));
            }
        });
    }
}
