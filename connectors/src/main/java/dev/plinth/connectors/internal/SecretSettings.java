package dev.plinth.connectors.internal;

import dev.plinth.connectors.Redactor;
import dev.plinth.connectors.SecretReferences;
import dev.plinth.connectors.SecretValues;
import java.util.Optional;
import java.util.UUID;

/**
 * Resolves {@code ${secret:name}} references in one connector call's settings through
 * {@link SecretValues}, one setting at a time, and remembers the values it handed out so error
 * messages can be scrubbed of them before they leave the executor. The resolution and the
 * masking are {@link SecretReferences}' and {@link Redactor}'s, shared with the HTTP connector.
 * One instance per call; not thread-safe.
 */
public final class SecretSettings {

    /** A referenced secret that cannot be resolved; the message names the secret, never a value. */
    public static final class UnresolvedSecret extends RuntimeException {
        UnresolvedSecret(String message) {
            super(message, null, false, false);
        }
    }

    private final SecretValues values;
    private final UUID tenantId;
    private final String environment;
    private final Redactor redactor = new Redactor();

    private SecretSettings(SecretValues values, UUID tenantId, String environment) {
        this.values = values;
        this.tenantId = tenantId;
        this.environment = environment;
    }

    /** @param values the secret store, or {@code null} when this installation has none */
    public static SecretSettings of(SecretValues values, UUID tenantId) {
        return new SecretSettings(values, tenantId, null);
    }

    /** Resolution for one step: the run's environment's own secret values win over the all-environments ones. */
    public static SecretSettings of(SecretValues values, dev.plinth.orchestrator.StepInvocation call) {
        return new SecretSettings(values, call.tenantId(), call.environment());
    }

    /** Whether the text holds at least one secret reference. */
    public static boolean references(String text) {
        return SecretReferences.containsReference(text);
    }

    /** The text with every secret reference replaced by the secret's value; {@code null} stays null. */
    public String resolve(String text) {
        if (!references(text)) {
            return text;
        }
        try {
            return SecretReferences.substitute(text, this::lookup, redactor);
        } catch (SecretReferences.MissingSecretException missing) {
            throw new UnresolvedSecret("Secret '" + missing.secretName() + "' is not defined for this tenant");
        }
    }

    /** The message with every secret value resolved so far masked. */
    public String redact(String message) {
        return message == null ? null : redactor.redact(message);
    }

    private Optional<String> lookup(String name) {
        if (values == null) {
            throw new UnresolvedSecret("The connector refers to secret '" + name
                    + "' but this installation has no secret store");
        }
        return values.value(tenantId, name, environment);
    }
}
