package dev.plinth.connectors;

import java.util.Optional;
import java.util.UUID;

/**
 * Reads decrypted secret values, for connectors resolving {@code ${secret:name}} references in
 * their settings at execution time. Values never leave the process through the API.
 */
public interface SecretValues {

    /** The current value of the tenant's secret, or empty when no secret has that name. */
    Optional<String> value(UUID tenantId, String name);
}
