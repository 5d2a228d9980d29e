package dev.plinth.platform.triggers;

import dev.plinth.connectors.SecretValues;
import dev.plinth.orchestrator.Workflows;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.ConsumerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Kafka event triggers: {@code plinth.triggers.kafka.enabled} (default true) turns them off for an
 * instance that should not consume (e.g. a dedicated API node);
 * {@code plinth.triggers.kafka.reconcile-interval} (default 5s) is how soon another instance's
 * revision or a deleted app is noticed.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "plinth.triggers.kafka.enabled", havingValue = "true", matchIfMissing = true)
class KafkaTriggerConfiguration {

    @Bean
    @SuppressWarnings("unchecked")
    KafkaTriggers plinthKafkaTriggers(JdbcClient jdbc, JsonMapper json, ConsumerFactory<?, ?> consumerFactory,
            ObjectProvider<SecretValues> secrets, Workflows workflows) {
        // Boot's consumer factory is declared with wildcards; Plinth configures it with String deserializers.
        TriggerConsumers consumers = new TriggerConsumers((ConsumerFactory<String, String>) consumerFactory,
                secrets::getIfAvailable);
        return new KafkaTriggers(new KafkaTriggerStore(jdbc, json), consumers, workflows, json);
    }
}
