package dev.plinth.memory.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;

import org.junit.jupiter.api.Test;

class EmbeddingProvidersTest {

    @Test
    void noneMeansNoProvider() {
        assertThat(EmbeddingProviders.create(properties(EmbeddingProperties.Provider.NONE, null))).isEmpty();
    }

    @Test
    void builtinIsTheDefault() {
        EmbeddingProperties defaults = new EmbeddingProperties(null, null, 32);

        assertThat(EmbeddingProviders.create(defaults)).get()
                .isInstanceOf(BuiltinEmbeddingProvider.class)
                .satisfies(provider -> {
                    assertThat(provider.name()).isEqualTo("builtin");
                    assertThat(provider.dimensions()).isEqualTo(384);
                });
    }

    @Test
    void openAiCompatibleNeedsABaseUrl() {
        assertThat(EmbeddingProviders.create(properties(
                EmbeddingProperties.Provider.OPENAI_COMPATIBLE, URI.create("http://localhost:1/v1"))))
                .get()
                .isInstanceOf(OpenAiCompatibleEmbeddingProvider.class)
                .extracting(EmbeddingProvider::name).isEqualTo("openai-compatible");

        assertThatIllegalArgumentException()
                .isThrownBy(() -> EmbeddingProviders.create(
                        properties(EmbeddingProperties.Provider.OPENAI_COMPATIBLE, null)))
                .withMessageContaining("plinth.memory.embeddings.openai.base-url");
    }

    private static EmbeddingProperties properties(EmbeddingProperties.Provider provider, URI baseUrl) {
        return new EmbeddingProperties(provider,
                new EmbeddingProperties.OpenAi(baseUrl, null, null, null, null), 32);
    }
}
