package dev.plinth.memory.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs the real model shipped in the jar: no network, no mock. */
class BuiltinEmbeddingProviderTest {

    private static final BuiltinEmbeddingProvider provider = new BuiltinEmbeddingProvider();

    @BeforeAll
    static void loadModelOnce() {
        long start = System.nanoTime();
        provider.embed(List.of("warm up"));
        // Reported for the notes, not asserted: timing belongs in benchmarks.
        System.out.printf("builtin embeddings: model load + first text took %d ms%n",
                (System.nanoTime() - start) / 1_000_000);
    }

    @Test
    void describesItself() {
        assertThat(provider.name()).isEqualTo("builtin");
        assertThat(provider.dimensions()).isEqualTo(384);
    }

    @Test
    void vectorsHave384NormalisedComponents() {
        float[] vector = provider.embed(List.of("Remember that I prefer email over phone calls.")).get(0);

        assertThat(vector).hasSize(384);
        assertThat(Vectors.dot(vector, vector)).isEqualTo(1f, within(1e-4f));
    }

    @Test
    void paraphraseScoresHigherThanUnrelatedSentence() {
        List<float[]> vectors = provider.embed(List.of(
                "How do I reset my password?",
                "I forgot my login credentials and need to change them",
                "The weather in Berlin is sunny today"));

        float paraphrase = Vectors.dot(vectors.get(0), vectors.get(1));
        float unrelated = Vectors.dot(vectors.get(0), vectors.get(2));

        assertThat(paraphrase).isGreaterThan(unrelated + 0.2f);
    }

    @Test
    void batchKeepsInputOrderAcrossBatchBoundaries() {
        BuiltinEmbeddingProvider smallBatches = new BuiltinEmbeddingProvider(2);
        List<String> texts = List.of("apples are red", "the invoice is overdue", "my cat sleeps all day",
                "deploy to staging", "reset my password");

        List<float[]> batched = smallBatches.embed(texts);

        assertThat(batched).hasSize(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            float[] alone = provider.embed(List.of(texts.get(i))).get(0);
            assertThat(batched.get(i)).containsExactly(alone, within(1e-4f));
        }
    }

    @Test
    void emptyInputGivesEmptyOutput() {
        assertThat(provider.embed(List.of())).isEmpty();
    }

    @Test
    void blankTextIsRejected() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> provider.embed(List.of("fine", "  ")))
                .withMessageContaining("position 1");
    }

    @Test
    void textLongerThanTheModelWindowStillGivesOneNormalisedVector() {
        String longText = "The customer asked about their invoice and the refund policy. ".repeat(200);

        float[] vector = provider.embed(List.of(longText)).get(0);

        assertThat(vector).hasSize(384);
        assertThat(Vectors.dot(vector, vector)).isEqualTo(1f, within(1e-4f));
    }

    @Test
    void concurrentFirstCallsOnAFreshProviderAgree() throws Exception {
        BuiltinEmbeddingProvider fresh = new BuiltinEmbeddingProvider();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<float[]>> calls = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                calls.add(() -> fresh.embed(List.of("same text")).get(0));
            }
            List<float[]> results = new ArrayList<>();
            for (Future<float[]> future : pool.invokeAll(calls)) {
                results.add(future.get());
            }
            assertThat(results).allSatisfy(vector -> assertThat(vector).containsExactly(results.get(0)));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void reportsBatchOf32Timing() {
        List<String> texts = IntStream.range(0, 32)
                .mapToObj(i -> "Message " + i + ": please remind me about the quarterly billing review")
                .toList();
        provider.embed(texts);

        long start = System.nanoTime();
        List<float[]> vectors = provider.embed(texts);
        long millis = (System.nanoTime() - start) / 1_000_000;

        System.out.printf("builtin embeddings: batch of 32 short texts took %d ms (warm)%n", millis);
        assertThat(vectors).hasSize(32);
    }
}
