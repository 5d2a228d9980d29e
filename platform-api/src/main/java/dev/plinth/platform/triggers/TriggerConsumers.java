package dev.plinth.platform.triggers;

import dev.plinth.connectors.Redactor;
import dev.plinth.connectors.SecretReferences;
import dev.plinth.connectors.SecretValues;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Consumer factories for triggers: Plinth's own (the application's, with its connection details)
 * or, for a trigger naming a {@code kafka} connector with {@code bootstrapServers}, one for that
 * cluster with the connector's {@code properties}, secret references resolved.
 */
class TriggerConsumers {


    /** The trigger's cluster cannot be configured now (e.g. a secret it refers to is missing). */
    static final class ClusterUnavailable extends RuntimeException {
        ClusterUnavailable(String message) {
            super(message, null, false, false);
        }
    }

    private final ConsumerFactory<String, String> platform;
    private final java.util.function.Supplier<SecretValues> secrets;

    TriggerConsumers(ConsumerFactory<String, String> platform, java.util.function.Supplier<SecretValues> secrets) {
        this.platform = platform;
        this.secrets = secrets;
    }

    ConsumerFactory<String, String> factory(KafkaTrigger trigger) {
        if (trigger.cluster() == null) {
            return platform;
        }
        Map<String, Object> config = new HashMap<>();
        for (var property : trigger.cluster().path("properties").properties()) {
            config.put(property.getKey(), resolve(trigger, property.getValue()));
        }
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, resolve(trigger, trigger.cluster().path("bootstrapServers")));
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new DefaultKafkaConsumerFactory<>(config, new StringDeserializer(), new StringDeserializer());
    }

    private String resolve(KafkaTrigger trigger, JsonNode value) {
        SecretValues store = secrets.get();
        try {
            return SecretReferences.substitute(value.asString(), name -> store == null ? java.util.Optional.empty()
                    : store.value(trigger.tenantId(), name), new Redactor());
        } catch (SecretReferences.MissingSecretException missing) {
            throw new ClusterUnavailable("secret '" + missing.secretName() + "' is not defined");
        }
    }
}
