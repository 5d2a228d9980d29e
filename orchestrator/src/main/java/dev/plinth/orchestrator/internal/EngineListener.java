package dev.plinth.orchestrator.internal;

import org.springframework.kafka.annotation.KafkaListener;
import tools.jackson.databind.json.JsonMapper;

/** Applies engine events from Kafka; one run's events arrive in order on one partition. */
class EngineListener {

    private final Advancer advancer;
    private final JsonMapper json;

    EngineListener(Advancer advancer, JsonMapper json) {
        this.advancer = advancer;
        this.json = json;
    }

    @KafkaListener(id = "plinth-engine", groupId = "plinth-engine", topics = "${plinth.workflow.events-topic:plinth.workflow.events}",
            concurrency = "${plinth.workflow.engine-concurrency:2}")
    void onEvent(String payload) {
        advancer.handle(json.readTree(payload));
    }
}
