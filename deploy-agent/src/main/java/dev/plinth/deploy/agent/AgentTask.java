package dev.plinth.deploy.agent;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * One task the server leased to this agent: a {@code call} step attempt, with the values of the
 * secrets its connector references. {@link #toString()} leaves the secrets out.
 */
record AgentTask(long id, int delivery, Instant leasedUntil, UUID tenantId, UUID appId, UUID runId, String stepId,
        int attempt, String idempotencyKey, String connectorName, JsonNode connector, String operation,
        JsonNode parameters, Map<String, String> secrets) {

    @Override
    public String toString() {
        return "task " + id + " (run " + runId + ", step " + stepId + ", attempt " + attempt + ", delivery "
                + delivery + ")";
    }
}
