package dev.plinth.orchestrator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A tenant's runs over time, counted from run history itself (not from metrics), so a chart can
 * show the past hour the moment it opens and every instance answers alike. Buckets are aligned to
 * multiples of their width since the epoch; buckets with nothing in them are not returned.
 */
public interface RunStatistics {

    /** Runs started in a bucket (by start time) and runs that ended in it (by end time), by outcome. */
    record RunBucket(Instant start, long started, long completed, long failed, long cancelled) {
    }

    /**
     * The tenant's runs per bucket of {@code bucket} within {@code [from, to)}, oldest first: child
     * runs of sub-workflows count, the internal runs of parallel branches do not (as in the run
     * list and the {@code plinth.workflow.runs.*} meters).
     */
    List<RunBucket> runs(UUID tenantId, Instant from, Instant to, Duration bucket);
}
