package dev.plinth.orchestrator;

import dev.plinth.orchestrator.internal.BuiltinExecutors;
import java.util.List;

/**
 * The connector executors every installation has ({@code echo}, {@code noop}), for processes that
 * execute steps without the engine's Spring context, such as the deploy agent.
 */
public final class BuiltinStepExecutors {

    private BuiltinStepExecutors() {
    }

    /** New instances of the built-in executors. */
    public static List<StepExecutor> all() {
        return BuiltinExecutors.all();
    }
}
