package dev.plinth.deploy.agent;

import dev.plinth.connectors.SecretReferences;
import java.util.Optional;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Puts secret values into a connector's settings where they reference {@code ${secret:name}}, on
 * a copy: the values exist only in the invocation handed to the executor.
 */
final class SecretSubstitution {

    /** A referenced secret the server did not send (it does not exist, or the server has no secret store). */
    static final class MissingSecret extends RuntimeException {
        MissingSecret(String name) {
            super("secret '" + name + "' referenced by the connector is not available", null, false, false);
        }
    }

    private SecretSubstitution() {
    }

    static JsonNode apply(JsonNode node, Map<String, String> secrets) {
        try {
            return SecretReferences.resolve(node, name -> Optional.ofNullable(secrets.get(name))).settings();
        } catch (SecretReferences.MissingSecretException missing) {
            throw new MissingSecret(missing.secretName());
        }
    }
}
