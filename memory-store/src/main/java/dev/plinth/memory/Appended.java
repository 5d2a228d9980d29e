package dev.plinth.memory;

import java.util.List;

/**
 * The result of an append: the stored messages, and whether they were stored by an earlier call
 * with the same idempotency key (then nothing new was written).
 */
public record Appended(Session session, List<Message> messages, boolean replayed) {
}
