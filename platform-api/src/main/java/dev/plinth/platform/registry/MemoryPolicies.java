package dev.plinth.platform.registry;

import dev.plinth.memory.MemoryPolicy;
import java.time.Duration;
import tools.jackson.databind.JsonNode;

/** Reads an app definition's {@code spec.memory} section as the memory store's policy. */
final class MemoryPolicies {

    private MemoryPolicies() {
    }

    static MemoryPolicy of(JsonNode definition) {
        JsonNode memory = definition.path("spec").path("memory");
        JsonNode retention = memory.path("retention");
        String embeddings = memory.path("embeddings").isString() ? memory.path("embeddings").asString()
                : MemoryPolicy.DEFAULT.embeddings();
        return new MemoryPolicy(duration(retention.path("messages")), duration(retention.path("facts")),
                duration(retention.path("runs")), embeddings);
    }

    // The schema has already checked the ISO-8601 form (days, hours, minutes, seconds).
    private static Duration duration(JsonNode value) {
        return value.isString() ? Duration.parse(value.asString()) : null;
    }
}
