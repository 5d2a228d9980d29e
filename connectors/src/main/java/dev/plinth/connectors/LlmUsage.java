package dev.plinth.connectors;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Tokens a tenant's LLM connector calls used over time, as the providers reported them. Each
 * answered call is recorded once by the instance that made it, so every instance sees the same
 * history (the {@code plinth.llm.tokens} meter is per instance and starts at zero).
 */
public interface LlmUsage {

    /** Tokens of one model in one bucket (buckets are aligned to multiples of their width since the epoch). */
    record Tokens(Instant start, String model, long promptTokens, long completionTokens) {
    }

    /** The tenant's tokens per bucket and model within {@code [from, to)}, oldest first; empty buckets are left out. */
    List<Tokens> tokens(UUID tenantId, Instant from, Instant to, Duration bucket);
}
