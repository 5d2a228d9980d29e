package dev.plinth.connectors.llm;

import dev.plinth.connectors.SecretValues;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.net.http.HttpClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.json.JsonMapper;

/** Registers the {@code llm} connector's step executor. */
@AutoConfiguration
@EnableConfigurationProperties(LlmConnectorProperties.class)
public class LlmConnectorAutoConfiguration {

    @Bean
    LlmStepExecutor plinthLlmExecutor(ObjectProvider<SecretValues> secretValues, ObjectProvider<JsonMapper> json,
            ObjectProvider<MeterRegistry> registry, LlmConnectorProperties properties) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        return new LlmStepExecutor(secretValues::getIfAvailable, http,
                json.getIfAvailable(() -> JsonMapper.builder().build()),
                new TokenMeter(registry.getIfAvailable(() -> Metrics.globalRegistry)));
    }
}
