package dev.plinth.orchestrator;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * One attempt of one step, from a run's history.
 *
 * @param traceId the trace the attempt was dispatched in (the run's trace), to find its spans and
 *                log lines; null when tracing is off
 */
public record StepAttemptView(String stepId, String type, int attempt, String status, JsonNode input,
        JsonNode output, JsonNode error, Instant startedAt, Instant endedAt, String traceId) {
}
