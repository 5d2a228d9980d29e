package dev.plinth.orchestrator.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes outbox records to Kafka in batches, keyed by run id (so one run's records stay in one
 * partition, in order), and deletes them once the broker has acknowledged the whole batch. If the
 * process dies after sending and before deleting, the batch is sent again: consumers are idempotent.
 */
class OutboxRelay {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int BATCH = 500;

    private final Outbox outbox;
    private final KafkaTemplate<String, String> kafka;
    private final TransactionTemplate transactions;

    OutboxRelay(Outbox outbox, KafkaTemplate<String, String> kafka, TransactionTemplate transactions) {
        this.outbox = outbox;
        this.kafka = kafka;
        this.transactions = transactions;
    }

    @Scheduled(fixedDelayString = "${plinth.workflow.relay-interval:20ms}")
    void relay() {
        try {
            while (relayBatch() == BATCH) {
                // drain a backlog without waiting for the next tick
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
                acks.add(kafka.send(record.topic(), record.key(), record.payload()));
            }
            kafka.flush();
            try {
                CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            } catch (Exception failure) {
                throw new IllegalStateException("Kafka did not acknowledge the outbox batch", failure);
            }
            outbox.delete(pending);
            return pending.size();
        });
        return sent == null ? 0 : sent;
    }
}
