package dev.plinth.orchestrator;

import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * One attempt of a {@code call} step, as its executor sees it.
 *
 * @param idempotencyKey {@code runId:stepId}, the same for every attempt of the step
 * @param connector      the connector's declaration from the app definition ({@code type} and settings)
 * @param parameters     the step's {@code with}, expressions already resolved
 * @param appName        the app's name (for meters: bounded, unlike ids)
 * @param environment    the deployment environment of the run, or null; its connector overrides are
 *                       already merged into {@code connector}, and its secret values win
 */
public record StepInvocation(UUID tenantId, UUID appId, UUID runId, String stepId, int attempt,
        String idempotencyKey, String connectorName, JsonNode connector, String operation, JsonNode parameters,
        String appName, String environment) {

    /** An invocation outside any environment, its app known by id only. */
    public StepInvocation(UUID tenantId, UUID appId, UUID runId, String stepId, int attempt, String idempotencyKey,
            String connectorName, JsonNode connector, String operation, JsonNode parameters) {
        this(tenantId, appId, runId, stepId, attempt, idempotencyKey, connectorName, connector, operation, parameters,
                null, null);
    }

    /** The app's name, or its id where the name is unknown. */
    public String app() {
        return appName != null ? appName : appId.toString();
    }
}
