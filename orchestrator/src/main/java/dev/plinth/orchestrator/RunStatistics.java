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

    /**
     * How long the step attempts of the runs that ended in a bucket took (from start to end of each
     * attempt; a retried step counts once per ended attempt, a waiting step its wait).
     *
     * @param stepType  the step type, or {@code null} for every step type of the bucket together
     * @param attempts  how many ended attempts were measured
     * @param meanMillis their mean duration in milliseconds
     * @param p95Millis  their 95th percentile, interpolated between the two nearest durations
     */
    record StepLatency(Instant start, String stepType, long attempts, double meanMillis, double p95Millis) {
    }

    /**
     * Step latency per bucket of {@code bucket} within {@code [from, to)} for the tenant's runs that
     * ended in it (bucketed by the run's end), oldest first and, within a bucket, the overall figures
     * before those of each step type by name. Only the steps of the runs {@link #runs} counts are
     * measured: a parallel branch's own steps are not.
     */
    List<StepLatency> stepLatency(UUID tenantId, Instant from, Instant to, Duration bucket);
}
