package dev.plinth.connectors.internal.http;

import dev.plinth.connectors.SecretValues;
import dev.plinth.orchestrator.StepExecutor;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** Registers the {@code http} connector. */
@Configuration(proxyBeanMethods = false)
public class HttpConnectorConfiguration {

    @Bean
    StepExecutor plinthHttpExecutor(SecretValues secrets, JsonMapper json) {
        return new HttpExecutor(secrets, json, Clock.systemUTC(), Pause.SLEEP);
    }
}
