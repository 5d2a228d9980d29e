package dev.plinth.platform.agents;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the server deals with deploy agents.
 *
 * @param lease           how long a task handed to an agent stays its own; an agent that has not
 *                        reported by then is presumed dead and the task goes to the next agent
 * @param liveness        an agent is live while its last heartbeat is at most this old
 * @param pollInterval    how often a waiting lease request looks for new tasks
 * @param maxWait         the longest a lease request may wait for tasks
 * @param maxTasks        the most tasks one lease request may take
 * @param measureInterval how often {@code plinth.agents.live} is measured
 */
@ConfigurationProperties("plinth.agents")
public record AgentsProperties(
        @DefaultValue("60s") Duration lease,
        @DefaultValue("30s") Duration liveness,
        @DefaultValue("200ms") Duration pollInterval,
        @DefaultValue("30s") Duration maxWait,
        @DefaultValue("32") int maxTasks,
        @DefaultValue("10s") Duration measureInterval) {
}
