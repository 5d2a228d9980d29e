package dev.plinth.orchestrator;

import java.util.List;
import java.util.UUID;

/** The orchestrator's Java API: start, read, list and cancel workflow runs. */
public interface Workflows {

    /** Starts a run; its input must match the workflow's input schema. Returns at once; the run proceeds durably. */
    RunView start(StartRun request);

    RunView run(UUID tenantId, UUID runId);

    RunPage runs(UUID tenantId, UUID appId, String workflow, String status, String cursor, int limit);

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

    /** Cancels a running run; its dispatched steps' late results are ignored. */
    RunView cancel(UUID tenantId, UUID runId);
}
