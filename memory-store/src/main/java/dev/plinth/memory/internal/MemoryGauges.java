package dev.plinth.memory.internal;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Gauges of stored rows and of the embedding backlog. Values are refreshed on a schedule rather
 * than per scrape; row counts come from the planner's estimate, which costs nothing on large tables.
 */
class MemoryGauges {

    private final JdbcClient jdbc;
    private final EmbeddingQueue queue;
    private final AtomicLong backlog = new AtomicLong();
    private final Map<String, AtomicLong> rows = Map.of("message", new AtomicLong(), "fact", new AtomicLong(),
            "session", new AtomicLong(), "embedding", new AtomicLong());

    MemoryGauges(JdbcClient jdbc, EmbeddingQueue queue, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.queue = queue;
        Gauge.builder("plinth.memory.embedding.backlog", backlog, AtomicLong::get)
                .description("Texts waiting to be embedded").register(registry);
        rows.forEach((kind, value) -> Gauge.builder("plinth.memory.rows", value, AtomicLong::get)
                .description("Rows stored (planner estimate)").tag("kind", kind).register(registry));
    }

    @Scheduled(fixedDelayString = "PT15S", initialDelayString = "PT5S")
    void refresh() {
        backlog.set(queue.backlog());
        estimate("message", "memory.messages");
        estimate("fact", "memory.facts");
        estimate("session", "memory.sessions");
        estimate("embedding", "memory.embeddings");
    }

    private void estimate(String kind, String table) {
        Long estimate = jdbc.sql("select greatest(reltuples, 0)::bigint from pg_class where oid = ?::regclass")
                .param(table).query(Long.class).optional().orElse(0L);
        rows.get(kind).set(estimate);
    }
}
