package dev.plinth.connectors.internal.secrets;

import dev.plinth.connectors.SecretException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** The rules for what may be stored: names as {@code ${secret:name}} can reference them, bounded values. */
final class SecretInput {

    static final int MAX_NAME_LENGTH = 128;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern ENVIRONMENT = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");

    private final long maxValueBytes;

    SecretInput(long maxValueBytes) {
        this.maxValueBytes = maxValueBytes;
    }

    static void checkName(String name) {
        if (name == null || name.length() > MAX_NAME_LENGTH || !NAME.matcher(name).matches()) {
            throw SecretException.invalid("/name", "The secret name must be 1 to " + MAX_NAME_LENGTH
                    + " letters, digits, '.', '_' or '-', starting with a letter or digit",
                    "use the name a definition references as ${secret:<name>}, e.g. crm-client-secret");
        }
    }

    static void checkEnvironment(String environment) {
        if (environment != null && (environment.length() > 63 || !ENVIRONMENT.matcher(environment).matches())) {
            throw SecretException.invalid("/environment", "environment must be an environment name: lowercase "
                    + "letters, digits and hyphens, starting with a letter", "leave it out to apply to all environments");
        }
    }

    // The message says how long the value is allowed to be, never what it was.
    void checkValue(String value) {
        if (value == null) {
            throw SecretException.invalid("/value", "value is required", "the secret's value, as a string");
        }
        if (value.isEmpty()) {
            throw SecretException.invalid("/value", "value must not be empty", "delete the secret instead");
        }
        if (value.getBytes(StandardCharsets.UTF_8).length > maxValueBytes) {
            throw SecretException.invalid("/value", "value is longer than " + maxValueBytes + " bytes", null);
        }
    }
}
