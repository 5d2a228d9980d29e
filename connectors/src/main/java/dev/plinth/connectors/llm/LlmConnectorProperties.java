package dev.plinth.connectors.llm;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code llm} connector's HTTP client in this installation.
 *
 * @param connectTimeout how long opening a connection to an LLM endpoint may take
 * @param usageRetention how long the token usage of each call is kept for charts over time
 */
@ConfigurationProperties("plinth.connectors.llm")
public record LlmConnectorProperties(@DefaultValue("10s") Duration connectTimeout,
        @DefaultValue("90d") Duration usageRetention) {
}
