package dev.plinth.connectors.kafka;

import dev.plinth.connectors.internal.SecretSettings;
import dev.plinth.connectors.internal.SettingsReader;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The settings of one {@code kafka} connector. Without {@code bootstrapServers} it publishes to
 * Plinth's own cluster; {@code properties} (producer configuration such as SASL settings, values
 * may be {@code ${secret:name}} references) apply only to a connector-defined cluster.
 */
record KafkaSettings(String bootstrapServers, String topic, Duration timeout, Map<String, String> properties) {

    static final Set<String> KNOWN = Set.of("bootstrapServers", "topic", "timeout", "properties");

    /** Producer settings Plinth sets itself; a connector cannot override them. */
    static final Set<String> RESERVED = Set.of("bootstrap.servers", "key.serializer", "value.serializer",
            "acks", "enable.idempotence", "max.block.ms", "request.timeout.ms", "delivery.timeout.ms");

    static KafkaSettings read(SettingsReader reader) {
        String bootstrapServers = reader.string("bootstrapServers", false);
        String topic = reader.string("topic", false);
        Duration timeout = reader.duration("timeout", Duration.ofSeconds(30), Duration.ofSeconds(1),
                Duration.ofMinutes(5));
        JsonNode properties = reader.stringMap("properties");
        Map<String, String> producer = new LinkedHashMap<>();
        if (properties != null) {
            if (bootstrapServers == null) {
                reader.problem("properties", "'properties' only apply with 'bootstrapServers'; Plinth's own "
                        + "cluster is configured by the installation");
            }
            for (var entry : properties.properties()) {
                if (RESERVED.contains(entry.getKey())) {
                    reader.problem("properties/" + entry.getKey(), "'" + entry.getKey() + "' is set by Plinth");
                }
                producer.put(entry.getKey(), entry.getValue().asString());
            }
        }
        return new KafkaSettings(bootstrapServers, topic, timeout, producer);
    }

    /** These settings with secret references in the bootstrap address and properties resolved. */
    KafkaSettings resolve(SecretSettings secrets) {
        Map<String, String> resolved = new LinkedHashMap<>();
        properties.forEach((name, value) -> resolved.put(name, secrets.resolve(value)));
        return new KafkaSettings(secrets.resolve(bootstrapServers), topic, timeout, resolved);
    }

    boolean ownCluster() {
        return bootstrapServers == null;
    }

    // Properties may hold credentials: keep them out of any accidental toString.
    @Override
    public String toString() {
        return "KafkaSettings[bootstrapServers=" + bootstrapServers + ", topic=" + topic + ", timeout=" + timeout
                + ", properties=" + properties.keySet() + "]";
    }
}
