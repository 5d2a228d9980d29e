package dev.plinth.orchestrator;

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
}
