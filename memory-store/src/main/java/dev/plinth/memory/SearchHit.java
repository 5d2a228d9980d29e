package dev.plinth.memory;

import java.time.Instant;
import java.util.Map;

/**
 * A search result. For a message: its session and sequence; for a fact: its id and key.
 *
 * @param score   the fused score (higher is better); for a single mode, that mode's own score
 * @param matches which modes found it and at which rank (1 = best)
 */
public record SearchHit(String kind, double score, Map<String, Integer> matches, String text, String sessionId,
        Integer seq, Long factId, String key, Instant createdAt) {
}
