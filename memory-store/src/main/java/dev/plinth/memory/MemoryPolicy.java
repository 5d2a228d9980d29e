package dev.plinth.memory;

import java.time.Duration;

/**
 * An app's memory settings from its definition ({@code spec.memory}). A null retention keeps that
 * kind until it is deleted (facts also until their own {@code expiresAt}).
 *
 * @param embeddings which embedding provider indexes the app's memory: {@code builtin},
 *                   {@code openai-compatible} or {@code none}
 */
public record MemoryPolicy(Duration messageRetention, Duration factRetention, Duration runRetention,
        String embeddings) {

    public static final MemoryPolicy DEFAULT = new MemoryPolicy(null, null, null, "builtin");
}
