package dev.plinth.orchestrator.internal;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import tools.jackson.databind.JsonNode;
import org.springframework.kafka.annotation.KafkaListener;
import tools.jackson.databind.json.JsonMapper;

/** Applies engine events from Kafka; one run's events arrive in order on one partition. */
class EngineListener {

    private final Advancer advancer;
    private final JsonMapper json;
    private final EngineTracing tracing;

    EngineListener(Advancer advancer, JsonMapper json, EngineTracing tracing) {
        this.advancer = advancer;
        this.json = json;
        this.tracing = tracing;
    }

    @KafkaListener(id = "plinth-engine", groupId = "plinth-engine", topics = "${plinth.workflow.events-topic:plinth.workflow.events}",
            concurrency = "${plinth.workflow.engine-concurrency:2}")
    void onEvent(ConsumerRecord<String, String> record) {
        JsonNode event = json.readTree(record.value());
        tracing.inSpan("plinth.workflow.event", Kafka.headers(record),
                Map.of("plinth.event", event.path("type").asString(), "plinth.run", record.key()), () -> {
                    advancer.handle(event);
                    return null;
                });
    }
}
