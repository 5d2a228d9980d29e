package dev.plinth.connectors.sql;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits of the {@code sql} connector in this installation.
 *
 * @param maxPools          most connector pools open at once; the least recently used is closed beyond it
 * @param connectionTimeout how long a step waits for a connection before failing with a retryable error
 */
@ConfigurationProperties("plinth.connectors.sql")
public record SqlConnectorProperties(
        @DefaultValue("50") int maxPools,
        @DefaultValue("10s") Duration connectionTimeout) {
}
