package dev.plinth.orchestrator;

import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * A workflow run as clients see it.
 *
 * @param status       {@code running}, {@code completed}, {@code failed} or {@code cancelled}
 * @param currentSteps steps dispatched and not yet finished
 */
public record RunView(UUID id, String app, int revision, String workflow, String status, JsonNode input,
        JsonNode output, JsonNode error, java.util.List<String> currentSteps, Instant createdAt, Instant updatedAt,
        Instant endedAt) {
}
