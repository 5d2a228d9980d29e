package dev.plinth.platform.triggers;

import dev.plinth.orchestrator.StartRun;
import dev.plinth.orchestrator.WorkflowException;
import dev.plinth.orchestrator.Workflows;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.MessageListener;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Starts one run per record of a trigger's topic, on the trigger's current revision: the value
 * (JSON, or a string when it is not JSON) is the input, the key the idempotency key, so a record
 * delivered again, or the same key published again, starts no second run.
 */
class KafkaTriggerListener implements MessageListener<String, String> {

    private static final Logger log = LoggerFactory.getLogger(KafkaTriggerListener.class);

    /** A trigger with the definition of its revision. */
    record Pinned(KafkaTrigger trigger, JsonNode definition) {
    }

    private final AtomicReference<Pinned> pinned;
    private final Workflows workflows;
    private final JsonMapper json;

    KafkaTriggerListener(Pinned pinned, Workflows workflows, JsonMapper json) {
        this.pinned = new AtomicReference<>(pinned);
        this.workflows = workflows;
        this.json = json;
    }

    /** Points the listener at a newer revision of the same trigger; later records start runs of it. */
    void repin(Pinned newer) {
        pinned.set(newer);
    }

    Pinned pinned() {
        return pinned.get();
    }

    @Override
    public void onMessage(ConsumerRecord<String, String> record) {
        Pinned current = pinned.get();
        KafkaTrigger trigger = current.trigger();
        try {
            workflows.start(new StartRun(trigger.tenantId(), trigger.appId(), trigger.appName(), trigger.revision(),
                    current.definition(), trigger.workflow(), input(record.value()), idempotencyKey(trigger, record)));
        } catch (WorkflowException rejected) {
            // The record can never start this workflow (e.g. its input does not match the schema):
            // skip it rather than block the partition. Infrastructure failures propagate and are retried.
            log.warn("Kafka trigger '{}' of app '{}' skipped the record at {}-{}@{}: {}", trigger.name(),
                    trigger.appName(), record.topic(), record.partition(), record.offset(), rejected.getMessage());
        }
    }

    private JsonNode input(String value) {
        if (value == null) {
            return null;
        }
        try {
            return json.readTree(value);
        } catch (JacksonException notJson) {
            return JsonNodeFactory.instance.stringNode(value);
        }
    }

    /**
     * The record key, namespaced by trigger so it cannot collide with an API client's
     * Idempotency-Key; a record without a key is identified by its position.
     */
    static String idempotencyKey(KafkaTrigger trigger, ConsumerRecord<String, String> record) {
        String id = record.key() != null ? record.key()
                : record.topic() + "-" + record.partition() + "@" + record.offset();
        return "kafka:" + trigger.name() + ":" + id;
    }
}
