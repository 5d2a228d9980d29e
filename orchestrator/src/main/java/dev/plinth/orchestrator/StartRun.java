package dev.plinth.orchestrator;

import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * A request to start a run of one workflow of one app revision.
 *
 * @param definition     the whole app definition of that revision (the run is pinned to it)
 * @param idempotencyKey optional: a repeated start with the same key returns the first run
 * @param environment    optional: the deployment environment the run belongs to; its overrides in
 *                       {@code spec.environments} apply (connector settings, connectors that run
 *                       on the environment's deploy agent)
 */
public record StartRun(UUID tenantId, UUID appId, String appName, int revision, JsonNode definition,
        String workflow, JsonNode input, String idempotencyKey, String environment) {

    /** A run outside any deployment environment. */
    public StartRun(UUID tenantId, UUID appId, String appName, int revision, JsonNode definition, String workflow,
            JsonNode input, String idempotencyKey) {
        this(tenantId, appId, appName, revision, definition, workflow, input, idempotencyKey, null);
    }
}
