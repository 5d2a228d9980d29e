package dev.plinth.orchestrator;

import tools.jackson.databind.JsonNode;

/**
 * What a step attempt produced: an output, or an error with a type the retry policy matches
 * ({@code timeout}, {@code rate-limited}, {@code server-error}, {@code connection-error}, or an
 * executor's own) and whether retrying can help.
 */
public record StepOutcome(JsonNode output, String errorType, String errorMessage, boolean retryable) {

    public static StepOutcome success(JsonNode output) {
        return new StepOutcome(output, null, null, false);
    }

    public static StepOutcome failure(String errorType, String message, boolean retryable) {
        return new StepOutcome(null, errorType, message, retryable);
    }

    public boolean succeeded() {
        return errorType == null;
    }
}
