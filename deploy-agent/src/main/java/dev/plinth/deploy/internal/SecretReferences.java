package dev.plinth.deploy.internal;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import tools.jackson.databind.JsonNode;

/**
 * Finds the names of the secrets a definition references as {@code ${secret:name}} in the target
 * environment: everywhere except the overrides of other environments.
 */
final class SecretReferences {

    private SecretReferences() {
    }

    static Set<String> in(JsonNode definition, String environment) {
        Set<String> names = new TreeSet<>();
        collect(definition, names, definition.path("spec").path("environments"), environment);
        return names;
    }

    private static void collect(JsonNode node, Set<String> names, JsonNode environments, String environment) {
        if (node.isString()) {
            Matcher matcher = dev.plinth.connectors.SecretReferences.REFERENCE.matcher(node.asString());
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
            return;
        }
        if (node == environments) {
            JsonNode own = environments.path(environment);
            if (!own.isMissingNode()) {
                collect(own, names, environments, environment);
            }
            return;
        }
        if (node.isArray()) {
            node.forEach(item -> collect(item, names, environments, environment));
        }
        else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> property : node.properties()) {
                collect(property.getValue(), names, environments, environment);
            }
        }
    }
}
