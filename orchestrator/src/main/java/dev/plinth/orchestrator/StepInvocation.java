package dev.plinth.orchestrator;

import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * One attempt of a {@code call} step, as its executor sees it.
 *
 * @param idempotencyKey {@code runId:stepId}, the same for every attempt of the step
 * @param connector      the connector's declaration from the app definition ({@code type} and settings)
 * @param parameters     the step's {@code with}, expressions already resolved
 */
public record StepInvocation(UUID tenantId, UUID appId, UUID runId, String stepId, int attempt,
        String idempotencyKey, String connectorName, JsonNode connector, String operation, JsonNode parameters) {
}
