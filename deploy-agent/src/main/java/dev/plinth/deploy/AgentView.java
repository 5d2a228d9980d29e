package dev.plinth.deploy;

import java.time.Instant;
import java.util.UUID;

/**
 * A registered deploy agent.
 *
 * @param name            unique per tenant; registering again under it updates this agent
 * @param environment     the environment whose steps it runs
 * @param version         the agent's own version, as it reported it
 * @param lastHeartbeatAt when it last registered, heartbeated or asked for tasks
 */
public record AgentView(UUID id, String name, String environment, String version, Instant registeredAt,
        Instant lastHeartbeatAt) {
}
