package dev.plinth.platform.deployments;

import dev.plinth.connectors.SecretValues;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The secret store as the deployment checks see it, for these tests: the connectors module's
 * implementation of {@link SecretValues} is being built in parallel, so the tests hold their own
 * secrets here. {@code @Primary} so it also wins once that implementation is on the classpath.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestSecrets {

    private static final Map<String, String> VALUES = new ConcurrentHashMap<>();

    /** Makes the tenant's secret {@code name} exist. */
    public static void put(UUID tenantId, String name, String value) {
        VALUES.put(tenantId + "/" + name, value);
    }

    @Bean
    @Primary
    SecretValues testSecretValues() {
        return (tenantId, name) -> Optional.ofNullable(VALUES.get(tenantId + "/" + name));
    }
}
