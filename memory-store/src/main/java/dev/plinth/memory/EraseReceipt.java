package dev.plinth.memory;

import java.time.Instant;
import java.util.UUID;

/** Proof of an erase: what was deleted, counted. The audit record keeps only these counts. */
public record EraseReceipt(UUID receiptId, String userId, long sessions, long messages, long facts, long embeddings,
        Instant erasedAt) {
}
