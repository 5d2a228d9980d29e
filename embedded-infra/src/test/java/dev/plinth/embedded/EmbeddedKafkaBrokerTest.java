package dev.plinth.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerTest {

    private static final String TOPIC = "plinth-events";
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);

    @TempDir
    Path logDirectory;

    @Test
    void recordsSurviveRestartOnSameDirectory() throws Exception {
        String clusterId;
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(logDirectory, 0)) {
            clusterId = kafka.clusterId();
            RecordMetadata sent = produce(kafka, "order-1", "created");
            assertThat(sent.offset()).isZero();
            assertThat(consumeFromStart(kafka)).singleElement()
                    .satisfies(record -> assertThat(record.value()).isEqualTo("created"));
        }

        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(logDirectory, 0)) {
            assertThat(kafka.clusterId()).isEqualTo(clusterId);
            assertThat(consumeFromStart(kafka)).singleElement().satisfies(record -> {
                assertThat(record.offset()).isZero();
                assertThat(record.key()).isEqualTo("order-1");
                assertThat(record.value()).isEqualTo("created");
            });
        }
    }

    private static RecordMetadata produce(EmbeddedKafkaBroker kafka, String key, String value) throws Exception {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            // The topic does not exist yet: this also proves auto-creation works.
            return producer.send(new ProducerRecord<>(TOPIC, key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    /** Reads partition 0 from offset 0 without a consumer group, until at least one record arrived. */
    private static List<ConsumerRecord<String, String>> consumeFromStart(EmbeddedKafkaBroker kafka) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(PARTITION));
            consumer.seek(PARTITION, 0);
            // KafkaConsumer is single-threaded: keep Awaitility from polling it on a thread of its own.
            Awaitility.await().pollInSameThread().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return !records.isEmpty();
            });
        }
        return records;
    }
}
