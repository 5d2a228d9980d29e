package dev.plinth.memory.internal;

import dev.plinth.memory.MemoryException;
import dev.plinth.memory.MemoryScope;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.function.Supplier;

/**
 * The {@code plinth.memory.*} meters. Tags are bounded: tenant and app names, the operation and its
 * outcome — never user or session ids.
 */
class MemoryMetrics {

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
                    .publishPercentiles(0.5, 0.95, 0.99)
                    .publishPercentileHistogram()
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
