package dev.plinth.deploy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The deploy agents of each tenant: the processes that run an environment's steps inside the
 * tenant's own network. Agents register (an upsert by name), then heartbeat; an agent is live
 * while its last heartbeat is recent.
 */
public interface Agents {

    /**
     * Registers the agent, or updates the one of that name: {@link DeploymentException.Kind#INVALID}
     * (pointer {@code /environment}) when the tenant has no such environment.
     */
    AgentView register(UUID tenantId, String name, String environment, String version, String keyId);

    /** Records a heartbeat; empty when the tenant has no agent of that id. */
    Optional<AgentView> heartbeat(UUID tenantId, UUID agentId, String keyId);

    /** The tenant's agents by name. */
    List<AgentView> list(UUID tenantId);

    /**
     * How many agents heartbeated within {@code liveness}, by environment name, over all tenants (for
     * metrics); every environment that has registered agents is present, 0 when none is live.
     */
    Map<String, Long> liveByEnvironment(Duration liveness);
}
