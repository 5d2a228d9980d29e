package dev.plinth.platform.agents;

import dev.plinth.deploy.AgentView;
import dev.plinth.orchestrator.AgentTasks;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Hands an agent its environment's tasks, waiting up to a limit when there are none: the request
 * looks again every {@link AgentsProperties#pollInterval()}, so a step queued while an agent waits
 * reaches it within that interval. Requests run on virtual threads, so a waiting agent costs no
 * platform thread.
 */
@Component
class TaskLeasing {

    private final AgentTasks tasks;
    private final AgentsProperties properties;

    TaskLeasing(AgentTasks tasks, AgentsProperties properties) {
        this.tasks = tasks;
        this.properties = properties;
    }

    /** Up to {@code max} tasks for the agent, waiting at most {@code wait}; empty when none came. */
    List<AgentTasks.Lease> lease(UUID tenantId, AgentView agent, int max, Duration wait) {
        Instant deadline = Instant.now().plus(wait);
        while (true) {
            List<AgentTasks.Lease> leased = tasks.lease(tenantId, agent.environment(), agent.name(), max,
                    properties.lease());
            if (!leased.isEmpty() || !Instant.now().isBefore(deadline)) {
                return leased;
            }
            try {
                Thread.sleep(properties.pollInterval().toMillis());
            } catch (InterruptedException shuttingDown) {
                Thread.currentThread().interrupt();
                return List.of();
            }
        }
    }
}
