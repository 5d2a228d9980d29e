package dev.plinth.memory;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * A version of a fact. Current facts have no {@code invalidAt}; superseded ones point to their
 * successor. {@code userId} is null for app-wide facts.
 */
public record Fact(long id, String userId, String key, String text, JsonNode value, String category,
        String sourceKind, String sourceRef, Instant validFrom, Instant invalidAt, Instant expiresAt,
        Long supersededBy) {

    public boolean current() {
        return invalidAt == null;
    }
}
