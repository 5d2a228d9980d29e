package dev.plinth.orchestrator.internal;

import dev.plinth.orchestrator.StepExecutor;
import dev.plinth.orchestrator.StepInvocation;
import dev.plinth.orchestrator.StepOutcome;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The executors every installation has, for tests, examples and benchmarks: {@code echo} returns
 * the step's parameters as its output; {@code noop} returns an empty object. {@code echo} fails
 * the first {@code failAttempts} attempts of a step (with {@code failWith} as the error type,
 * default {@code server-error}) and waits {@code delayMs} (at most 60 s) first — in the first
 * {@code delayAttempts} attempts only, when given — so retries, slow or stuck steps and failure
 * handling can be tried without a real system.
 */
public final class BuiltinExecutors {

    private BuiltinExecutors() {
    }

    /** Every built-in executor, for processes that run steps outside the engine (the deploy agent). */
    public static List<StepExecutor> all() {
        return List.of(echo(), noop());
    }

    static StepExecutor echo() {
        return new StepExecutor() {
            @Override
            public String type() {
                return "echo";
            }

            /** Only when asked to wait first ({@code delayMs}). */
            @Override
            public boolean blocks(JsonNode parameters) {
                return parameters.path("delayMs").asLong(0) > 0;
            }

            @Override
            public StepOutcome execute(StepInvocation invocation) {
                int delayAttempts = invocation.parameters().path("delayAttempts").asInt(Integer.MAX_VALUE);
                if (invocation.attempt() <= delayAttempts) {
                    pause(invocation.parameters().path("delayMs").asLong(0));
                }
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

    // Simulated latency, capped so a definition cannot park a worker thread for long.
    private static void pause(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(Math.min(millis, 60_000));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    static StepExecutor noop() {
        return new StepExecutor() {
            @Override
            public String type() {
                return "noop";
            }

            @Override
            public boolean blocks(JsonNode parameters) {
                return false;
            }

            @Override
            public StepOutcome execute(StepInvocation invocation) {
                return StepOutcome.success(JsonNodeFactory.instance.objectNode());
            }
        };
    }
}
