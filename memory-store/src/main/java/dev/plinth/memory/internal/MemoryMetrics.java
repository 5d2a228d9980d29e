package dev.plinth.memory.internal;

import dev.plinth.memory.MemoryException;
import dev.plinth.memory.MemoryScope;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
    /**
     * Meters by their tags: registering through a builder on every call sorts and compares tags and
     * allocates an id each time, a cost paid on every request otherwise.
     */
    private final Map<TimerKey, Timer> timers = new ConcurrentHashMap<>();
    private final Map<CounterKey, Counter> written = new ConcurrentHashMap<>();

    private record TimerKey(String operation, String outcome, String tenant, String app) {
    }

    private record CounterKey(String kind, String tenant, String app) {
    }

    MemoryMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    private static String tenant(MemoryScope scope) {
        return scope.tenantName() == null ? "unknown" : scope.tenantName();
    }

    private static String app(MemoryScope scope) {
        return scope.appName() == null ? "unknown" : scope.appName();
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
            sample.stop(timers.computeIfAbsent(new TimerKey(operation, outcome, tenant(scope), app(scope)),
                    key -> Timer.builder("plinth.memory.operation")
                            .description("Latency of memory operations")
                            .tag("operation", key.operation())
                            .tag("outcome", key.outcome())
                            .tag("tenant", key.tenant())
                            .tag("app", key.app())
                            // A few fixed buckets around the latency targets: percentiles aggregate across
                            // instances (histogram_quantile) without the hundred-odd default buckets per tenant
                            // and app.
                            .serviceLevelObjectives(BUCKETS)
                            .register(registry)));
        }
    }

    void written(String kind, MemoryScope scope, int count) {
        written.computeIfAbsent(new CounterKey(kind, tenant(scope), app(scope)),
                key -> Counter.builder("plinth.memory.rows.written")
                        .description("Messages and facts written")
                        .tag("kind", key.kind())
                        .tag("tenant", key.tenant())
                        .tag("app", key.app())
                        .register(registry))
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
