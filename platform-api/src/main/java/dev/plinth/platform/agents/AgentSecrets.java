package dev.plinth.platform.agents;

import dev.plinth.connectors.SecretReferences;
import dev.plinth.connectors.SecretValues;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
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

    private final ObjectProvider<SecretValues> store;

    AgentSecrets(ObjectProvider<SecretValues> store) {
        this.store = store;
    }

    /** Name to value of each referenced secret that exists; the environment's own value wins. */
    Map<String, String> forConnector(UUID tenantId, String environment, JsonNode connector) {
        Map<String, String> values = new TreeMap<>();
        SecretValues secrets = store.getIfAvailable();
        if (secrets == null) {
            return values;
        }
        for (String name : SecretReferences.names(connector)) {
            secrets.value(tenantId, name, environment).ifPresent(value -> values.put(name, value));
        }
        return values;
    }
}
