package dev.plinth.orchestrator;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * One run laid out in time, as a Gantt chart draws it: the run's own interval, each step with its
 * attempts — including the steps of its child runs (parallel branches, forEach items, loop
 * iterations, sub-workflows), labelled with their branch —, the intervals spent waiting, and the
 * critical path: the chain of steps whose durations added up to the run's end time (shortening any
 * other step would not have ended it sooner).
 *
 * <p>Derived from recorded step attempts and child runs by {@link #of}; nothing extra is stored for it.
 *
 * @param parent       when this run is itself a child run, the run and container step it belongs to
 * @param startedAt    when the run was created
 * @param endedAt      when it ended; {@code null} while it is running
 * @param steps        every step that started, in this run and its child runs, ordered by first start
 * @param waits        intervals a step spent waiting: for a timer, a signal, an approval, or the
 *                     backoff before a retry
 * @param criticalPath the steps on the critical path, first to last; a container step on the path is
 *                     followed by the path through the child runs that determined its end
 * @param truncated    true when the run has more child runs than one timeline lays out
 *                     ({@value TimelineAssembler#MAX_RUNS}); the steps of the rest are left out
 */
public record RunTimeline(UUID runId, String app, String workflow, String status, RunView.Parent parent,
        Instant startedAt, Instant endedAt, Long durationMillis, List<Step> steps, List<Wait> waits,
        List<PathStep> criticalPath, boolean truncated) {

    /**
     * One step of the run or of one of its child runs.
     *
     * @param runId          the run the step ran in: this run, or a child run
     * @param branch         {@code null} for the run's own steps; for a child run's steps, its place:
     *                       {@code <step>/<branch name>} for a parallel branch, {@code <step>[<n>]} for a
     *                       forEach item, loop iteration or sub-workflow, nested ones joined by {@code /}
     * @param parent         the container step the branch belongs to; {@code null} for the run's own steps
     * @param status         the status of the step's last attempt
     * @param firstStartedAt when its first attempt started
     * @param lastEndedAt    when its last attempt ended; {@code null} while one is still open
     * @param onCriticalPath whether the step is on the critical path
     */
    public record Step(UUID runId, String stepId, String type, String branch, String parent, String status,
            Instant firstStartedAt, Instant lastEndedAt, Long durationMillis, List<Attempt> attempts,
            boolean onCriticalPath) {
    }

    /**
     * One attempt of a step.
     *
     * @param errorType the {@code type} of the attempt's error when it failed or timed out
     * @param traceId   the trace of the attempt, to jump to it in the tracing backend; null when tracing is off
     */
    public record Attempt(int attempt, String status, Instant startedAt, Instant endedAt, Long durationMillis,
            String errorType, String traceId) {
    }

    /**
     * An interval in which a step waited.
     *
     * @param kind  {@code timer} (a {@code wait} step), {@code signal} ({@code awaitSignal}),
     *              {@code approval}, or {@code retry} (the backoff between a failed attempt and the next)
     * @param until for a timer, the instant it was set to wake; otherwise {@code null}
     * @param to    when the wait ended; {@code null} while it lasts
     */
    public record Wait(UUID runId, String stepId, String branch, String kind, Instant from, Instant to,
            Instant until, Long durationMillis) {
    }

    /** A step on the critical path, named as in {@link Step}. */
    public record PathStep(UUID runId, String stepId, String branch) {
    }

    /**
     * Lays out a run.
     *
     * @param history  a run's step attempts by run id (as {@link Workflows#history} returns them)
     * @param children a run's child runs by run id (as {@link Workflows#children} returns them)
     */
    public static RunTimeline of(RunView run, Function<UUID, List<StepAttemptView>> history,
            Function<UUID, List<RunView>> children) {
        return new TimelineAssembler(history, children).assemble(run);
    }
}
