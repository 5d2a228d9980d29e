package dev.plinth.deploy.agent;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One running deploy agent: registers, heartbeats, long-polls the server for its environment's
 * tasks and runs each on one of {@link AgentSettings#concurrency()} worker threads. Each heartbeat
 * lists the tasks running, and the server extends their leases: a step may run longer than a
 * lease without being handed to another agent, as long as heartbeats reach the server within each
 * lease: every 10 s against the server's 60 s by default, and every third of a lease when the
 * server's leases (which its lease answers tell) are shorter than three heartbeat intervals. Stopping lets
 * running steps finish and report within the grace period; {@link #abandon()} drops them at once
 * (as a crash would), and the server hands them to another agent when their leases expire.
 */
public final class AgentRuntime {

    private static final System.Logger LOG = System.getLogger(AgentRuntime.class.getName());
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    // The server's default limit of tasks per lease request (plinth.agents.max-tasks).
    private static final int MAX_LEASE = 32;

    private final AgentSettings settings;
    private final ServerClient server;
    private final TaskRunner runner;
    private final Semaphore slots;
    private final ExecutorService workers;
    private final ScheduledExecutorService heartbeats;
    private final Thread poller;
    private final AtomicLong reported = new AtomicLong();
    /** The tasks running now, by id. */
    private final Map<Long, Running> runningTasks = new ConcurrentHashMap<>();

    private volatile boolean running;
    private volatile UUID agentId;
    private volatile java.util.List<String> desired = java.util.List.of();
    /** How long the server's leases last, from its last lease answer; null until it said. */
    private volatile Duration serverLease;
    /** The heartbeat scheduled next; guarded by this. */
    private java.util.concurrent.ScheduledFuture<?> nextHeartbeat;

    /**
     * A task on a worker thread: the end of its lease as the server last set it, and the thread,
     * which a heartbeat interrupts once the task is no longer this agent's. The monitor keeps that
     * interrupt from reaching the thread after the task ended (when it may run another).
     */
    private static final class Running {
        volatile Instant leasedUntil;
        private Thread thread;
        private boolean ended;

        Running(Instant leasedUntil) {
            this.leasedUntil = leasedUntil;
        }

        synchronized void started() {
            thread = Thread.currentThread();
        }

        /** Interrupts the task's executor, unless the task has ended; whether it did. */
        synchronized boolean interrupt() {
            if (ended || thread == null) {
                return false;
            }
            thread.interrupt();
            return true;
        }

        synchronized void ended() {
            ended = true;
            // An interrupt meant for this task must not reach the next one on this thread.
            Thread.interrupted();
        }
    }

    public AgentRuntime(AgentSettings settings, ExecutorCatalog executors) {
        this.settings = settings;
        this.server = new ServerClient(settings.server(), settings.token());
        this.runner = new TaskRunner(executors);
        this.slots = new Semaphore(settings.concurrency());
        this.workers = Executors.newFixedThreadPool(settings.concurrency(), named("plinth-agent-worker"));
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(named("plinth-agent-heartbeat"));
        this.poller = named("plinth-agent-poller").newThread(this::pollLoop);
    }

    /** The agent's version as it reports it: the jar's, or {@code dev} when run from classes. */
    public static String version() {
        String version = AgentRuntime.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    /** Registers with the server (failing when the server refuses) and starts polling and heartbeating. */
    public void start() throws IOException, InterruptedException {
        agentId = server.register(settings.name(), settings.environment(), version());
        running = true;
        LOG.log(Level.INFO, "agent ''{0}'' registered for environment ''{1}'' (id {2}); runs {3}",
                settings.name(), settings.environment(), agentId, runner.types());
        scheduleHeartbeat();
        poller.start();
    }

    public UUID agentId() {
        return agentId;
    }

    /** The environment's desired state at the last heartbeat: {@code app@revision} of each deployed app. */
    public java.util.List<String> desired() {
        return desired;
    }

    /** How many task results the server accepted from this agent. */
    public long reported() {
        return reported.get();
    }

    /**
     * Stops taking tasks and waits up to the grace period for running ones to report; those still
     * running then are abandoned. Whether everything finished in time.
     */
    public boolean stop() throws InterruptedException {
        running = false;
        // Abandons a lease request still waiting; tasks already received are handed to workers first.
        poller.interrupt();
        poller.join(settings.shutdownGrace().toMillis());
        heartbeats.shutdownNow();
        workers.shutdown();
        boolean finished = workers.awaitTermination(settings.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
            abandon();
        }
        return finished;
    }

    /**
     * Stops at once without reporting anything more, as if the process died: the server gets each
     * running task back when its lease expires.
     */
    public void abandon() {
        running = false;
        runner.silence();
        poller.interrupt();
        heartbeats.shutdownNow();
        workers.shutdownNow();
    }

    private void pollLoop() {
        Duration backoff = Duration.ofSeconds(1);
        while (running) {
            try {
                slots.acquire();
                int free = 1 + slots.drainPermits();
                List<AgentTask> tasks;
                try {
                    ServerClient.Leased leased = server.lease(agentId, Math.min(free, MAX_LEASE),
                            settings.leaseWait());
                    tasks = leased.tasks();
                    if (leased.lease() != null) {
                        serverLease = leased.lease();
                    }
                } finally {
                    slots.release(free);
                }
                if (!tasks.isEmpty()) {
                    heartbeatWithinInterval();
                }
                // Received tasks run even when the agent is stopping: they are leased to it now.
                for (AgentTask task : tasks) {
                    slots.acquireUninterruptibly();
                    Running held = new Running(task.leasedUntil() == null ? Instant.MAX : task.leasedUntil());
                    runningTasks.put(task.id(), held);
                    workers.execute(() -> {
                        held.started();
                        try {
                            if (runner.run(server, agentId, task, () -> held.leasedUntil)) {
                                reported.incrementAndGet();
                            }
                        } finally {
                            runningTasks.remove(task.id());
                            held.ended();
                            slots.release();
                        }
                    });
                }
                backoff = Duration.ofSeconds(1);
            } catch (InterruptedException stopping) {
                return;
            } catch (IOException | RuntimeException failed) {
                if (!running) {
                    return;
                }
                LOG.log(Level.WARNING, "asking for tasks failed, again in {0}s: {1}", backoff.toSeconds(),
                        failed.getMessage());
                if (failed instanceof ServerClient.ServerException refused && refused.status() == 404) {
                    reRegister();
                }
                if (!pause(backoff)) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    // The server forgot this agent (its registry was reset): register again under the same name.
    private void reRegister() {
        try {
            agentId = server.register(settings.name(), settings.environment(), version());
        } catch (IOException failed) {
            LOG.log(Level.WARNING, "registering again failed: {0}", failed.getMessage());
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Milliseconds between heartbeats: the agent's heartbeat interval or, when the server's leases
     * are shorter than three of those, a third of a lease, so a running task's lease is extended at
     * least twice before it could run out.
     */
    private long heartbeatInterval() {
        long every = settings.heartbeat().toMillis();
        Duration lease = serverLease;
        return lease == null ? every : Math.max(100, Math.min(every, lease.toMillis() / 3));
    }

    private void scheduleHeartbeat() {
        scheduleHeartbeat(heartbeatInterval());
    }

    private synchronized void scheduleHeartbeat(long delayMillis) {
        try {
            nextHeartbeat = heartbeats.schedule(() -> {
                try {
                    heartbeat();
                } finally {
                    scheduleHeartbeat();
                }
            }, delayMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            // The agent is stopping.
        }
    }

    /**
     * Brings the next heartbeat forward when it is further off than the interval allows (tasks just
     * started and the server's leases are short), so their leases are extended in time.
     */
    private synchronized void heartbeatWithinInterval() {
        long every = heartbeatInterval();
        if (nextHeartbeat != null && nextHeartbeat.getDelay(TimeUnit.MILLISECONDS) > every
                && nextHeartbeat.cancel(false)) {
            scheduleHeartbeat(every);
        }
    }

    private void heartbeat() {
        try {
            ServerClient.Heartbeat answer = server.heartbeat(agentId, List.copyOf(runningTasks.keySet()));
            answer.leases().forEach((task, until) -> {
                Running held = runningTasks.get(task);
                if (held != null) {
                    held.leasedUntil = until;
                }
            });
            // The step's result will not be needed: its executor is interrupted (an HTTP call or a
            // wait gives up; what cannot be interrupted runs on, and its report is refused).
            for (Long task : answer.lost()) {
                Running held = runningTasks.get(task);
                if (held != null && held.interrupt()) {
                    LOG.log(Level.WARNING, "task {0} is no longer leased to this agent (its run was cancelled, its "
                            + "attempt timed out, or its lease ran out and another agent took it): stopping it", task);
                }
            }
            List<String> now = answer.desired();
            if (!now.equals(desired)) {
                desired = now;
                LOG.log(Level.INFO, "environment ''{0}'' runs {1}", settings.environment(),
                        now.isEmpty() ? "no deployed app" : String.join(", ", now));
            }
        } catch (IOException failed) {
            LOG.log(Level.WARNING, "heartbeat failed: {0}", failed.getMessage());
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
            return true;
        } catch (InterruptedException stopping) {
            return false;
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicLong count = new AtomicLong();
        return task -> {
            Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
