package dev.plinth.platform.connectors.sample;

import dev.plinth.connectors.SecretValues;
import dev.plinth.orchestrator.StepExecutor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * How a connector jar registers its executor: an auto-configuration listed in
 * {@code META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports}. Here it
 * is on the test classpath; a user's jar on Plinth's classpath works the same way.
 */
@AutoConfiguration
public class GreetingConnectorAutoConfiguration {

    @Bean
    StepExecutor greetingExecutor(SecretValues secrets) {
        return new GreetingExecutor(secrets);
    }
}
