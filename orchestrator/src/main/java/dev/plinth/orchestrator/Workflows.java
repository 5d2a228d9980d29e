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

    /** Cancels a running run; its dispatched steps' late results are ignored. */
    RunView cancel(UUID tenantId, UUID runId);
}
