package dev.plinth.orchestrator.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes outbox records to Kafka, keyed by run id (so one run's records stay in one partition, in
 * order), and deletes them once the broker has acknowledged them. If the process dies after sending
 * and before deleting, a record is sent again: consumers are idempotent.
 * <p>
 * Records reach the relay two ways. <b>Handed over</b>: a transaction that added records passes them
 * (contents and row ids) to the relay when it commits, and the relay sends them at once — no query
 * to find them, no row locks; the rows are deleted afterwards in a transaction that does not wait
 * for its WAL flush (a deletion lost in a database crash only sends a record twice). <b>Swept</b>:
 * every {@code plinth.workflow.relay-interval} the relay also claims rows older than
 * {@code plinth.workflow.relay-sweep-age} with {@code SKIP LOCKED} — records whose hand-over was
 * lost because an instance crashed or a send failed — so several instances relay concurrently and
 * nothing committed is left behind.
 */
class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int BATCH = 500;

    private final Outbox outbox;
    private final KafkaTemplate<String, String> kafka;
    private final TransactionTemplate transactions;
    private final Duration interval;
    private final Duration sweepAge;
    private final BlockingQueue<Outbox.Pending> handedOver = new LinkedBlockingQueue<>();
    private volatile Thread thread;

    OutboxRelay(Outbox outbox, KafkaTemplate<String, String> kafka, TransactionTemplate transactions,
            Duration interval, Duration sweepAge) {
        this.outbox = outbox;
        this.kafka = kafka;
        this.transactions = transactions;
        this.interval = interval;
        this.sweepAge = sweepAge;
        outbox.onCommit(handedOver::addAll);
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
        long nextSweep = System.nanoTime();
        while (thread != null) {
            try {
                Outbox.Pending first = handedOver.poll(Math.max(0, nextSweep - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (first != null) {
                    List<Outbox.Pending> batch = new ArrayList<>();
                    batch.add(first);
                    handedOver.drainTo(batch, BATCH - 1);
                    publishHandedOver(batch);
                }
                if (System.nanoTime() - nextSweep >= 0) {
                    sweep();
                    nextSweep = System.nanoTime() + interval.toNanos();
                }
            } catch (InterruptedException interrupted) {
                return;
            }
        }
    }

    /** Sends records handed over by committed transactions, then deletes their rows. */
    void publishHandedOver(List<Outbox.Pending> batch) {
        try {
            send(batch);
        } catch (RuntimeException failure) {
            // Left in the table: the sweep sends them once they are older than the sweep age.
            log.warn("Publishing {} workflow records failed; the outbox sweep will retry them: {}", batch.size(),
                    failure.getMessage());
            return;
        }
        try {
            transactions.executeWithoutResult(status -> outbox.deletePublished(batch));
        } catch (RuntimeException failure) {
            log.warn("Deleting {} published workflow records failed; the sweep will send them again: {}",
                    batch.size(), failure.getMessage());
        }
    }

    /** Publishes the records whose hand-over was lost, batch by batch. */
    void sweep() {
        try {
            while (sweepBatch() == BATCH) {
                log.debug("Outbox backlog: sweeping the next batch at once");
            }
        } catch (RuntimeException failure) {
            log.warn("Relaying the workflow outbox failed; it will be retried: {}", failure.getMessage());
        }
    }

    int sweepBatch() {
        Integer sent = transactions.execute(status -> {
            List<Outbox.Pending> pending = outbox.claimStale(sweepAge, BATCH);
            if (pending.isEmpty()) {
                return 0;
            }
            send(pending);
            outbox.delete(pending);
            return pending.size();
        });
        return sent == null ? 0 : sent;
    }

    private void send(List<Outbox.Pending> records) {
        List<CompletableFuture<?>> acks = new ArrayList<>(records.size());
        for (Outbox.Pending record : records) {
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
    }
}
