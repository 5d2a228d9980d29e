package dev.plinth.orchestrator;

import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * A request to start a run of one workflow of one app revision.
 *
 * @param definition     the whole app definition of that revision (the run is pinned to it)
 * @param idempotencyKey optional: a repeated start with the same key returns the first run
 */
public record StartRun(UUID tenantId, UUID appId, String appName, int revision, JsonNode definition,
        String workflow, JsonNode input, String idempotencyKey) {
}
