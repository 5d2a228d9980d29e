package dev.plinth.orchestrator.internal;

import dev.plinth.orchestrator.StepExecutor;
import dev.plinth.orchestrator.StepInvocation;
import dev.plinth.orchestrator.StepOutcome;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The executors every installation has, for tests, examples and benchmarks: {@code echo} returns
 * the step's parameters as its output; {@code noop} returns an empty object. {@code echo} fails
 * the first {@code failAttempts} attempts of a step (with {@code failWith} as the error type,
 * default {@code server-error}), so retries and failure handling can be tried without a real system.
 */
final class BuiltinExecutors {

    private BuiltinExecutors() {
    }

    static StepExecutor echo() {
        return new StepExecutor() {
            @Override
            public String type() {
                return "echo";
            }

            @Override
            public StepOutcome execute(StepInvocation invocation) {
                int failAttempts = invocation.parameters().path("failAttempts").asInt(0);
                if (invocation.attempt() <= failAttempts) {
                    String type = invocation.parameters().path("failWith").asString("server-error");
                    return StepOutcome.failure(type, "echo failed attempt " + invocation.attempt() + " of "
                            + failAttempts + " as asked", true);
                }
                return StepOutcome.success(invocation.parameters());
            }
        };
    }

    static StepExecutor noop() {
        return new StepExecutor() {
            @Override
            public String type() {
                return "noop";
            }

            @Override
            public StepOutcome execute(StepInvocation invocation) {
                return StepOutcome.success(JsonNodeFactory.instance.objectNode());
            }
        };
    }
}
