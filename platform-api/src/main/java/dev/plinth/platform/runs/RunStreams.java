package dev.plinth.platform.runs;

import dev.plinth.orchestrator.RunChanges;
import dev.plinth.orchestrator.WorkflowException;
import dev.plinth.orchestrator.Workflows;
import dev.plinth.platform.problem.ApiException;
import dev.plinth.platform.problem.ProblemType;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The run event streams open on this instance and the one watcher that feeds them. Every
 * {@code pollInterval} the watcher reads the change markers of all watched runs in a single query
 * ({@link RunChanges}) and sends a fresh {@link RunSnapshot} to the streams of each run whose marker
 * moved; when a run has ended its streams get an {@code end} event and close. Reading the database
 * (rather than listening to the engine) keeps the engine's transactions untouched and sees changes
 * made by any Plinth instance.
 */
@Component
class RunStreams implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RunStreams.class);

    private final Workflows workflows;
    private final RunChanges changes;
    private final RunStreamProperties properties;
    private final Map<UUID, Watched> watched = new ConcurrentHashMap<>();
    private final Map<UUID, Integer> perTenant = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private volatile ScheduledExecutorService watcher;

    RunStreams(Workflows workflows, RunChanges changes, RunStreamProperties properties, MeterRegistry registry) {
        this.workflows = workflows;
        this.changes = changes;
        this.properties = properties;
        Gauge.builder("plinth.run.streams.open", open, AtomicInteger::get)
                .description("Run event streams open on this instance").register(registry);
    }

    /** One run's streams and the marker of the state they were last sent. */
    private static final class Watched {
        final UUID tenantId;
        final UUID runId;
        final Set<RunStream> streams = new CopyOnWriteArraySet<>();
        volatile String marker;

        Watched(UUID tenantId, UUID runId, String marker) {
            this.tenantId = tenantId;
            this.runId = runId;
            this.marker = marker;
        }
    }

    /**
     * Opens a stream of a run the caller may read: its current state at once, then each change,
     * and an end event once it has ended. Refused with 429 when the tenant holds too many streams.
     */
    RunStream open(UUID tenantId, UUID runId) {
        if (watcher == null) {
            throw new ApiException(ProblemType.SERVICE_UNAVAILABLE, "This server is shutting down; connect again")
                    .with("retryable", true);
        }
        if (!reserve(tenantId)) {
            throw new ApiException(ProblemType.TOO_MANY_REQUESTS, "This tenant has " + properties.maxPerTenant()
                    + " run event streams open on this server already; close one (or poll the run) and try again")
                    .with("retryable", true);
        }
        open.incrementAndGet();
        RunStream stream = new RunStream(runId, properties.timeout(), () -> closed(tenantId, runId));
        try {
            // The marker first: a change between the two reads is sent again by the next poll.
            String marker = changes.markers(List.of(runId)).get(runId);
            RunSnapshot snapshot = snapshot(tenantId, runId);
            stream.state(snapshot, marker, properties.pollInterval().multipliedBy(4));
            if (marker == null || snapshot.ended()) {
                stream.end(snapshot.run().status());
                return stream;
            }
            watched.compute(runId, (id, current) -> {
                if (stream.isClosed()) { // the client left while its first event was being written
                    return current;
                }
                Watched run = current == null ? new Watched(tenantId, runId, marker) : current;
                run.streams.add(stream);
                return run;
            });
        } catch (RuntimeException failure) {
            stream.close();
            throw failure;
        }
        return stream;
    }

    /** Takes one of the tenant's stream slots; false when it holds them all. */
    private boolean reserve(UUID tenantId) {
        boolean[] reserved = {false};
        perTenant.compute(tenantId, (id, held) -> {
            int streams = held == null ? 0 : held;
            reserved[0] = streams < properties.maxPerTenant();
            return reserved[0] ? streams + 1 : held;
        });
        return reserved[0];
    }

    private void closed(UUID tenantId, UUID runId) {
        open.decrementAndGet();
        perTenant.computeIfPresent(tenantId, (id, held) -> held <= 1 ? null : held - 1);
        watched.computeIfPresent(runId, (id, run) -> {
            run.streams.removeIf(RunStream::isClosed);
            return run.streams.isEmpty() ? null : run;
        });
    }

    private RunSnapshot snapshot(UUID tenantId, UUID runId) {
        return new RunSnapshot(workflows.run(tenantId, runId), workflows.history(tenantId, runId));
    }

    /** One watcher round: one query for every watched run, then snapshots of those that changed. */
    void poll() {
        if (watched.isEmpty()) {
            return;
        }
        Map<UUID, String> markers = changes.markers(watched.keySet());
        for (Watched run : watched.values()) {
            String marker = markers.get(run.runId);
            try {
                if (marker == null) {
                    endAll(run, "deleted");
                } else if (!marker.equals(run.marker)) {
                    run.marker = marker;
                    RunSnapshot snapshot = snapshot(run.tenantId, run.runId);
                    run.streams.forEach(stream -> stream.state(snapshot, marker, null));
                    if (snapshot.ended()) {
                        endAll(run, snapshot.run().status());
                    }
                }
            } catch (WorkflowException gone) {
                endAll(run, "deleted");
            }
        }
    }

    private void endAll(Watched run, String status) {
        watched.remove(run.runId, run);
        run.streams.forEach(stream -> stream.end(status));
    }

    private void heartbeat() {
        watched.values().forEach(run -> run.streams.forEach(RunStream::heartbeat));
    }

    /** Runs a watcher task, keeping the schedule alive when one round fails (say, the database is briefly away). */
    private Runnable guarded(String what, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException failure) {
                log.warn("Run event streams: {} failed; trying again next round", what, failure);
            }
        };
    }

    @Override
    public void start() {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "plinth-run-streams");
            thread.setDaemon(true);
            return thread;
        });
        long poll = properties.pollInterval().toMillis();
        long heartbeat = properties.heartbeat().toMillis();
        executor.scheduleWithFixedDelay(guarded("reading run changes", this::poll), poll, poll, TimeUnit.MILLISECONDS);
        executor.scheduleWithFixedDelay(guarded("heartbeat", this::heartbeat), heartbeat, heartbeat,
                TimeUnit.MILLISECONDS);
        watcher = executor;
    }

    /**
     * Closes every stream (without an end event, so clients reconnect, to another instance if this
     * one is going away) before the web server drains its requests: open streams would hold up a
     * graceful shutdown until its timeout.
     */
    @Override
    public void stop() {
        ScheduledExecutorService executor = watcher;
        watcher = null;
        if (executor != null) {
            executor.shutdownNow();
        }
        watched.values().forEach(run -> run.streams.forEach(RunStream::close));
        watched.clear();
    }

    @Override
    public boolean isRunning() {
        return watcher != null;
    }
}
