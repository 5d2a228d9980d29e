package dev.plinth.memory.embedding;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which embedding provider memory search uses, bound from {@code plinth.memory.embeddings.*}.
 *
 * <p>The defaults work on a laptop with no network: the builtin in-process model.
 *
 * @param provider which provider to use; {@code none} turns semantic search off
 * @param openai settings for {@code provider=openai-compatible}
 * @param batchSize most texts sent to the model in one call; larger inputs are split
 */
@ConfigurationProperties("plinth.memory.embeddings")
public record EmbeddingProperties(
        @DefaultValue("builtin") Provider provider,
        @DefaultValue OpenAi openai,
        @DefaultValue("" + EmbeddingProperties.DEFAULT_BATCH_SIZE) int batchSize) {

    static final int DEFAULT_BATCH_SIZE = 32;

    public EmbeddingProperties {
        provider = provider == null ? Provider.BUILTIN : provider;
        openai = openai == null ? new OpenAi(null, null, null, null, null) : openai;
        if (batchSize < 1) {
            throw new IllegalArgumentException(
                    "plinth.memory.embeddings.batch-size must be positive, was " + batchSize);
        }
    }

    /** The provider kinds; bound from {@code builtin}, {@code openai-compatible}, {@code none}. */
    public enum Provider {
        /** all-MiniLM-L6-v2 in process, 384 dimensions, no network. */
        BUILTIN,
        /** Any server speaking the OpenAI {@code /embeddings} API (OpenAI, Azure, Ollama, vLLM...). */
        OPENAI_COMPATIBLE,
        /** No embeddings: memory search falls back to non-semantic matching. */
        NONE
    }

    /**
     * Settings for an OpenAI-compatible embeddings endpoint.
     *
     * @param baseUrl API root that {@code /embeddings} is appended to, e.g. {@code https://api.openai.com/v1}
     * @param apiKey sent as a bearer token when set; never logged
     * @param model model name sent with each request
     * @param dimensions requested vector length (sent as {@code dimensions}); when absent it is
     *                   learned from the first response
     * @param timeout limit for one HTTP request, connecting included
     */
    public record OpenAi(
            URI baseUrl,
            String apiKey,
            @DefaultValue(OpenAi.DEFAULT_MODEL) String model,
            Integer dimensions,
            @DefaultValue(OpenAi.DEFAULT_TIMEOUT) Duration timeout) {

        static final String DEFAULT_MODEL = "text-embedding-3-small";
        static final String DEFAULT_TIMEOUT = "10s";

        public OpenAi {
            model = model == null || model.isBlank() ? DEFAULT_MODEL : model;
            timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
            apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey;
            if (dimensions != null && dimensions < 1) {
                throw new IllegalArgumentException(
                        "plinth.memory.embeddings.openai.dimensions must be positive, was " + dimensions);
            }
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException(
                        "plinth.memory.embeddings.openai.timeout must be positive, was " + timeout);
            }
        }

        /** Keeps the API key out of logs and error messages that print this record. */
        @Override
        public String toString() {
            return "OpenAi[baseUrl=" + baseUrl + ", apiKey=" + (apiKey == null ? "none" : "***")
                    + ", model=" + model + ", dimensions=" + dimensions + ", timeout=" + timeout + "]";
        }
    }
}
