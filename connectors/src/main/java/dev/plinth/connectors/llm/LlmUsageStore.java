package dev.plinth.connectors.llm;

import dev.plinth.connectors.LlmUsage;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * One row per answered LLM call in {@code connectors.llm_usage}, counted per bucket with
 * {@code date_bin} over the index by tenant and time; rows older than the retention are purged.
 */
class LlmUsageStore implements LlmUsage {

    private static final Logger log = LoggerFactory.getLogger(LlmUsageStore.class);
    private static final Timestamp EPOCH = Timestamp.from(Instant.EPOCH);

    private final JdbcClient jdbc;
    private final Duration retention;

    LlmUsageStore(JdbcClient jdbc, Duration retention) {
        this.jdbc = jdbc;
        this.retention = retention;
    }

    /**
     * Records a call's tokens. A failure is logged, never thrown: the call has happened and its
     * tokens are spent, and failing the step would only make a retry spend them again.
     */
    void record(UUID tenantId, String app, String model, ChatResponse.Usage usage) {
        try {
            jdbc.sql("insert into connectors.llm_usage (tenant_id, app, model, prompt_tokens, completion_tokens, "
                            + "used_at) values (?, ?, ?, ?, ?, ?)")
                    .params(tenantId, app, model, usage.promptTokens(), usage.completionTokens(),
                            Timestamp.from(Instant.now()))
                    .update();
        } catch (DataAccessException failure) {
            log.warn("Could not record the token usage of an LLM call of app {}: {}", app, failure.getMessage());
        }
    }

    @Override
    public List<Tokens> tokens(UUID tenantId, Instant from, Instant to, Duration bucket) {
        return jdbc.sql("""
                        select date_bin(?::interval, used_at, ?) as bucket, model,
                               sum(prompt_tokens) as prompt, sum(completion_tokens) as completion
                        from connectors.llm_usage
                        where tenant_id = ? and used_at >= ? and used_at < ?
                        group by 1, 2
                        order by 1, 2""")
                .params(bucket.toSeconds() + " seconds", EPOCH, tenantId, Timestamp.from(from), Timestamp.from(to))
                .query((row, n) -> new Tokens(row.getTimestamp("bucket").toInstant(), row.getString("model"),
                        row.getLong("prompt"), row.getLong("completion")))
                .list();
    }

    @Scheduled(initialDelayString = "PT5M", fixedDelayString = "PT1H")
    void purge() {
        int purged = jdbc.sql("delete from connectors.llm_usage where used_at < ?")
                .param(Timestamp.from(Instant.now().minus(retention))).update();
        if (purged > 0) {
            log.info("Purged {} LLM usage rows older than {}", purged, retention);
        }
    }
}
