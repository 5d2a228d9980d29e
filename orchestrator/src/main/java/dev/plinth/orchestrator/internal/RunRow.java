package dev.plinth.orchestrator.internal;

import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A run as the engine works on it; {@code state} holds step outputs ({@code steps}) and variables
 * ({@code vars}). A child run (a branch, item or iteration of a container step, or a sub-workflow)
 * knows its parent: the run, the container step and its attempt, and its slot there.
 *
 * @param scope the nested step list a child runs ({@code <step id>} or {@code <step id>/<branch>}),
 *              null for a whole workflow
 * @param environment the deployment environment the run (or its top-level ancestor) started in, or null
 */
record RunRow(UUID id, UUID tenantId, UUID appId, String appName, long definitionId, int revision, String workflow,
        String status, JsonNode input, ObjectNode state, String output, String error, Instant createdAt,
        Instant updatedAt, Instant endedAt, UUID parentRunId, String parentStepId, int parentAttempt, int parentSlot,
        String scope, String environment) {

    /** A branch, item or iteration: part of its parent's workflow rather than a workflow run of its own. */
    boolean part() {
        return scope != null;
    }

    boolean paused() {
        return "paused".equals(status);
    }

    /** Running or paused: not yet completed, failed or cancelled. */
    boolean open() {
        return running() || paused();
    }

    boolean running() {
        return "running".equals(status);
    }
}
