package dev.plinth.platform.agents;

import dev.plinth.connectors.SecretValues;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The secret values one agent task needs: exactly those its connector's settings reference as
 * {@code ${secret:name}}, so an agent never learns a secret its environment's steps do not use.
 * Without a secret store in the application nothing is resolved, and the agent fails such a step
 * with {@code secret-unavailable}.
 */
@Component
class AgentSecrets {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{secret:([A-Za-z0-9][A-Za-z0-9._-]*)}");

    private final ObjectProvider<SecretValues> store;

    AgentSecrets(ObjectProvider<SecretValues> store) {
        this.store = store;
    }

    /** Name to value of each referenced secret that exists. */
    Map<String, String> forConnector(UUID tenantId, JsonNode connector) {
        Map<String, String> values = new TreeMap<>();
        SecretValues secrets = store.getIfAvailable();
        if (secrets == null) {
            return values;
        }
        collect(connector, name -> {
            if (!values.containsKey(name)) {
                secrets.value(tenantId, name).ifPresent(value -> values.put(name, value));
            }
        });
        return values;
    }

    private static void collect(JsonNode node, Consumer<String> names) {
        if (node.isString()) {
            Matcher matcher = REFERENCE.matcher(node.asString());
            while (matcher.find()) {
                names.accept(matcher.group(1));
            }
        }
        else if (node.isContainer()) {
            node.forEach(child -> collect(child, names));
        }
    }
}
