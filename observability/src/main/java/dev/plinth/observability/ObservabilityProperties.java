package dev.plinth.observability;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of Plinth's shared observability conventions.
 *
 * @param kafkaHealthTimeout how long the Kafka readiness check waits for the cluster to answer
 */
@ConfigurationProperties("plinth.observability")
public record ObservabilityProperties(@DefaultValue("3s") Duration kafkaHealthTimeout) {
}
