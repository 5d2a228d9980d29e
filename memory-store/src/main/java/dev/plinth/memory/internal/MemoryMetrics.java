package dev.plinth.memory.internal;

import dev.plinth.memory.MemoryException;
import dev.plinth.memory.MemoryScope;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The {@code plinth.memory.*} meters. Tags are bounded: tenant and app names, the operation and its
 * outcome — never user or session ids.
 */
class MemoryMetrics {

    private static final Duration[] BUCKETS = Stream.of(1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000)
            .map(Duration::ofMillis).toArray(Duration[]::new);

    private final MeterRegistry registry;

    MemoryMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    <T> T time(String operation, MemoryScope scope, Supplier<T> work) {
        Timer.Sample sample = Timer.start(registry);
        String outcome = "success";
        try {
            return work.get();
        } catch (MemoryException clientError) {
            outcome = "client_error";
            throw clientError;
        } catch (RuntimeException failure) {
            outcome = "error";
            throw failure;
        } finally {
            sample.stop(Timer.builder("plinth.memory.operation")
                    .description("Latency of memory operations")
                    .tag("operation", operation)
                    .tag("outcome", outcome)
                    .tag("tenant", scope.tenantName() == null ? "unknown" : scope.tenantName())
                    .tag("app", scope.appName() == null ? "unknown" : scope.appName())
                    // A few fixed buckets around the latency targets: percentiles aggregate across instances
                    // (histogram_quantile) without the hundred-odd default buckets per tenant and app.
                    .serviceLevelObjectives(BUCKETS)
                    .register(registry));
        }
    }

    void written(String kind, MemoryScope scope, int count) {
        Counter.builder("plinth.memory.rows.written")
                .description("Messages and facts written")
                .tag("kind", kind)
                .tag("tenant", scope.tenantName() == null ? "unknown" : scope.tenantName())
                .tag("app", scope.appName() == null ? "unknown" : scope.appName())
                .register(registry)
                .increment(count);
    }

    void purged(String kind, long count) {
        Counter.builder("plinth.memory.purged")
                .description("Rows deleted by retention")
                .tag("kind", kind)
                .register(registry)
                .increment(count);
    }

    void embedded(String outcome, int count) {
        Counter.builder("plinth.memory.embeddings")
                .description("Texts embedded off the request path")
                .tag("outcome", outcome)
                .register(registry)
                .increment(count);
    }
}
