package dev.plinth.orchestrator.internal;

import java.time.Duration;
import tools.jackson.databind.JsonNode;

/**
 * One step of a workflow plan.
 *
 * @param next      the step that follows on success: its explicit {@code next}, else the following
 *                  step in the list, else {@link Plan#END}
 * @param onFailure where a finally failed step goes: {@code null} fails the run, {@link Plan#CONTINUE}
 *                  continues with {@code next}, otherwise the id of a compensation step
 */
record PlanStep(String id, String type, int index, JsonNode node, String next, RetryPolicy retry, Duration timeout,
        String onFailure) {
}
