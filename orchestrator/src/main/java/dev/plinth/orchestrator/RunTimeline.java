package dev.plinth.orchestrator;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One run laid out in time, as a Gantt chart draws it: the run's own interval, each step with its
 * attempts, the intervals the run spent waiting, and the critical path — the chain of steps whose
 * durations added up to the run's end time (shortening any other step would not have ended it sooner).
 *
 * <p>Built from the run's recorded step attempts by {@link #of(RunView, List)}; nothing extra is
 * stored for it.
 *
 * @param startedAt    when the run was created
 * @param endedAt      when it ended; {@code null} while it is running
 * @param steps        every step that started, ordered by first start
 * @param waits        intervals a step spent waiting: for a timer, a signal, an approval, or the
 *                     backoff before a retry
 * @param criticalPath ids of the steps on the critical path, first to last
 */
public record RunTimeline(UUID runId, String app, String workflow, String status, Instant startedAt,
        Instant endedAt, Long durationMillis, List<Step> steps, List<Wait> waits, List<String> criticalPath) {

    /**
     * One step of the run.
     *
     * @param branch         the parallel branch the step ran in; {@code null} on the run's main line
     *                       (the engine does not run parallel branches yet, so this is {@code null} today)
     * @param parent         the step that owns the branch (a {@code parallel} or {@code forEach} step);
     *                       {@code null} on the main line
     * @param status         the status of the step's last attempt
     * @param firstStartedAt when its first attempt started
     * @param lastEndedAt    when its last attempt ended; {@code null} while one is still open
     * @param onCriticalPath whether the step is on the run's critical path
     */
    public record Step(String stepId, String type, String branch, String parent, String status,
            Instant firstStartedAt, Instant lastEndedAt, Long durationMillis, List<Attempt> attempts,
            boolean onCriticalPath) {
    }

    /**
     * One attempt of a step.
     *
     * @param errorType the {@code type} of the attempt's error when it failed or timed out
     */
    public record Attempt(int attempt, String status, Instant startedAt, Instant endedAt, Long durationMillis,
            String errorType) {
    }

    /**
     * An interval in which the run waited on a step.
     *
     * @param kind  {@code timer} (a {@code wait} step), {@code signal} ({@code awaitSignal}),
     *              {@code approval}, or {@code retry} (the backoff between a failed attempt and the next)
     * @param until for a timer, the instant it was set to wake; otherwise {@code null}
     * @param to    when the wait ended; {@code null} while it lasts
     */
    public record Wait(String stepId, String kind, Instant from, Instant to, Instant until, Long durationMillis) {
    }

    /** Lays out a run from its view and its step attempts (as {@link Workflows#history} returns them). */
    public static RunTimeline of(RunView run, List<StepAttemptView> history) {
        return TimelineAssembler.assemble(run, history);
    }
}
