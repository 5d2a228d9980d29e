package dev.plinth.deploy.internal;

import dev.plinth.deploy.AgentView;
import dev.plinth.deploy.Agents;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** {@link Agents} over {@code deploy.agents}; an agent's environment must be one of the tenant's. */
class DefaultAgents implements Agents {

    private final AgentStore store;
    private final DefaultEnvironments environments;

    DefaultAgents(AgentStore store, DefaultEnvironments environments) {
        this.store = store;
        this.environments = environments;
    }

    @Override
    public AgentView register(UUID tenantId, String name, String environment, String version, String keyId) {
        environments.require(tenantId, environment, "/environment");
        return store.upsert(tenantId, name, environment, version, keyId);
    }

    @Override
    public Optional<AgentView> heartbeat(UUID tenantId, UUID agentId, String keyId) {
        return store.touch(tenantId, agentId, keyId);
    }

    @Override
    public List<AgentView> list(UUID tenantId) {
        return store.list(tenantId);
    }

    @Override
    public Map<String, Long> liveByEnvironment(Duration liveness) {
        return store.liveByEnvironment(liveness);
    }
}
