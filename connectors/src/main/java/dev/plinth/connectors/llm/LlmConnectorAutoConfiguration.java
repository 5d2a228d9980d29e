package dev.plinth.connectors.llm;

import dev.plinth.connectors.SecretValues;
import dev.plinth.connectors.internal.ConnectorsAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.net.http.HttpClient;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.DependsOn;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/** Registers the {@code llm} connector's step executor and, with a database, the history of its token usage. */
@AutoConfiguration(after = {DataSourceAutoConfiguration.class, ConnectorsAutoConfiguration.class})
@EnableConfigurationProperties(LlmConnectorProperties.class)
public class LlmConnectorAutoConfiguration {

    @Bean
    LlmStepExecutor plinthLlmExecutor(ObjectProvider<SecretValues> secretValues, ObjectProvider<JsonMapper> json,
            ObjectProvider<MeterRegistry> registry, ObjectProvider<LlmUsageStore> usage,
            LlmConnectorProperties properties) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        return new LlmStepExecutor(secretValues::getIfAvailable, http,
                json.getIfAvailable(() -> JsonMapper.builder().build()),
                new TokenMeter(registry.getIfAvailable(() -> Metrics.globalRegistry), usage.getIfAvailable()));
    }

    @Bean
    @ConditionalOnBean(DataSource.class)
    @DependsOn("connectorsSchemaMigration")
    LlmUsageStore plinthLlmUsage(DataSource dataSource, LlmConnectorProperties properties) {
        return new LlmUsageStore(JdbcClient.create(dataSource), properties.usageRetention());
    }
}
