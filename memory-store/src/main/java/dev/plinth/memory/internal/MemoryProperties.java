package dev.plinth.memory.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits and background work of the memory store.
 *
 * @param maxMessageSize   largest message content accepted (413 above)
 * @param maxBatch         most messages in one append
 * @param maxContextTokens largest token budget a context request may ask for
 * @param purgeInterval    how often retention is enforced
 * @param purgeBatch       rows deleted per statement while purging (keeps locks and WAL bursts small)
 * @param embeddingPoll    how often the embedding queue is drained
 * @param embeddingBatch   queue entries embedded per provider call
 */
@ConfigurationProperties("plinth.memory")
public record MemoryProperties(
        @DefaultValue("256KB") DataSize maxMessageSize,
        @DefaultValue("100") int maxBatch,
        @DefaultValue("200000") int maxContextTokens,
        @DefaultValue("5m") Duration purgeInterval,
        @DefaultValue("1000") int purgeBatch,
        @DefaultValue("500ms") Duration embeddingPoll,
        @DefaultValue("32") int embeddingBatch) {
}
