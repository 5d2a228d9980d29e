package dev.plinth.orchestrator.internal;

import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** A run as the engine works on it; {@code state} holds step outputs ({@code steps}) and variables ({@code vars}). */
record RunRow(UUID id, UUID tenantId, UUID appId, String appName, long definitionId, int revision, String workflow,
        String status, JsonNode input, ObjectNode state, String output, String error, Instant createdAt,
        Instant updatedAt, Instant endedAt) {

    boolean running() {
        return "running".equals(status);
    }
}
