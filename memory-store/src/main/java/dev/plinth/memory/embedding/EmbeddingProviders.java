package dev.plinth.memory.embedding;

import java.util.Optional;

/** Creates the {@link EmbeddingProvider} that {@link EmbeddingProperties} selects. */
public final class EmbeddingProviders {

    private EmbeddingProviders() {
    }

    /**
     * @return the configured provider, or empty for {@code provider=none}
     * @throws IllegalArgumentException if the selected provider's settings are incomplete
     */
    public static Optional<EmbeddingProvider> create(EmbeddingProperties properties) {
        return switch (properties.provider()) {
            case BUILTIN -> Optional.of(new BuiltinEmbeddingProvider(properties.batchSize()));
            case OPENAI_COMPATIBLE -> Optional.of(
                    new OpenAiCompatibleEmbeddingProvider(properties.openai(), properties.batchSize()));
            case NONE -> Optional.empty();
        };
    }
}
