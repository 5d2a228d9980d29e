package dev.plinth.connectors.llm;

import dev.plinth.connectors.internal.SecretSettings;
import dev.plinth.orchestrator.StepOutcome;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Maps a provider's error response to a step outcome: 408, 429 and 5xx are retryable (a busy or
 * briefly failing provider), other 4xx are the request's fault and are not. The provider's own
 * message is kept, the API key scrubbed from it.
 */
final class LlmErrors {

    private static final int MAX_MESSAGE = 500;

    private LlmErrors() {
    }

    static StepOutcome outcome(int status, String body, SecretSettings secrets, JsonMapper json) {
        String message = secrets.redact(providerMessage(body, json));
        String said = "The LLM endpoint answered " + status + ": " + message;
        if (status == 429) {
            return StepOutcome.failure("rate-limited", said, true);
        }
        if (status == 408) {
            return StepOutcome.failure("timeout", said, true);
        }
        if (status >= 500) {
            return StepOutcome.failure("server-error", said, true);
        }
        if (status == 401 || status == 403) {
            return StepOutcome.failure("llm-error", "The LLM endpoint refused the API key (" + status + "): "
                    + message, false);
        }
        return StepOutcome.failure("llm-error", said, false);
    }

    /** {@code error.message} of an OpenAI-style error body, else the start of the body. */
    private static String providerMessage(String body, JsonMapper json) {
        if (body == null || body.isBlank()) {
            return "(no message)";
        }
        try {
            JsonNode error = json.readTree(body).path("error");
            if (error.path("message").isString()) {
                return error.path("message").asString();
            }
            if (error.isString()) {
                return error.asString();
            }
        } catch (JacksonException notJson) {
            // Not JSON: the raw text is the message.
        }
        return body.length() > MAX_MESSAGE ? body.substring(0, MAX_MESSAGE) + "..." : body;
    }
}
