package dev.plinth.memory;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/** A stored message; {@code seq} is its strict position in the session, starting at 1. */
public record Message(String sessionId, int seq, String role, String name, String content, JsonNode metadata,
        int tokens, Instant createdAt, boolean redacted) {
}
