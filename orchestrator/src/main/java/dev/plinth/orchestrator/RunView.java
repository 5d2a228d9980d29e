package dev.plinth.orchestrator;

import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * A workflow run as clients see it.
 *
 * @param status       {@code running}, {@code completed}, {@code failed} or {@code cancelled}
 * @param currentSteps steps dispatched and not yet finished
 * @param parent       for a child run (a parallel branch, forEach item, loop iteration or
 *                     sub-workflow), the run and container step it belongs to; null otherwise
 */
public record RunView(UUID id, String app, int revision, String workflow, String status, JsonNode input,
        JsonNode output, JsonNode error, java.util.List<String> currentSteps, Instant createdAt, Instant updatedAt,
        Instant endedAt, Parent parent) {

    /**
     * Where a child run belongs.
     *
     * @param slot the branch's position in the parallel step, the item's index, or the iteration number
     */
    public record Parent(UUID runId, String stepId, int slot) {
    }
}
