package dev.plinth.orchestrator;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Executes {@code call} steps for one connector type (e.g. {@code http}, {@code sql}). Workers
 * find executors as Spring beans; a connector module contributes its own. An executor must be
 * safe to call again with the same {@link StepInvocation#idempotencyKey()}: a step is retried
 * after a timeout or a worker crash, and the key is how the target recognises the repeat.
 */
public interface StepExecutor {

    /** The connector type this executor serves, as written in {@code spec.connectors.*.type}. */
    String type();

    StepOutcome execute(StepInvocation invocation);

    /**
     * Whether executing a step with these parameters may wait — on a remote system, a database, a
     * timer. Steps that may wait run side by side on the worker's pool; steps that cannot (computing
     * a value, a no-op) run on the consumer's thread, which spares them the hand-over to another
     * thread. When in doubt, true.
     */
    default boolean blocks(JsonNode parameters) {
        return true;
    }

    /**
     * Checks one connector declaration of this type when a revision is submitted, so a mistake is
     * a 422 at submission rather than a failed step later. Pointers are relative to the
     * connector's object (e.g. {@code /url}).
     */
    default List<SettingProblem> validate(JsonNode connector) {
        return List.of();
    }

    /** One problem with a connector's settings: where (a JSON pointer within the connector) and what. */
    record SettingProblem(String pointer, String message) {
    }
}
