package dev.plinth.connectors.internal;

import dev.plinth.connectors.SecretValues;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves {@code ${secret:name}} references in one connector call's settings through
 * {@link SecretValues}, and remembers the values it handed out so error messages can be scrubbed
 * of them before they leave the executor. One instance per call; not thread-safe.
 */
public final class SecretSettings {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{secret:([^}]+)}");

    /** A referenced secret that cannot be resolved; the message names the secret, never a value. */
    public static final class UnresolvedSecret extends RuntimeException {
        UnresolvedSecret(String message) {
            super(message, null, false, false);
        }
    }

    private final SecretValues values;
    private final UUID tenantId;
    private final String environment;
    private final Set<String> handedOut = new LinkedHashSet<>();

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
        return text != null && REFERENCE.matcher(text).find();
    }

    /** The text with every secret reference replaced by the secret's value; {@code null} stays null. */
    public String resolve(String text) {
        if (text == null || !references(text)) {
            return text;
        }
        Matcher matcher = REFERENCE.matcher(text);
        StringBuilder resolved = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1).trim();
            String value = lookup(name);
            handedOut.add(value);
            matcher.appendReplacement(resolved, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(resolved);
        return resolved.toString();
    }

    /** The message with every secret value resolved so far replaced by {@code ***}. */
    public String redact(String message) {
        if (message == null) {
            return null;
        }
        String redacted = message;
        for (String value : handedOut) {
            // Very short values would turn ordinary words into asterisks without protecting anything.
            if (value.length() >= 4) {
                redacted = redacted.replace(value, "***");
            }
        }
        return redacted;
    }

    private String lookup(String name) {
        if (values == null) {
            throw new UnresolvedSecret("The connector refers to secret '" + name
                    + "' but this installation has no secret store");
        }
        Optional<String> value = values.value(tenantId, name, environment);
        return value.orElseThrow(() -> new UnresolvedSecret("Secret '" + name + "' is not defined for this tenant"));
    }
}
