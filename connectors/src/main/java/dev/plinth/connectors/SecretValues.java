package dev.plinth.connectors;

import java.util.Optional;
import java.util.UUID;

/**
 * Reads decrypted secret values, for connectors resolving {@code ${secret:name}} references in
 * their settings at execution time. Values never leave the process through the API.
 */
public interface SecretValues {

    /** The current value of the tenant's secret for all environments, or empty when there is none. */
    default Optional<String> value(UUID tenantId, String name) {
        return value(tenantId, name, null);
    }

    /**
     * The current value of the tenant's secret in an environment: the value set for that
     * environment, else the value set for all environments. With a {@code null} environment, only
     * the all-environments value.
     */
    Optional<String> value(UUID tenantId, String name, String environment);
}
