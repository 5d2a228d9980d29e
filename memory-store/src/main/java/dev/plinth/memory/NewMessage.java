package dev.plinth.memory;

import tools.jackson.databind.JsonNode;

/**
 * A message to append. {@code tokens} is the caller's count when it has one (e.g. from its LLM's
 * tokenizer); otherwise {@link TokenEstimate} estimates it.
 */
public record NewMessage(String role, String content, String name, JsonNode metadata, Integer tokens) {
}
