package dev.plinth.orchestrator.internal;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer of step tasks, on its own thread. It polls without waiting for the steps it started:
 * each task's step runs (see {@link StepWorker#dispatch}) and the consumer only keeps, per
 * partition, the tasks whose results have not yet reached Kafka, in offset order. A partition's
 * committed offset advances past a task once it and every task before it are done, so a crash
 * redelivers exactly the tasks whose results might be missing (and perhaps some done after them:
 * steps run at least once, with a stable idempotency key). A result that could not be sent takes
 * its partition back to that task.
 * <p>
 * Flow control: the consumer pauses all its partitions while the worker pool is full, and a
 * partition whose oldest running step holds {@value #MAX_PENDING} tasks behind it.
 * <p>
 * Everything here runs on the consumer's thread, rebalance callbacks included (they run inside
 * {@code poll}); only {@link #stop()} comes from another thread, through {@code wakeup}.
 */
final class TaskConsumer implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(TaskConsumer.class);

    /** Tasks kept per partition behind its oldest unfinished one before the partition pauses. */
    static final int MAX_PENDING = 10_000;
    /** How long a poll waits for records while nothing is pending (the broker's fetch waits on its own). */
    private static final Duration IDLE_POLL = Duration.ofMillis(500);
    /** ... and while steps are pending, so their offsets are committed and paused partitions resumed soon after. */
    private static final Duration BUSY_POLL = Duration.ofMillis(20);
    /** Commits of done tasks are batched: at most one (asynchronous) commit per consumer this often. */
    private static final long COMMIT_EVERY_NANOS = Duration.ofMillis(100).toNanos();
    /** On stop, how long the consumer waits for its running steps before it leaves them to be redelivered. */
    private static final Duration DRAIN = Duration.ofSeconds(5);

    private final Consumer<String, String> consumer;
    private final String topic;
    private final StepWorker worker;
    /** Per assigned partition: unfinished tasks (and finished ones behind them) by offset. */
    private final Map<TopicPartition, TreeMap<Long, CompletableFuture<?>>> pending = new HashMap<>();
    /** Offsets to commit: done up to here, not yet committed. */
    private final Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
    private long lastCommit = System.nanoTime();
    private volatile boolean stopping;
    private Thread thread;

    private TaskConsumer(Consumer<String, String> consumer, String topic, StepWorker worker) {
        this.consumer = consumer;
        this.topic = topic;
        this.worker = worker;
    }

    /** A consumer of the topic's tasks for this worker, polling on a thread of its own from now on. */
    static TaskConsumer start(Consumer<String, String> consumer, String topic, StepWorker worker, String threadName) {
        TaskConsumer started = new TaskConsumer(consumer, topic, worker);
        started.thread = new Thread(started, threadName);
        started.thread.setDaemon(true);
        started.thread.start();
        return started;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(topic), new Rebalance());
            while (!stopping) {
                try {
                    for (ConsumerRecord<String, String> record : consumer.poll(anyPending() ? BUSY_POLL : IDLE_POLL)) {
                        pending.computeIfAbsent(new TopicPartition(record.topic(), record.partition()),
                                partition -> new TreeMap<>()).put(record.offset(), worker.dispatch(record));
                    }
                    settle();
                    commit(false);
                    flowControl();
                } catch (WakeupException wakeup) {
                    // stop() asked; the loop condition ends it
                } catch (RuntimeException failure) {
                    if (!stopping) {
                        log.warn("Step task consumer failed; polling again in 1 s: {}", failure.toString());
                        sleep(Duration.ofSeconds(1));
                    }
                }
            }
            drain();
        } catch (RuntimeException failure) {
            log.warn("Step task consumer stopped: {}", failure.toString());
        } finally {
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (RuntimeException closing) {
                log.debug("Closing a step task consumer failed", closing);
            }
        }
    }

    void stop() {
        stopping = true;
        consumer.wakeup();
    }

    void join() {
        if (thread != Thread.currentThread()) {
            try {
                thread.join(DRAIN.plusSeconds(10).toMillis());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private boolean anyPending() {
        for (TreeMap<Long, CompletableFuture<?>> tasks : pending.values()) {
            if (!tasks.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Moves each partition's commit point past the tasks that are done, in offset order; a task
     * whose result could not be sent sends its partition back to it (it and the tasks after it are
     * taken again).
     */
    private void settle() {
        for (Map.Entry<TopicPartition, TreeMap<Long, CompletableFuture<?>>> entry : pending.entrySet()) {
            TreeMap<Long, CompletableFuture<?>> tasks = entry.getValue();
            Long next = null;
            while (!tasks.isEmpty() && tasks.firstEntry().getValue().isDone()) {
                Map.Entry<Long, CompletableFuture<?>> first = tasks.firstEntry();
                if (first.getValue().isCompletedExceptionally()) {
                    log.warn("The result of the step task at {}@{} did not reach Kafka; taking the partition's tasks "
                            + "again from there", entry.getKey(), first.getKey(), failureOf(first.getValue()));
                    consumer.seek(entry.getKey(), first.getKey());
                    tasks.clear();
                    break;
                }
                tasks.pollFirstEntry();
                next = first.getKey() + 1;
            }
            if (next != null) {
                done.put(entry.getKey(), new OffsetAndMetadata(next));
            }
        }
    }

    private static Throwable failureOf(CompletableFuture<?> failed) {
        try {
            failed.join();
            return null;
        } catch (RuntimeException failure) {
            return failure.getCause() != null ? failure.getCause() : failure;
        }
    }

    /** Commits the offsets of done tasks: asynchronously and at most every 100 ms, or now and synchronously. */
    private void commit(boolean now) {
        if (done.isEmpty() || (!now && System.nanoTime() - lastCommit < COMMIT_EVERY_NANOS)) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>(done);
        done.clear();
        lastCommit = System.nanoTime();
        if (now) {
            consumer.commitSync(offsets);
        } else {
            consumer.commitAsync(offsets, (committed, failure) -> {
                if (failure != null) {
                    // A later commit covers these offsets; until then a crash redelivers a few more tasks.
                    log.debug("Committing step task offsets failed: {}", failure.toString());
                }
            });
        }
    }

    private void flowControl() {
        Set<TopicPartition> assigned = consumer.assignment();
        Set<TopicPartition> hold = new HashSet<>();
        boolean full = worker.saturated();
        for (TopicPartition partition : assigned) {
            TreeMap<Long, CompletableFuture<?>> tasks = pending.get(partition);
            if (full || (tasks != null && tasks.size() >= MAX_PENDING)) {
                hold.add(partition);
            }
        }
        Set<TopicPartition> paused = consumer.paused();
        Set<TopicPartition> resume = new HashSet<>(paused);
        resume.removeAll(hold);
        hold.removeAll(paused);
        if (!hold.isEmpty()) {
            consumer.pause(hold);
        }
        if (!resume.isEmpty()) {
            consumer.resume(resume);
        }
    }

    /** On stop: waits a little for the running steps, then commits what is done. */
    private void drain() {
        long deadline = System.nanoTime() + DRAIN.toNanos();
        settle();
        while (anyPending() && System.nanoTime() < deadline) {
            sleep(Duration.ofMillis(20));
            settle();
        }
        try {
            commit(true);
        } catch (RuntimeException failure) {
            log.warn("Committing step task offsets on stop failed; their tasks will run again: {}", failure.toString());
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Partitions taken away commit what is done and forget the rest: steps still running finish and
     * send their results, and the partition's new owner runs them again (same idempotency key; the
     * engine applies one result per attempt).
     */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            settle();
            try {
                commit(true);
            } catch (RuntimeException failure) {
                log.warn("Committing step task offsets of revoked partitions failed: {}", failure.toString());
            }
            partitions.forEach(pending::remove);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            partitions.forEach(partition -> {
                pending.remove(partition);
                done.remove(partition);
            });
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            // state is created when a partition's first task arrives
        }
    }
}
