package dev.plinth.platform.audit;

import java.sql.Timestamp;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes audit entries older than {@code plinth.audit.retention}. This is the only delete the
 * table's trigger lets through: the transaction declares its cut-off
 * ({@code plinth.audit_purge_before}), and the database deletes nothing younger than it, nor
 * anything younger than a day. Deletes go in batches so a first purge of a large log does not hold
 * one long transaction.
 */
@Component
class AuditRetention {

    private static final Logger log = LoggerFactory.getLogger(AuditRetention.class);
    private static final int BATCH = 10_000;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final AuditProperties properties;

    AuditRetention(JdbcClient jdbc, TransactionTemplate transactions, AuditProperties properties) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.properties = properties;
    }

    @Scheduled(fixedDelayString = "${plinth.audit.purge-interval:1h}", initialDelayString = "PT2M")
    void purgeExpired() {
        int purged = purgeOlderThan(Instant.now().minus(properties.retention()));
        if (purged > 0) {
            log.info("Purged {} audit entries older than {}", purged, properties.retention());
        }
    }

    /** Deletes the entries that occurred before {@code cutoff}; returns how many. */
    int purgeOlderThan(Instant cutoff) {
        int total = 0;
        int deleted;
        do {
            deleted = transactions.execute(status -> {
                jdbc.sql("select set_config('plinth.audit_purge_before', ?, true)").param(cutoff.toString())
                        .query().singleValue();
                return jdbc.sql("""
                        delete from platform.audit_events where id in (
                            select id from platform.audit_events where occurred_at < ? limit ?)""")
                        .params(Timestamp.from(cutoff), BATCH).update();
            });
            total += deleted;
        } while (deleted == BATCH);
        return total;
    }
}
