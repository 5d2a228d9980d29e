package dev.plinth.connectors;

import java.util.List;
import java.util.UUID;

/**
 * Manages a tenant's encrypted secrets. Nothing here returns a value: secrets are write-only for
 * callers; only connectors read them, through {@link SecretValues}.
 */
public interface Secrets {

    /**
     * Stores a new version of a secret (version 1 when the name is new in that environment).
     *
     * @param environment the environment it applies to, or {@code null} for all environments
     * @throws SecretException {@code INVALID} for a bad name, environment or value
     */
    SecretWrite put(UUID tenantId, String name, String environment, String value);

    /** The secrets of a tenant by name then environment, without values. */
    SecretPage list(UUID tenantId, String cursor, int limit);

    /**
     * Every environment's entry of one secret name.
     *
     * @throws SecretException {@code NOT_FOUND} when the tenant has no secret of that name
     */
    List<SecretInfo> get(UUID tenantId, String name);

    /**
     * Deletes a secret with all its versions: one environment's entry, or every entry of the name
     * when {@code allEnvironments} is set.
     *
     * @throws SecretException {@code NOT_FOUND} when nothing matched
     */
    void delete(UUID tenantId, String name, String environment, boolean allEnvironments);

    /**
     * Re-encrypts every stored secret version, of every tenant, that is under a previous master key
     * rather than the current one. Safe while the installation serves traffic and on several instances at once.
     */
    KeyRotation reencrypt();

    /** The outcome of a {@link #put}: the stored entry and whether the name was new in that environment. */
    record SecretWrite(SecretInfo secret, boolean created) {
    }

    /**
     * The outcome of a re-encryption pass.
     *
     * @param keyId       id of the current master key, which every version is now under
     * @param reencrypted how many versions this pass re-encrypted
     * @param unreadable  versions under a key that is no longer configured, left as they are: add that key
     *                    to {@code plinth.secrets.previous-master-keys} and rotate again, or delete them
     */
    record KeyRotation(String keyId, int reencrypted, int unreadable) {
    }
}
