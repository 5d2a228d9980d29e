package dev.plinth.orchestrator.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** The {@code plinth.workflow.*} meters; tags are tenant-free names of bounded sets (app, workflow, step type, outcome). */
class WorkflowMetrics {

    // A few fixed buckets (instead of none, or Micrometer's ~70 per series): percentiles aggregate across
    // instances with histogram_quantile while series stay few per app, workflow and step type.
    private static final Duration[] STEP_BUCKETS = Stream.of(5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000,
            10_000, 30_000, 60_000, 300_000).map(Duration::ofMillis).toArray(Duration[]::new);
    private static final Duration[] RUN_BUCKETS = Stream.of(50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000,
            60_000, 300_000, 3_600_000).map(Duration::ofMillis).toArray(Duration[]::new);

    private final MeterRegistry registry;
    /**
     * Meters already registered, by name and tag values: looked up on every transition, where
     * building and registering a meter (its id, sorted tags, the registry's filters) each time
     * showed in the engine's profile.
     */
    private final Map<List<String>, Meter> meters = new ConcurrentHashMap<>();

    WorkflowMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void runStarted(String app, String workflow) {
        meter(List.of("started", app, workflow), () -> Counter.builder("plinth.workflow.runs.started")
                .description("Runs started").tag("app", app).tag("workflow", workflow).register(registry), Counter.class)
                .increment();
    }

    void runEnded(RunRow run, String outcome) {
        String app = run.appName();
        String workflow = run.workflow();
        meter(List.of("ended", app, workflow, outcome), () -> Counter.builder("plinth.workflow.runs.ended")
                .description("Runs that ended, by outcome")
                .tag("app", app).tag("workflow", workflow).tag("outcome", outcome)
                .register(registry), Counter.class).increment();
        meter(List.of("run.duration", app, workflow, outcome), () -> Timer.builder("plinth.workflow.run.duration")
                .description("Run start to end").tag("app", app).tag("workflow", workflow).tag("outcome", outcome)
                .serviceLevelObjectives(RUN_BUCKETS).register(registry), Timer.class)
                .record(Duration.between(run.createdAt(), Instant.now()));
    }

    /** How long a dispatched or waiting step attempt took, from dispatch to its result. */
    void stepDuration(RunRow run, PlanStep step, String outcome, Duration duration) {
        meter(List.of("step.duration", run.appName(), run.workflow(), step.type(), outcome),
                () -> Timer.builder("plinth.workflow.step.duration")
                        .description("Dispatch to end of a dispatched or waiting step attempt")
                        .tag("app", run.appName()).tag("workflow", run.workflow()).tag("type", step.type())
                        .tag("outcome", outcome).serviceLevelObjectives(STEP_BUCKETS).register(registry), Timer.class)
                .record(duration);
    }

    void step(RunRow run, PlanStep step, int attempt, String outcome) {
        meter(List.of("step.attempts", run.appName(), run.workflow(), step.type(), outcome),
                () -> Counter.builder("plinth.workflow.step.attempts")
                        .description("Step attempts, by step type and outcome")
                        .tag("app", run.appName()).tag("workflow", run.workflow()).tag("type", step.type())
                        .tag("outcome", outcome).register(registry), Counter.class)
                .increment();
    }

    /** The registered meter for {@code key}, registering it on first use. */
    private <M extends Meter> M meter(List<String> key, Supplier<M> register, Class<M> type) {
        return type.cast(meters.computeIfAbsent(key, unused -> register.get()));
    }
}
