package dev.plinth.connectors.kafka;

import dev.plinth.connectors.SecretValues;
import dev.plinth.connectors.internal.ConnectorResources;
import dev.plinth.connectors.internal.SecretSettings;
import dev.plinth.connectors.internal.SettingsReader;
import dev.plinth.orchestrator.StepExecutor;
import dev.plinth.orchestrator.StepInvocation;
import dev.plinth.orchestrator.StepOutcome;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The {@code kafka} connector's {@code publish} operation: sends one JSON record and waits for
 * the broker's acknowledgement. Plinth's own cluster is reached through the application's
 * {@link KafkaTemplate}; a connector with its own {@code bootstrapServers} gets a cached
 * idempotent producer of its own.
 */
final class KafkaStepExecutor implements StepExecutor, AutoCloseable {

    private final Supplier<SecretValues> secretValues;
    private final Supplier<KafkaTemplate<String, String>> platformKafka;
    private final JsonMapper json;
    private final ConnectorResources<Producer<String, String>> producers;

    KafkaStepExecutor(Supplier<SecretValues> secretValues, Supplier<KafkaTemplate<String, String>> platformKafka,
            JsonMapper json, int maxProducers) {
        this.secretValues = secretValues;
        this.platformKafka = platformKafka;
        this.json = json;
        this.producers = new ConnectorResources<>(maxProducers, producer -> producer.close(Duration.ofSeconds(5)));
    }

    @Override
    public String type() {
        return "kafka";
    }

    @Override
    public List<SettingProblem> validate(JsonNode connector) {
        SettingsReader reader = new SettingsReader(connector, KafkaSettings.KNOWN);
        KafkaSettings.read(reader);
        return reader.problems();
    }

    @Override
    public StepOutcome execute(StepInvocation call) {
        SettingsReader reader = new SettingsReader(call.connector(), KafkaSettings.KNOWN);
        KafkaSettings declared = KafkaSettings.read(reader);
        if (!reader.problems().isEmpty()) {
            return StepOutcome.failure("invalid-settings", "The kafka connector '" + call.connectorName()
                    + "' is misconfigured: " + reader.summary(), false);
        }
        if (!"publish".equals(call.operation())) {
            return StepOutcome.failure("unsupported-operation", "The kafka connector supports the operation "
                    + "'publish', not '" + call.operation() + "'", false);
        }
        ProducerRecord<String, String> record;
        try {
            record = KafkaRecords.of(call.parameters(), declared.topic(), call.idempotencyKey(), json);
        } catch (KafkaRecords.InvalidRecord invalid) {
            return StepOutcome.failure("invalid-parameters", invalid.getMessage(), false);
        }
        SecretSettings secrets = SecretSettings.of(secretValues.get(), call);
        try {
            KafkaSettings settings = declared.resolve(secrets);
            RecordMetadata sent = send(call, settings, record);
            return StepOutcome.success(JsonNodeFactory.instance.objectNode().put("topic", sent.topic())
                    .put("partition", sent.partition()).put("offset", sent.offset()));
        } catch (SecretSettings.UnresolvedSecret missing) {
            return StepOutcome.failure("secret-missing", missing.getMessage(), false);
        } catch (NoPlatformKafka none) {
            return StepOutcome.failure("invalid-settings", "The kafka connector '" + call.connectorName()
                    + "' has no bootstrapServers and this installation has no Kafka of its own", false);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return StepOutcome.failure("connection-error", "Interrupted while waiting for the broker", true);
        } catch (ExecutionException failed) {
            return KafkaErrors.outcome(failed.getCause(), secrets, declared.timeout());
        } catch (java.util.concurrent.TimeoutException | KafkaException
                | org.springframework.kafka.KafkaException failed) {
            return KafkaErrors.outcome(failed, secrets, declared.timeout());
        }
    }

    private RecordMetadata send(StepInvocation call, KafkaSettings settings, ProducerRecord<String, String> record)
            throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
        long timeout = settings.timeout().toMillis();
        if (settings.ownCluster()) {
            KafkaTemplate<String, String> kafka = platformKafka.get();
            if (kafka == null) {
                throw new NoPlatformKafka();
            }
            return kafka.send(record).get(timeout, TimeUnit.MILLISECONDS).getRecordMetadata();
        }
        Producer<String, String> producer = producers.get(
                new ConnectorResources.Key(call.tenantId(), call.appId(), call.connectorName()),
                ConnectorResources.fingerprint(settings.bootstrapServers(), settings.timeout(), settings.properties()),
                () -> producer(call.connectorName(), settings));
        Future<RecordMetadata> sent = producer.send(record);
        return sent.get(timeout, TimeUnit.MILLISECONDS);
    }

    private static Producer<String, String> producer(String connector, KafkaSettings settings) {
        Map<String, Object> config = new HashMap<>(settings.properties());
        int timeout = (int) settings.timeout().toMillis();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, config.getOrDefault(ProducerConfig.CLIENT_ID_CONFIG,
                "plinth-connector-" + connector));
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // A step waits at most its timeout: for metadata, for the request and for the whole delivery.
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeout);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    /** Open producers for connector-defined clusters, for tests. */
    int openProducers() {
        return producers.size();
    }

    @Override
    public void close() {
        producers.close();
    }

    private static final class NoPlatformKafka extends RuntimeException {
        NoPlatformKafka() {
            super(null, null, false, false);
        }
    }
}
