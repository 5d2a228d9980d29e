package dev.plinth.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.embedded.EmbeddedKafkaBroker;
import dev.plinth.orchestrator.StepExecutor.SettingProblem;
import dev.plinth.orchestrator.StepInvocation;
import dev.plinth.orchestrator.StepOutcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The kafka connector against a real embedded broker. */
class KafkaStepExecutorTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final UUID TENANT = UUID.randomUUID();
    private static final UUID APP = UUID.randomUUID();

    @TempDir
    static Path data;

    static EmbeddedKafkaBroker broker;
    static DefaultKafkaProducerFactory<String, String> producerFactory;
    static KafkaStepExecutor executor;

    @BeforeAll
    static void start() {
        broker = EmbeddedKafkaBroker.start(data.resolve("kafka"), 0);
        producerFactory = new DefaultKafkaProducerFactory<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringSerializer(), new StringSerializer());
        KafkaTemplate<String, String> template = new KafkaTemplate<>(producerFactory);
        executor = new KafkaStepExecutor(
                () -> (tenant, name, environment) -> tenant.equals(TENANT) && name.equals("kafka-address")
                        ? Optional.of(broker.bootstrapServers()) : Optional.empty(),
                () -> template, JSON, 5);
    }

    @AfterAll
    static void stop() {
        if (executor != null) {
            executor.close();
        }
        if (producerFactory != null) {
            producerFactory.destroy();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void publishesJsonWithHeadersToPlinthsOwnClusterAndWaitsForTheAck() {
        ObjectNode connector = JSON.createObjectNode().put("type", "kafka").put("topic", "orders.created");

        StepOutcome outcome = call(connector, "run-1:announce", """
                {"key": "order-7", "value": {"order": 7, "items": ["book"]}, "headers": {"source": "shop", "version": 2}}""");

        assertThat(outcome.succeeded()).as(String.valueOf(outcome.errorMessage())).isTrue();
        assertThat(outcome.output().path("topic").asString()).isEqualTo("orders.created");
        ConsumerRecord<String, String> record = readBack("orders.created", outcome.output().path("partition").asInt(),
                outcome.output().path("offset").asLong());
        assertThat(record.key()).isEqualTo("order-7");
        assertThat(JSON.readTree(record.value())).isEqualTo(JSON.readTree("{\"order\": 7, \"items\": [\"book\"]}"));
        assertThat(header(record, "source")).isEqualTo("shop");
        assertThat(header(record, "version")).isEqualTo("2");
        assertThat(header(record, KafkaRecords.IDEMPOTENCY_HEADER)).isEqualTo("run-1:announce");
    }

    @Test
    void publishesToAConnectorDefinedClusterWithAProducerOfItsOwn() {
        ObjectNode connector = JSON.createObjectNode().put("type", "kafka")
                .put("bootstrapServers", "${secret:kafka-address}").put("topic", "unused.default");

        StepOutcome first = call(connector, "run-2:a", "{\"topic\": \"audit\", \"value\": \"plain text\"}");
        int producers = executor.openProducers();
        StepOutcome second = call(connector, "run-2:b", "{\"topic\": \"audit\", \"key\": 42, \"value\": null}");

        assertThat(first.succeeded()).as(String.valueOf(first.errorMessage())).isTrue();
        assertThat(second.succeeded()).isTrue();
        // The second call reuses the first call's producer.
        assertThat(executor.openProducers()).isEqualTo(producers);
        ConsumerRecord<String, String> record = readBack("audit", first.output().path("partition").asInt(),
                first.output().path("offset").asLong());
        assertThat(record.value()).isEqualTo("\"plain text\"");
        assertThat(record.key()).isNull();
        assertThat(readBack("audit", second.output().path("partition").asInt(),
                second.output().path("offset").asLong()).key()).isEqualTo("42");
    }

    @Test
    void anUnreachableClusterIsRetryable() {
        ObjectNode connector = JSON.createObjectNode().put("type", "kafka").put("bootstrapServers", "localhost:1")
                .put("timeout", "PT2S");

        StepOutcome outcome = call(connector, "run-3:a", "{\"topic\": \"nowhere\", \"value\": 1}");

        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.retryable()).isTrue();
        assertThat(outcome.errorType()).isIn("timeout", "connection-error");
    }

    @Test
    void mistakesInTheStepOrTheRecordAreNotRetryable() {
        ObjectNode connector = JSON.createObjectNode().put("type", "kafka");

        StepOutcome noTopic = call(connector, "run-4:a", "{\"value\": 1}");
        StepOutcome noValue = call(connector, "run-4:b", "{\"topic\": \"t\"}");
        StepOutcome badTopic = call(connector, "run-4:c", "{\"topic\": \"no spaces allowed\", \"value\": 1}");
        StepOutcome badOperation = executor.execute(invocation(connector, "run-4:d", "consume", "{}"));

        assertThat(noTopic.errorType()).isEqualTo("invalid-parameters");
        assertThat(noValue.errorType()).isEqualTo("invalid-parameters");
        assertThat(badTopic.errorType()).isEqualTo("kafka-error");
        assertThat(badTopic.retryable()).isFalse();
        assertThat(badOperation.errorType()).isEqualTo("unsupported-operation");
    }

    @Test
    void validationPointsAtEachBadSetting() {
        ObjectNode bad = JSON.createObjectNode().put("type", "kafka").put("topic", 5).put("timeout", "soon");
        bad.putObject("properties").put("security.protocol", "SASL_SSL");
        ObjectNode reserved = JSON.createObjectNode().put("type", "kafka").put("bootstrapServers", "b:9092");
        reserved.putObject("properties").put("acks", "0").put("sasl.jaas.config", "${secret:jaas}");

        assertThat(executor.validate(bad)).extracting(SettingProblem::pointer)
                .containsExactlyInAnyOrder("/topic", "/timeout", "/properties");
        assertThat(executor.validate(reserved)).extracting(SettingProblem::pointer)
                .containsExactly("/properties/acks");
    }

    private static StepOutcome call(ObjectNode connector, String idempotencyKey, String with) {
        return executor.execute(invocation(connector, idempotencyKey, "publish", with));
    }

    private static StepInvocation invocation(ObjectNode connector, String idempotencyKey, String operation,
            String with) {
        return new StepInvocation(TENANT, APP, UUID.randomUUID(), "publish", 1, idempotencyKey,
                "events", connector, operation, JSON.readTree(with));
    }

    private static ConsumerRecord<String, String> readBack(String topic, int partition, long offset) {
        TopicPartition where = new TopicPartition(topic, partition);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(where));
            consumer.seek(where, offset);
            Awaitility.await().pollInSameThread().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return !records.isEmpty();
            });
        }
        return records.get(0);
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
