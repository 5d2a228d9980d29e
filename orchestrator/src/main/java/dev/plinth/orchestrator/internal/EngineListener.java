package dev.plinth.orchestrator.internal;

import io.micrometer.core.instrument.Counter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Applies engine events from Kafka; one run's events arrive in order on one partition.
 * <p>
 * The events of one poll are applied in one database transaction: under load a poll brings tens of
 * events, and one commit (one WAL flush, one wake-up of the outbox relay) for all of them instead of
 * one each is most of what lets the engine keep up. Each event still locks its run and is idempotent,
 * so a batch that fails (a bad event, a deadlock with an API call) is rolled back whole and its events
 * are applied again one transaction each; the first that fails on its own is reported by position, so
 * the events before it are committed and the error handler retries from it.
 */
class EngineListener {

    private static final Logger log = LoggerFactory.getLogger(EngineListener.class);

    private final Advancer advancer;
    private final RunStore runs;
    private final JsonMapper json;
    private final EngineTracing tracing;
    private final TransactionTemplate transactions;
    private final Counter skipped;

    EngineListener(Advancer advancer, RunStore runs, JsonMapper json, EngineTracing tracing,
            TransactionTemplate transactions, Counter skipped) {
        this.advancer = advancer;
        this.runs = runs;
        this.json = json;
        this.tracing = tracing;
        this.transactions = transactions;
        this.skipped = skipped;
    }

    @KafkaListener(id = "plinth-engine", groupId = "plinth-engine", topics = "${plinth.workflow.events-topic:plinth.workflow.events}",
            concurrency = "${plinth.workflow.engine-concurrency:1}", batch = "true")
    void onEvents(List<ConsumerRecord<String, String>> records) {
        if (records.size() > 1) {
            try {
                transactions.executeWithoutResult(status -> {
                    // The runs of the batch locked up front, in one statement (in id order: see lockAll).
                    runs.lockAll(records.stream().map(EngineListener::runIdOf).filter(java.util.Objects::nonNull)
                            .distinct().toList());
                    records.forEach(this::apply);
                });
                return;
            } catch (RuntimeException batchFailed) {
                log.debug("A batch of {} engine events failed; applying them one by one", records.size(), batchFailed);
            }
        }
        for (int index = 0; index < records.size(); index++) {
            try {
                apply(records.get(index));
            } catch (RuntimeException failed) {
                throw new BatchListenerFailedException("Applying engine event " + records.get(index).key() + "@"
                        + records.get(index).offset() + " failed", failed, index);
            }
        }
    }

    /** The run a record is keyed by, or null when its key is not a run id (such a record is skipped). */
    private static UUID runIdOf(ConsumerRecord<String, String> record) {
        try {
            return record.key() == null ? null : UUID.fromString(record.key());
        } catch (IllegalArgumentException notARun) {
            return null;
        }
    }

    private void apply(ConsumerRecord<String, String> record) {
        JsonNode event = parse(record);
        if (event == null) {
            return;
        }
        tracing.inSpan("plinth.workflow.event", Kafka.headers(record),
                Map.of("plinth.event", event.path("type").asString(), "plinth.run", record.key()), () -> {
                    advancer.handle(event);
                    return null;
                });
    }

    /**
     * The event a record carries, or null when it is not an engine event at all (not JSON, no type or
     * run id): such a record can never be applied, so it is skipped with a warning instead of being
     * retried — with one engine consumer per instance, every retry would hold up all of its runs. It
     * is counted ({@code plinth.workflow.events.skipped}), since a producer writing to the wrong topic
     * shows as nothing else.
     */
    private JsonNode parse(ConsumerRecord<String, String> record) {
        try {
            JsonNode event = json.readTree(record.value());
            if (event != null && event.path("type").isString() && event.path("runId").isString()) {
                UUID.fromString(event.path("runId").asString());
                return event;
            }
        } catch (RuntimeException malformed) {
            // reported below
        }
        log.warn("Skipped a record on {}-{}@{} (key {}) that is not an engine event", record.topic(),
                record.partition(), record.offset(), record.key());
        skipped.increment();
        return null;
    }
}
