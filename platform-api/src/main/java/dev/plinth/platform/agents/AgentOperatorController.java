package dev.plinth.platform.agents;

import dev.plinth.deploy.AgentView;
import dev.plinth.deploy.Agents;
import dev.plinth.deploy.Environments;
import dev.plinth.orchestrator.AgentTasks;
import dev.plinth.platform.problem.ApiException;
import dev.plinth.platform.problem.ProblemType;
import dev.plinth.platform.security.ApiPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** What operators see of deploy agents and of the steps waiting for them. */
@RestController
@Tag(name = "Agents", description = "Deploy agents and the steps waiting for them")
class AgentOperatorController {

    private static final int PENDING_LIMIT = 1000;

    private final Agents agents;
    private final AgentTasks tasks;
    private final Environments environments;
    private final AgentsProperties properties;

    AgentOperatorController(Agents agents, AgentTasks tasks, Environments environments,
            AgentsProperties properties) {
        this.agents = agents;
        this.tasks = tasks;
        this.environments = environments;
        this.properties = properties;
    }

    /** A step task of an environment: {@code waiting} for an agent, or {@code leased} to one. */
    record TaskView(long id, UUID runId, String stepId, int attempt, String connectorType, String status,
            Instant createdAt, String leasedBy, Instant leasedUntil, int deliveries) {

        static TaskView of(AgentTasks.Pending task, Instant now) {
            boolean leased = task.leasedUntil() != null && task.leasedUntil().isAfter(now);
            return new TaskView(task.taskId(), task.runId(), task.stepId(), task.attempt(), task.connectorType(),
                    leased ? "leased" : "waiting", task.createdAt(), leased ? task.leasedBy() : null,
                    leased ? task.leasedUntil() : null, task.deliveries());
        }
    }

    /** An agent as operators see it: live while its last heartbeat is recent, with the tasks it holds now. */
    record AgentStatus(UUID id, String name, String environment, String version, Instant registeredAt,
            Instant lastHeartbeatAt, boolean live, List<TaskView> tasks) {
    }

    @GetMapping("/api/v1/agents")
    @Operation(summary = "List the tenant's deploy agents: environment, version, last heartbeat, whether live, "
            + "and the tasks leased to each now")
    List<AgentStatus> list() {
        UUID tenantId = ApiPrincipal.current().tenantId();
        Instant now = Instant.now();
        Map<String, List<AgentTasks.Pending>> pendingByEnvironment = new HashMap<>();
        return agents.list(tenantId).stream().map(agent -> {
            List<TaskView> held = pendingByEnvironment
                    .computeIfAbsent(agent.environment(), env -> tasks.pending(tenantId, env, PENDING_LIMIT))
                    .stream().map(task -> TaskView.of(task, now))
                    .filter(task -> agent.name().equals(task.leasedBy())).toList();
            return status(agent, now, held);
        }).toList();
    }

    @GetMapping("/api/v1/environments/{environment}/agent-tasks")
    @Operation(summary = "The environment's steps that run on its deploy agents and have not finished: waiting "
            + "ones and leased ones, oldest first")
    List<TaskView> pending(@PathVariable String environment, @RequestParam(required = false) Integer limit) {
        UUID tenantId = ApiPrincipal.current().tenantId();
        int max = limit == null ? 100 : limit;
        if (max < 1 || max > PENDING_LIMIT) {
            throw new ApiException(ProblemType.INVALID_PARAMETER,
                    "Query parameter 'limit' must be between 1 and " + PENDING_LIMIT).with("parameter", "limit");
        }
        environments.get(tenantId, environment);
        Instant now = Instant.now();
        return tasks.pending(tenantId, environment, max).stream().map(task -> TaskView.of(task, now)).toList();
    }

    private AgentStatus status(AgentView agent, Instant now, List<TaskView> held) {
        boolean live = agent.lastHeartbeatAt().isAfter(now.minus(properties.liveness()));
        return new AgentStatus(agent.id(), agent.name(), agent.environment(), agent.version(), agent.registeredAt(),
                agent.lastHeartbeatAt(), live, held);
    }
}
