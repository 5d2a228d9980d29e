package dev.plinth.orchestrator.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;

/** The {@code plinth.workflow.*} meters; tags are tenant-free names of bounded sets (app, workflow, step type, outcome). */
class WorkflowMetrics {

    private final MeterRegistry registry;

    WorkflowMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void runStarted(String app, String workflow) {
        Counter.builder("plinth.workflow.runs.started").tag("app", app).tag("workflow", workflow)
                .register(registry).increment();
    }

    void runEnded(RunRow run, String outcome) {
        Counter.builder("plinth.workflow.runs.ended").tag("app", run.appName()).tag("workflow", run.workflow())
                .tag("outcome", outcome).register(registry).increment();
        Timer.builder("plinth.workflow.run.duration").tag("app", run.appName()).tag("workflow", run.workflow())
                .tag("outcome", outcome).register(registry)
                .record(Duration.between(run.createdAt(), Instant.now()));
    }

    /** How long a dispatched or waiting step attempt took, from dispatch to its result. */
    void stepDuration(RunRow run, PlanStep step, String outcome, Duration duration) {
        Timer.builder("plinth.workflow.step.duration").tag("app", run.appName()).tag("workflow", run.workflow())
                .tag("type", step.type()).tag("outcome", outcome).register(registry).record(duration);
    }

    void step(RunRow run, PlanStep step, int attempt, String outcome) {
        Counter.builder("plinth.workflow.step.attempts").tag("app", run.appName()).tag("workflow", run.workflow())
                .tag("type", step.type()).tag("outcome", outcome).register(registry).increment();
    }
}
