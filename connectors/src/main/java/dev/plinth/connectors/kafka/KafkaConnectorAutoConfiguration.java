package dev.plinth.connectors.kafka;

import dev.plinth.connectors.SecretValues;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.json.JsonMapper;

/** Registers the {@code kafka} connector's step executor. */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@EnableConfigurationProperties(KafkaConnectorProperties.class)
public class KafkaConnectorAutoConfiguration {

    @Bean(destroyMethod = "close")
    KafkaStepExecutor plinthKafkaExecutor(ObjectProvider<SecretValues> secretValues,
            ObjectProvider<KafkaTemplate<String, String>> kafka, ObjectProvider<JsonMapper> json,
            KafkaConnectorProperties properties) {
        return new KafkaStepExecutor(secretValues::getIfAvailable, kafka::getIfAvailable,
                json.getIfAvailable(() -> JsonMapper.builder().build()), properties.maxProducers());
    }
}
