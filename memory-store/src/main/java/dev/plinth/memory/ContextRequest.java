package dev.plinth.memory;

/**
 * What an LLM call can afford: a token budget and, optionally, the query the facts should be
 * relevant to.
 *
 * @param factShare the largest share of the budget facts may take (0–1); messages get the rest
 */
public record ContextRequest(String query, int maxTokens, double factShare) {
}
