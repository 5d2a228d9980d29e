package dev.plinth.orchestrator.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes outbox records to Kafka in batches, keyed by run id (so one run's records stay in one
 * partition, in order), and deletes them once the broker has acknowledged the whole batch. If the
 * process dies after sending and before deleting, the batch is sent again: consumers are idempotent.
 * <p>
 * The relay wakes as soon as a transaction that added records commits, and otherwise polls every
 * {@code plinth.workflow.relay-interval} — the poll picks up records left by a crashed instance.
 * Several instances relay concurrently: each claims its batch with {@code SKIP LOCKED}.
 */
class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int BATCH = 500;

    private final Outbox outbox;
    private final KafkaTemplate<String, String> kafka;
    private final TransactionTemplate transactions;
    private final Duration interval;
    private final Semaphore signal = new Semaphore(0);
    private volatile Thread thread;

    OutboxRelay(Outbox outbox, KafkaTemplate<String, String> kafka, TransactionTemplate transactions,
            Duration interval) {
        this.outbox = outbox;
        this.kafka = kafka;
        this.transactions = transactions;
        this.interval = interval;
        outbox.onCommit(this::wake);
    }

    void wake() {
        signal.release();
    }

    @Override
    public void start() {
        Thread relay = new Thread(this::loop, "plinth-outbox-relay");
        relay.setDaemon(true);
        thread = relay;
        relay.start();
    }

    @Override
    public void stop() {
        Thread running = thread;
        thread = null;
        if (running != null) {
            running.interrupt();
            try {
                running.join(5_000);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }

    /** Stops after the Kafka listeners (which add records) and before the producer goes away. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 100;
    }

    private void loop() {
        while (thread != null) {
            try {
                signal.tryAcquire(interval.toNanos(), TimeUnit.NANOSECONDS);
                signal.drainPermits();
                relay();
            } catch (InterruptedException interrupted) {
                return;
            }
        }
    }

    void relay() {
        try {
            while (relayBatch() == BATCH) {
                log.debug("Outbox backlog: relaying the next batch at once");
            }
        } catch (RuntimeException failure) {
            log.warn("Relaying the workflow outbox failed; it will be retried: {}", failure.getMessage());
        }
    }

    int relayBatch() {
        Integer sent = transactions.execute(status -> {
            List<Outbox.Pending> pending = outbox.claim(BATCH);
            if (pending.isEmpty()) {
                return 0;
            }
            List<CompletableFuture<?>> acks = new ArrayList<>(pending.size());
            for (Outbox.Pending record : pending) {
                acks.add(kafka.send(Kafka.record(record.topic(), record.key(), record.payload(), record.headers())));
            }
            kafka.flush();
            try {
                CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while Kafka acknowledged the outbox batch", interrupted);
            } catch (Exception failure) {
                throw new IllegalStateException("Kafka did not acknowledge the outbox batch", failure);
            }
            outbox.delete(pending);
            return pending.size();
        });
        return sent == null ? 0 : sent;
    }
}
