package dev.plinth.platform.triggers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plinth.platform.support.Api;
import dev.plinth.platform.support.PlinthTest;
import dev.plinth.platform.support.TestKeys;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.JsonNode;

/** Kafka event triggers end to end: records on the real embedded broker start runs on the real engine. */
@PlinthTest
class KafkaTriggerTest {

    @LocalServerPort
    int port;

    @Autowired
    KafkaTemplate<String, String> kafka;

    @Autowired
    KafkaAdmin kafkaAdmin;

    @Autowired
    KafkaTriggers triggers;

    Api api;

    @BeforeEach
    void client() {
        api = new Api(port, TestKeys.ROOT_ADMIN);
    }

    @Test
    void eachRecordStartsOneRunAndARepeatedKeyStartsNoSecond() throws Exception {
        String app = app();
        String topic = "orders-" + app;
        submit(app, topic);
        UUID appId = awaitConsumer(topic);

        publish(topic, "order-1", "{\"orderId\": \"A-1\"}");
        publish(topic, "order-1", "{\"orderId\": \"A-1-again\"}");
        publish(topic, "order-3", "{\"wrong\": true}");   // cannot start the workflow: skipped, not blocking
        publish(topic, "order-2", "{\"orderId\": \"A-2\"}");
        awaitConsumed("plinth-trigger-" + appId + "-orders", 4);

        List<JsonNode> runs = runs(app);
        assertThat(runs).extracting(run -> run.path("input").path("orderId").asString())
                .containsExactlyInAnyOrder("A-1", "A-2");
        for (JsonNode run : runs) {
            JsonNode ended = awaitEnd(app, run.path("id").asString());
            assertThat(ended.path("status").asString()).isEqualTo("completed");
            assertThat(ended.path("output").path("order").asString())
                    .isEqualTo(run.path("input").path("orderId").asString());
        }
    }

    @Test
    void triggersFollowTheAppsRevisions() throws Exception {
        String app = app();
        String first = "first-" + app;
        String second = "second-" + app;
        submit(app, first);
        UUID appId = awaitConsumer(first);

        submit(app, second);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> triggers.active().getOrDefault(new KafkaTrigger.Key(appId, "orders"), "")
                        .startsWith(second + "@"));
        publish(second, "order-9", "{\"orderId\": \"B-9\"}");
        await().atMost(Duration.ofSeconds(60)).until(() -> runs(app).size() == 1);
        assertThat(runs(app).get(0).path("revision").asInt()).isEqualTo(2);

