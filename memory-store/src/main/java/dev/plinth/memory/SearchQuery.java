package dev.plinth.memory;

import java.util.Set;

/**
 * A search over one user's messages and facts.
 *
 * @param mode  {@code fulltext} (ranked Postgres text search), {@code fuzzy} (trigram similarity,
 *              tolerant of typos), {@code semantic} (embedding similarity) or {@code hybrid} (all
 *              three fused by reciprocal rank)
 * @param kinds which of {@code message} and {@code fact} to search
 */
public record SearchQuery(String query, Mode mode, Set<String> kinds, int limit) {

    /** How candidates are found and ranked. */
    public enum Mode { FULLTEXT, FUZZY, SEMANTIC, HYBRID }
}
