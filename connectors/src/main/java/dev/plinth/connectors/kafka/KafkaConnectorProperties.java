package dev.plinth.connectors.kafka;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits of the {@code kafka} connector in this installation.
 *
 * @param maxProducers most producers for connector-defined clusters open at once; the least
 *                     recently used is closed beyond it
 */
@ConfigurationProperties("plinth.connectors.kafka")
public record KafkaConnectorProperties(@DefaultValue("20") int maxProducers) {
}
