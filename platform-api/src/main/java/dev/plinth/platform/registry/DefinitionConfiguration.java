package dev.plinth.platform.registry;

import dev.plinth.orchestrator.StepExecutor;
import dev.plinth.platform.registry.definition.DefinitionLimits;
import dev.plinth.platform.registry.definition.DefinitionParser;
import dev.plinth.platform.registry.definition.DefinitionValidator;
import dev.plinth.platform.web.ApiProperties;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class DefinitionConfiguration {

    @Bean
    DefinitionParser definitionParser(ApiProperties api) {
        return new DefinitionParser(new DefinitionLimits((int) api.maxBodySize().toBytes(),
                DefinitionLimits.DEFAULTS.maxNestingDepth()));
    }

    /** Loading the schema is the expensive part; one shared, thread-safe validator. */
    @Bean
    DefinitionValidator definitionValidator(List<StepExecutor> executors) {
        return new DefinitionValidator(executors);
    }
}
