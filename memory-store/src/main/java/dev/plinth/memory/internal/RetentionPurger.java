package dev.plinth.memory.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Enforces each app's retention, and fact expiry, in small batches. Every batch is one statement
 * that locks its rows with {@code SKIP LOCKED}, so several Plinth instances purging at once share
 * the work instead of blocking each other, and no long transaction holds locks.
 */
class RetentionPurger {

    private static final Logger log = LoggerFactory.getLogger(RetentionPurger.class);

    private final JdbcClient jdbc;
    private final PolicyStore policies;
    private final MemoryMetrics metrics;
    private final int batch;

    RetentionPurger(JdbcClient jdbc, PolicyStore policies, MemoryMetrics metrics, int batch) {
        this.jdbc = jdbc;
        this.policies = policies;
        this.metrics = metrics;
        this.batch = batch;
    }

    @Scheduled(fixedDelayString = "${plinth.memory.purge-interval:5m}", initialDelayString = "${plinth.memory.purge-initial-delay:30s}")
    void scheduled() {
        try {
            purgeNow();
        } catch (RuntimeException failure) {
            log.warn("Memory retention purge failed; it will run again at the next interval", failure);
        }
    }

    /** Runs one full purge; returns how many messages and facts it deleted. */
    long purgeNow() {
        long total = 0;
        for (PolicyStore.AppPolicy app : policies.withRetention()) {
            if (app.policy().messageRetention() != null) {
                total += purgeMessages(app.appId(), Instant.now().minus(app.policy().messageRetention()));
            }
            if (app.policy().factRetention() != null) {
                total += purgeFacts(app.appId(), Instant.now().minus(app.policy().factRetention()));
            }
        }
        total += purgeExpiredFacts();
        return total;
    }

    private long purgeMessages(UUID appId, Instant before) {
        return inBatches("message", () -> jdbc.sql("""
                with doomed as materialized (
                    select session_id, seq from memory.messages where app_id = ? and created_at < ?
                    limit ? for update skip locked),
                gone as (
                    delete from memory.messages m using doomed d
                    where m.session_id = d.session_id and m.seq = d.seq returning m.session_id, m.seq),
                unindexed as (
                    delete from memory.embeddings e using gone g
                    where e.kind = 'message' and e.ref_id = g.session_id and e.ref_seq = g.seq)
                select count(*) from gone""")
                .params(appId, Timestamp.from(before), batch).query(Long.class).single());
    }

    private long purgeFacts(UUID appId, Instant before) {
        return inBatches("fact", () -> deleteFacts("app_id = ? and coalesce(invalid_at, valid_from) < ?", appId,
                Timestamp.from(before)));
    }

    private long purgeExpiredFacts() {
        return inBatches("fact", () -> deleteFacts("expires_at < ?", Timestamp.from(Instant.now())));
    }

    private long deleteFacts(String condition, Object... params) {
        Object[] all = java.util.Arrays.copyOf(params, params.length + 1);
        all[params.length] = batch;
        return jdbc.sql("""
                with doomed as materialized (select id from memory.facts where %s limit ? for update skip locked),
                gone as (delete from memory.facts f using doomed d where f.id = d.id returning f.id),
                unindexed as (delete from memory.embeddings e using gone g where e.kind = 'fact' and e.ref_id = g.id)
                select count(*) from gone""".formatted(condition))
                .params(all).query(Long.class).single();
    }

    private long inBatches(String kind, java.util.function.LongSupplier batchDelete) {
        long total = 0;
        long deleted;
        do {
            deleted = batchDelete.getAsLong();
            total += deleted;
        } while (deleted == batch);
        if (total > 0) {
            metrics.purged(kind, total);
            log.info("Retention purged {} {} rows", total, kind);
        }
        return total;
    }
}
