package dev.plinth.platform.deployments;

import dev.plinth.deploy.agent.ExecutorCatalog;
import dev.plinth.orchestrator.BuiltinStepExecutors;
import dev.plinth.orchestrator.StepExecutor;
import dev.plinth.orchestrator.StepInvocation;
import dev.plinth.orchestrator.StepOutcome;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** Executor catalogs for in-process test agents: the real {@code echo}, watched, slowed or made to hang. */
final class AgentTestExecutors {

    private AgentTestExecutors() {
    }

    /** The real {@code echo}, remembering what it was asked to execute. */
    static ExecutorCatalog recording(List<StepInvocation> executed) {
        StepExecutor echo = echo();
        return echoDoing(invocation -> {
            executed.add(invocation);
            return echo.execute(invocation);
        });
    }

    /** An {@code echo} that never finishes on its own: the agent dies while it runs. */
    static ExecutorCatalog hanging(CountDownLatch started) {
        return hanging(started, new CountDownLatch(1));
    }

    /** An {@code echo} that runs until its thread is interrupted, which it tells {@code interrupted}. */
    static ExecutorCatalog hanging(CountDownLatch started, CountDownLatch interrupted) {
        return echoDoing(invocation -> {
            started.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException killed) {
                interrupted.countDown();
                Thread.currentThread().interrupt();
            }
            return StepOutcome.success(invocation.parameters());
        });
    }

    /**
     * The real {@code echo}, taking {@code duration} before it answers; counts its executions as they
     * start.
     */
    static ExecutorCatalog slow(Duration duration, AtomicInteger started) {
        StepExecutor echo = echo();
        return echoDoing(invocation -> {
            started.incrementAndGet();
            try {
                Thread.sleep(duration.toMillis());
            } catch (InterruptedException killed) {
                Thread.currentThread().interrupt();
            }
            return echo.execute(invocation);
        });
    }

    /** The discovered executors, with {@code echo} replaced by one that does {@code execute}. */
    private static ExecutorCatalog echoDoing(Function<StepInvocation, StepOutcome> execute) {
        return ExecutorCatalog.discover().with(new StepExecutor() {
            @Override
            public String type() {
                return "echo";
            }

            @Override
            public StepOutcome execute(StepInvocation invocation) {
                return execute.apply(invocation);
            }
        });
    }

    static StepExecutor echo() {
        return BuiltinStepExecutors.all().stream().filter(executor -> executor.type().equals("echo")).findFirst()
                .orElseThrow();
    }
}
