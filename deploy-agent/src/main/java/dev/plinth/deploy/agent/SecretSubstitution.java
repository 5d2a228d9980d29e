package dev.plinth.deploy.agent;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Puts secret values into a connector's settings where they reference {@code ${secret:name}}, on
 * a copy: the values exist only in the invocation handed to the executor.
 */
final class SecretSubstitution {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{secret:([A-Za-z0-9][A-Za-z0-9._-]*)}");

    /** A referenced secret the server did not send (it does not exist, or the server has no secret store). */
    static final class MissingSecret extends RuntimeException {
        MissingSecret(String name) {
            super("secret '" + name + "' referenced by the connector is not available", null, false, false);
        }
    }

    private SecretSubstitution() {
    }

    static JsonNode apply(JsonNode node, Map<String, String> secrets) {
        if (node == null) {
            return null;
        }
        if (node.isString()) {
            Matcher matcher = REFERENCE.matcher(node.asString());
            if (!matcher.find()) {
                return node;
            }
            StringBuilder resolved = new StringBuilder();
            do {
                String value = secrets.get(matcher.group(1));
                if (value == null) {
                    throw new MissingSecret(matcher.group(1));
                }
                matcher.appendReplacement(resolved, Matcher.quoteReplacement(value));
            } while (matcher.find());
            matcher.appendTail(resolved);
            return JsonNodeFactory.instance.stringNode(resolved.toString());
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(item -> copy.add(apply(item, secrets)));
            return copy;
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            for (Map.Entry<String, JsonNode> property : node.properties()) {
                copy.set(property.getKey(), apply(property.getValue(), secrets));
            }
            return copy;
        }
        return node;
    }
}
