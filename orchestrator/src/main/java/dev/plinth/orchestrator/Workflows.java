package dev.plinth.orchestrator;

import java.util.List;
import java.util.UUID;

/** The orchestrator's Java API: start, read, list and cancel workflow runs. */
public interface Workflows {

    /** Starts a run; its input must match the workflow's input schema. Returns at once; the run proceeds durably. */
    RunView start(StartRun request);

    /**
     * Makes the {@code schedule} triggers of an app revision's definition the app's schedules,
     * replacing those of earlier revisions; each tick then starts its workflow once. Also takes
     * the revision's run history retention ({@code spec.memory.retention.runs}).
     */
    void schedule(java.util.UUID tenantId, java.util.UUID appId, String appName, int revision,
            tools.jackson.databind.JsonNode definition);

    /** Removes an app's schedules (the app is being deleted). */
    void unschedule(java.util.UUID appId);

    RunView run(UUID tenantId, UUID runId);

    /** One page of an app's top-level runs (no branches, items or iterations), newest first. */
    default RunPage runs(UUID tenantId, UUID appId, String workflow, String status, String cursor, int limit) {
        return runs(tenantId, appId, new RunFilter(workflow, status, null, null, null), cursor, limit);
    }

    /**
     * One page of an app's top-level runs matching {@code filter}, newest first; {@code cursor} is
     * the previous page's {@link RunPage#nextCursor()} (null for the first page). An unknown status,
     * an id prefix that is not hex or shorter than {@link RunFilter#MIN_ID_PREFIX}, {@code from} after
     * {@code to}, or a cursor this API did not return is invalid.
     */
    RunPage runs(UUID tenantId, UUID appId, RunFilter filter, String cursor, int limit);

    /** Every step attempt of the run, in the order they started. */
    List<StepAttemptView> history(UUID tenantId, UUID runId);

    /**
     * Delivers a signal to a run waiting for it in an {@code awaitSignal} step; the payload becomes
     * the step's output. A run not waiting for this signal is a conflict.
     */
    RunView signal(UUID tenantId, UUID runId, String signal, tools.jackson.databind.JsonNode payload);

    /**
     * Decides a waiting {@code approval} step. {@code callerRoles} are the roles the caller holds
     * (with those its role implies); the step's {@code role} must be among them.
     */
    RunView decide(UUID tenantId, UUID runId, String stepId, boolean approved, String comment, String approver,
            java.util.Set<String> callerRoles);

    /**
     * Retries a failed run from the step that failed: the run is running again, its earlier steps'
     * outputs are kept (no repeated calls), and the failed step gets a new attempt.
     */
    RunView retry(UUID tenantId, UUID runId);

    /**
     * Starts a new run of the same pinned definition from {@code fromStep}, reusing the recorded
     * outputs of the steps before it; {@code input} replaces the original input when given.
     */
    RunView rerun(UUID tenantId, UUID runId, String fromStep, tools.jackson.databind.JsonNode input);

    /** Cancels a running run; its dispatched steps' late results are ignored. */
    RunView cancel(UUID tenantId, UUID runId);

    /**
     * The child runs of a run — the branches, items and iterations of its container steps and the
     * runs of its sub-workflow steps — in step and slot order.
     */
    List<RunView> children(UUID tenantId, UUID runId);

    /**
     * Pauses a running run and its children: steps already executing finish, nothing new starts,
     * and what arrives meanwhile (results, fired timers) waits for {@link #resume}.
     */
    RunView pause(UUID tenantId, UUID runId);

    /** Resumes a paused run where it stopped, applying what arrived while it was paused. */
    RunView resume(UUID tenantId, UUID runId);

    /**
     * The run laid out in time: its steps and those of its child runs with their attempts, waits and
     * the critical path. Derived from {@link #run}, {@link #history} and {@link #children}, so an
     * implementation need not provide it.
     */
    default RunTimeline timeline(UUID tenantId, UUID runId) {
        return RunTimeline.of(run(tenantId, runId), id -> history(tenantId, id), id -> children(tenantId, id));
    }
}
