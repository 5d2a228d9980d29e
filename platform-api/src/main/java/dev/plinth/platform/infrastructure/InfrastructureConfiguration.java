package dev.plinth.platform.infrastructure;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;

/**
 * Publishes the database and Kafka endpoints as Spring Boot connection details, so the standard
 * DataSource, Flyway and Kafka auto-configuration use them whether they are embedded or external.
 */
@Configuration(proxyBeanMethods = false)
class InfrastructureConfiguration {

    // Kafka is created first so its embedded broker boots in the background while PostgreSQL starts.
    @Bean(destroyMethod = "close")
    @DependsOn("plinthKafka")
    DatabaseEndpoint plinthDatabase(InfrastructureProperties properties) {
        return DatabaseEndpoint.from(properties);
    }

    @Bean(destroyMethod = "close")
    KafkaEndpoint plinthKafka(InfrastructureProperties properties) {
        return KafkaEndpoint.from(properties);
    }
}
