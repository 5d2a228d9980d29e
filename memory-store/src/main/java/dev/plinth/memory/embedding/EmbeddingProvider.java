package dev.plinth.memory.embedding;

import java.util.List;

/**
 * Turns texts into embedding vectors for semantic search over memory.
 *
 * <p>Every vector a provider returns has {@link #dimensions()} components and is L2-normalised,
 * so the cosine similarity of two vectors is their dot product ({@link Vectors#dot}).
 * Implementations are thread-safe.
 */
public interface EmbeddingProvider {

    /**
     * Short, stable identifier of the provider kind, e.g. {@code "builtin"} or
     * {@code "openai-compatible"}; stored beside vectors so a provider change is detectable.
     */
    String name();

    /**
     * Length of every vector this provider returns. May contact the backend once if the
     * dimension has to be learned from it.
     *
     * @throws EmbeddingException if the dimension has to be learned and the backend fails
     */
    int dimensions();

    /**
     * Embeds a batch of texts.
     *
     * @param texts non-blank texts; an empty list returns an empty list
     * @return one normalised vector per text, in the same order
     * @throws IllegalArgumentException if a text is null or blank
     * @throws EmbeddingException if the model or backend fails
     */
    List<float[]> embed(List<String> texts);
}
