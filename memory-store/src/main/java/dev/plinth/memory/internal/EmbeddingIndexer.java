package dev.plinth.memory.internal;

import dev.plinth.memory.embedding.EmbeddingProvider;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Drains the embedding queue off the request path: claims a batch ({@code SKIP LOCKED}, so
 * instances share the queue), embeds the texts in one provider call and stores the vectors. A
 * failed provider call puts the batch back with backoff; search meanwhile falls back to the
 * lexical modes for what is not indexed yet.
 */
class EmbeddingIndexer {

    private static final Logger log = LoggerFactory.getLogger(EmbeddingIndexer.class);
    private static final Duration CATCH_UP_BUDGET = Duration.ofSeconds(5);

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final EmbeddingQueue queue;
    private final EmbeddingProvider provider;
    private final TransactionTemplate transactions;
    private final MemoryMetrics metrics;
    private final int batchSize;

    EmbeddingIndexer(JdbcClient jdbc, JdbcTemplate batch, EmbeddingQueue queue, EmbeddingProvider provider,
            TransactionTemplate transactions, MemoryMetrics metrics, int batchSize) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.queue = queue;
        this.provider = provider;
        this.transactions = transactions;
        this.metrics = metrics;
        this.batchSize = batchSize;
    }

    @Scheduled(fixedDelayString = "${plinth.memory.embedding-poll:500ms}", initialDelayString = "PT2S")
    void scheduled() {
        Instant until = Instant.now().plus(CATCH_UP_BUDGET);
        try {
            while (drainOnce() == batchSize && Instant.now().isBefore(until)) {
                // keep going while there is a backlog, within the budget of one tick
            }
        } catch (RuntimeException failure) {
            log.warn("Embedding the memory queue failed; it will be retried", failure);
        }
    }

    /** Embeds one batch; returns how many queue entries it handled. */
    int drainOnce() {
        Integer handled = transactions.execute(status -> {
            List<EmbeddingQueue.Entry> entries = queue.claim(batchSize);
            if (entries.isEmpty()) {
                return 0;
            }
            List<EmbeddingQueue.Entry> present = new ArrayList<>();
            List<String> texts = new ArrayList<>();
            for (EmbeddingQueue.Entry entry : entries) {
                String text = textOf(entry);
                if (text != null && !text.isBlank()) {
                    present.add(entry);
                    texts.add(text);
                }
            }
            try {
                List<float[]> vectors = texts.isEmpty() ? List.of() : provider.embed(texts);
                store(present, vectors);
                queue.done(entries);
                metrics.embedded("success", present.size());
            } catch (RuntimeException failure) {
                queue.retryLater(entries);
                metrics.embedded("failure", entries.size());
                log.warn("Embedding provider {} failed for {} texts: {}", provider.name(), texts.size(),
                        failure.getMessage());
            }
            return entries.size();
        });
        return handled == null ? 0 : handled;
    }

    private String textOf(EmbeddingQueue.Entry entry) {
        if ("message".equals(entry.kind())) {
            return jdbc.sql("select content from memory.messages where session_id = ? and seq = ? "
                            + "and redacted_at is null")
                    .params(entry.refId(), entry.refSeq()).query(String.class).optional().orElse(null);
        }
        return jdbc.sql("select concat_ws(' ', fact_key, text, value::text) from memory.facts where id = ?")
                .param(entry.refId()).query(String.class).optional().orElse(null);
    }

    private void store(List<EmbeddingQueue.Entry> entries, List<float[]> vectors) {
        Timestamp now = Timestamp.from(Instant.now());
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            EmbeddingQueue.Entry e = entries.get(i);
            rows.add(new Object[] {e.tenantId(), e.appId(), e.userId(), e.kind(), e.refId(), e.refSeq(),
                    provider.name(), toArray(vectors.get(i)), now});
        }
        batch.batchUpdate("""
                insert into memory.embeddings
                    (tenant_id, app_id, user_id, kind, ref_id, ref_seq, provider, vector, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?::real[], ?)
                on conflict (kind, ref_id, ref_seq) do update
                    set vector = excluded.vector, provider = excluded.provider, created_at = excluded.created_at""",
                rows);
    }

    // Text form of a Postgres array literal; avoids needing a connection to create a java.sql.Array.
    private static String toArray(float[] vector) {
        StringBuilder out = new StringBuilder(vector.length * 10).append('{');
        for (int i = 0; i < vector.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(vector[i]);
        }
        return out.append('}').toString();
    }
}
