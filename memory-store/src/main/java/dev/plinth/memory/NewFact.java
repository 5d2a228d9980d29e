package dev.plinth.memory;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * A fact to remember: free text, or a key with a JSON value, or both. With a key, it supersedes the
 * current fact of that key (the old one is kept as history).
 *
 * @param sourceKind where it came from: {@code message}, {@code run} or {@code api}
 * @param sourceRef  the message ("session:seq") or run id it came from
 */
public record NewFact(String key, String text, JsonNode value, String category, String sourceKind, String sourceRef,
        Instant expiresAt) {
}
