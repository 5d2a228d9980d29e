package dev.plinth.memory.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class EmbeddingPropertiesTest {

    @Test
    void defaultsWorkWithoutAnyConfiguration() {
        EmbeddingProperties properties = bind(Map.of());

        assertThat(properties.provider()).isEqualTo(EmbeddingProperties.Provider.BUILTIN);
        assertThat(properties.batchSize()).isEqualTo(32);
        assertThat(properties.openai().model()).isEqualTo("text-embedding-3-small");
        assertThat(properties.openai().timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(properties.openai().baseUrl()).isNull();
        assertThat(properties.openai().apiKey()).isNull();
        assertThat(properties.openai().dimensions()).isNull();
    }

    @Test
    void programmaticDefaultsMatchBoundDefaults() {
        assertThat(new EmbeddingProperties(null, null, 32)).isEqualTo(bind(Map.of()));
    }

    @Test
    void bindsOpenAiCompatibleSettings() {
        EmbeddingProperties properties = bind(Map.of(
                "plinth.memory.embeddings.provider", "openai-compatible",
                "plinth.memory.embeddings.batch-size", "8",
                "plinth.memory.embeddings.openai.base-url", "http://localhost:11434/v1",
                "plinth.memory.embeddings.openai.api-key", "sk-secret",
                "plinth.memory.embeddings.openai.model", "nomic-embed-text",
                "plinth.memory.embeddings.openai.dimensions", "256",
                "plinth.memory.embeddings.openai.timeout", "2s"));

        assertThat(properties.provider()).isEqualTo(EmbeddingProperties.Provider.OPENAI_COMPATIBLE);
        assertThat(properties.batchSize()).isEqualTo(8);
        assertThat(properties.openai().baseUrl()).isEqualTo(URI.create("http://localhost:11434/v1"));
        assertThat(properties.openai().apiKey()).isEqualTo("sk-secret");
        assertThat(properties.openai().model()).isEqualTo("nomic-embed-text");
        assertThat(properties.openai().dimensions()).isEqualTo(256);
        assertThat(properties.openai().timeout()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void bindsNone() {
        assertThat(bind(Map.of("plinth.memory.embeddings.provider", "none")).provider())
                .isEqualTo(EmbeddingProperties.Provider.NONE);
    }

    @Test
    void rejectsUnknownProviderAndBadNumbers() {
        assertThatExceptionOfType(BindException.class)
                .isThrownBy(() -> bind(Map.of("plinth.memory.embeddings.provider", "cohere")));
        assertThatExceptionOfType(BindException.class)
                .isThrownBy(() -> bind(Map.of("plinth.memory.embeddings.batch-size", "0")));
        assertThatExceptionOfType(BindException.class)
                .isThrownBy(() -> bind(Map.of("plinth.memory.embeddings.openai.timeout", "0s")));
        assertThatExceptionOfType(BindException.class)
                .isThrownBy(() -> bind(Map.of("plinth.memory.embeddings.openai.dimensions", "-1")));
    }

    @Test
    void toStringHidesApiKey() {
        EmbeddingProperties.OpenAi openai = new EmbeddingProperties.OpenAi(
                URI.create("https://api.openai.com/v1"), "sk-very-secret", null, null, null);

        assertThat(openai.toString()).doesNotContain("sk-very-secret").contains("apiKey=***");
    }

    private static EmbeddingProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("plinth.memory.embeddings", EmbeddingProperties.class);
    }
}
