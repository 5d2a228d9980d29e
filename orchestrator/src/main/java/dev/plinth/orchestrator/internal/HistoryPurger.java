package dev.plinth.orchestrator.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Deletes ended runs (with their attempts and child runs) once they are older than their app's
 * run history retention ({@code spec.memory.retention.runs}), or the installation's default
 * {@code plinth.workflow.history-retention} for apps that set none. In small batches, so a large
 * purge never holds long locks; several instances purging at once only share the work.
 */
class HistoryPurger {

    private static final Logger log = LoggerFactory.getLogger(HistoryPurger.class);
    private static final int BATCH = 500;

    private final RunStore runs;
    private final Duration fallback;
    private final Counter purged;

    HistoryPurger(RunStore runs, Duration fallback, MeterRegistry registry) {
        this.runs = runs;
        this.fallback = fallback;
        this.purged = Counter.builder("plinth.workflow.runs.purged")
                .description("Ended runs deleted by the run history retention").register(registry);
    }

    @Scheduled(initialDelayString = "${plinth.workflow.purge-interval:1h}",
            fixedDelayString = "${plinth.workflow.purge-interval:1h}")
    void purge() {
        try {
            int deleted;
            do {
                deleted = runs.purge(fallback, BATCH);
                purged.increment(deleted);
            } while (deleted == BATCH);
        } catch (RuntimeException failure) {
            log.warn("Purging run history failed; the next round retries: {}", failure.getMessage());
        }
    }
}
