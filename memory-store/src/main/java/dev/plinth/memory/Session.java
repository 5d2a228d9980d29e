package dev.plinth.memory;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * One conversation of one user.
 *
 * @param id           the session id chosen by the app (or generated)
 * @param userId       the app's opaque id of the end user
 * @param messageCount the sequence number of the last message (sequences start at 1, deleted
 *                     messages leave gaps)
 * @param version      changes with every metadata or summary update; the ETag
 */
public record Session(String id, String userId, JsonNode metadata, String summary, int messageCount,
        Instant createdAt, Instant updatedAt, long version) {
}