        Api.Response dropped = api.call("POST", "/api/v1/apps/" + app + "/revisions")
                .yaml(definition(app, null)).send();
        assertThat(dropped.status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !triggers.active().containsKey(new KafkaTrigger.Key(appId, "orders")));
    }

    @Test
    void aKafkaConnectorStepPublishesARecordThatATriggerTurnsIntoARun() {
        String app = app();
        String topic = "handoff-" + app;
        Api.Response revision = api.call("POST", "/api/v1/apps/" + app + "/revisions").yaml("""
                apiVersion: plinth.dev/v1
                kind: App
                metadata: {name: %1$s}
                spec:
                  connectors:
                    events: {type: kafka, topic: %2$s}
                  triggers:
                    - {name: orders, type: kafka, topic: %2$s, workflow: intake}
                  workflows:
                    - name: announce
                      steps:
                        - id: publish
                          type: call
                          connector: events
                          operation: publish
                          with: {key: "${input.id}", value: {orderId: "${input.id}"}}
                      output: {published: "${steps.publish.output}"}
                    - name: intake
                      input: {type: object, required: [orderId]}
                      steps:
                        - {id: done, type: succeed}
                """.formatted(app, topic)).send();
        assertThat(revision.status()).as(revision.toString()).isEqualTo(201);

        Api.Response started = api.postJson("/api/v1/apps/" + app + "/workflows/announce/runs",
                "{\"input\": {\"id\": \"C-1\"}}");
        JsonNode announce = awaitEnd(app, started.body().path("id").asString());

        assertThat(announce.path("status").asString()).as(announce.toString()).isEqualTo("completed");
        assertThat(announce.path("output").path("published").path("topic").asString()).isEqualTo(topic);
        await().atMost(Duration.ofSeconds(60)).until(() -> runs(app).size() == 1);
        assertThat(runs(app).get(0).path("input").path("orderId").asString()).isEqualTo("C-1");
    }

    @Test
    void aTriggerCanConsumeThroughAKafkaConnectorsOwnBootstrapAddress() throws Exception {
        String app = app();
        String topic = "partner-" + app;
        String bootstrap = String.valueOf(kafkaAdmin.getConfigurationProperties()
                .get(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG))
                .replaceAll("[\\[\\] ]", "");
        Api.Response revision = api.call("POST", "/api/v1/apps/" + app + "/revisions").yaml("""
                apiVersion: plinth.dev/v1
                kind: App
                metadata: {name: %1$s}
                spec:
                  connectors:
                    partner: {type: kafka, bootstrapServers: "%3$s"}
                  triggers:
                    - {name: orders, type: kafka, topic: %2$s, workflow: intake, connector: partner}
                  workflows:
                    - name: intake
                      input: {type: object, required: [orderId]}
                      steps:
                        - {id: done, type: succeed}
                """.formatted(app, topic, bootstrap)).send();
        assertThat(revision.status()).as(revision.toString()).isEqualTo(201);
        UUID appId = awaitConsumer(topic);
        assertThat(triggers.active().get(new KafkaTrigger.Key(appId, "orders"))).contains(bootstrap);

        publish(topic, "p-1", "{\"orderId\": \"P-1\"}");

        await().atMost(Duration.ofSeconds(60)).until(() -> runs(app).size() == 1);
    }

    private String app() {
        String app = "kt-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(api.postJson("/api/v1/apps", "{\"name\":\"" + app + "\"}").status()).isEqualTo(201);
        return app;
    }

    private void submit(String app, String topic) {
        Api.Response revision = api.call("POST", "/api/v1/apps/" + app + "/revisions")
                .yaml(definition(app, topic)).send();
        assertThat(revision.status()).as(revision.toString()).isEqualTo(201);
    }

    private UUID awaitConsumer(String topic) {
        UUID[] app = new UUID[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> triggers.active().entrySet().stream()
                .filter(entry -> entry.getValue().startsWith(topic + "@")).findFirst()
                .map(entry -> app[0] = entry.getKey().appId()).isPresent());
        return app[0];
    }

    private void publish(String topic, String key, String value) throws Exception {
        kafka.send(topic, key, value).get(30, TimeUnit.SECONDS);
    }

    /** Waits until the trigger's consumer group has committed past this many records: all were handled. */
    private void awaitConsumed(String group, long records) {
        try (AdminClient admin = AdminClient.create(kafkaAdmin.getConfigurationProperties())) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
                Map<?, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                return offsets.values().stream().mapToLong(OffsetAndMetadata::offset).sum() >= records;
            });
        }
    }

    private List<JsonNode> runs(String app) {
        JsonNode page = api.get("/api/v1/apps/" + app + "/runs?workflow=intake").body();
        List<JsonNode> items = new java.util.ArrayList<>();
        page.path("items").forEach(items::add);
        return items;
    }

    private JsonNode awaitEnd(String app, String runId) {
        JsonNode[] run = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            run[0] = api.get("/api/v1/apps/" + app + "/runs/" + runId).body();
            return !"running".equals(run[0].path("status").asString());
        });
        return run[0];
    }

    private static String definition(String app, String topic) {
        String trigger = topic == null ? "" : """
                  triggers:
                    - {name: orders, type: kafka, topic: %s, workflow: intake}
                """.formatted(topic);
        return """
                apiVersion: plinth.dev/v1
                kind: App
                metadata: {name: %s}
                spec:
                %s  workflows:
                    - name: intake
                      input:
                        type: object
                        required: [orderId]
                        properties: {orderId: {type: string}}
                      steps:
                        - {id: done, type: succeed}
                      output: {order: "${input.orderId}"}
                """.formatted(app, trigger);
    }
}
