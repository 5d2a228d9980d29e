package dev.plinth.connectors.sql;

import dev.plinth.connectors.SecretValues;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.json.JsonMapper;

/** Registers the {@code sql} connector's step executor. */
@AutoConfiguration
@EnableConfigurationProperties(SqlConnectorProperties.class)
public class SqlConnectorAutoConfiguration {

    @Bean(destroyMethod = "close")
    SqlStepExecutor plinthSqlExecutor(ObjectProvider<SecretValues> secretValues, ObjectProvider<JsonMapper> json,
            SqlConnectorProperties properties) {
        return new SqlStepExecutor(secretValues::getIfAvailable, json.getIfAvailable(() -> JsonMapper.builder().build()),
                properties.maxPools(), properties.connectionTimeout());
    }
}
