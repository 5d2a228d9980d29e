package dev.plinth.platform.agents;

import dev.plinth.deploy.AgentView;
import dev.plinth.deploy.Agents;
import dev.plinth.orchestrator.AgentTasks;
import dev.plinth.orchestrator.StepInvocation;
import dev.plinth.orchestrator.StepOutcome;
import dev.plinth.platform.problem.ApiException;
import dev.plinth.platform.problem.ProblemType;
import dev.plinth.platform.security.ApiPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** The API deploy agents call, with keys of role {@code agent}. */
@RestController
@RequestMapping("/api/v1/agent")
@Tag(name = "Agent", description = "For deploy agents (keys of role agent): register, heartbeat, lease tasks, "
        + "report results")
class AgentController {

    private static final int NAME_MAX = 100;
    /** The most running tasks one heartbeat may list. */
    private static final int MAX_RUNNING = 1_000;

    private final Agents agents;
    private final AgentTasks tasks;
    private final TaskLeasing leasing;
    private final AgentSecrets secrets;
    private final AgentsProperties properties;
    private final dev.plinth.deploy.Deployments deployments;

    AgentController(Agents agents, AgentTasks tasks, TaskLeasing leasing, AgentSecrets secrets,
            AgentsProperties properties, dev.plinth.deploy.Deployments deployments) {
        this.deployments = deployments;
        this.agents = agents;
        this.tasks = tasks;
        this.leasing = leasing;
        this.secrets = secrets;
        this.properties = properties;
    }

    record Registration(String name, String environment, String version) {
    }

    /** A heartbeat: the agent, and the tasks it is running now, whose leases it extends. */
    record HeartbeatRequest(String agent, List<Long> tasks) {
    }

    record LeaseRequest(String agent, Integer max, Integer waitSeconds) {
    }

    record ErrorReport(String type, String message, Boolean retryable) {
    }

    record ResultReport(String agent, JsonNode output, ErrorReport error) {
    }

    /** One task to execute; {@code secrets} holds the values of the secrets its connector references. */
    record TaskView(long id, int delivery, Instant leasedUntil, UUID tenantId, UUID appId, UUID runId, String stepId, int attempt,
            String idempotencyKey, String connectorName, JsonNode connector, String operation, JsonNode parameters,
            Map<String, String> secrets) {
    }

    /**
     * The tasks leased, and how long a lease lasts ({@code plinth.agents.lease}, whole seconds): an
     * agent heartbeats well within it while it runs tasks, or they go to another agent.
     */
    record LeaseResponse(List<TaskView> tasks, long leaseSeconds) {
    }

    @PostMapping("/register")
    @Operation(summary = "Register a deploy agent (again under the same name updates it)",
            description = "The environment must exist. Returns the agent, whose id the other agent calls send.")
    AgentView register(@RequestBody Registration request) {
        ApiPrincipal caller = ApiPrincipal.current();
        String name = required(request.name(), "/name");
        if (name.length() > NAME_MAX) {
            throw ApiException.invalid("/name", "name must be at most " + NAME_MAX + " characters", null);
        }
        String environment = required(request.environment(), "/environment");
        String version = required(request.version(), "/version");
        return agents.register(caller.tenantId(), name, environment, version, caller.keyId());
    }

    /** The apps deployed in the agent's environment: the revisions whose steps it may be asked to run. */
    record DesiredApp(String app, int revision, Instant activatedAt) {
    }

    /** A task whose lease a heartbeat extended, and until when it is the agent's now. */
    record ExtendedLease(long task, Instant leasedUntil) {
    }

    /**
     * A heartbeat's answer: the agent as the server knows it, its environment's desired state, the
     * leases it extended and the tasks that are no longer the agent's.
     */
    record HeartbeatView(AgentView agent, List<DesiredApp> desired, List<ExtendedLease> leases, List<Long> lost) {
    }

    @PostMapping("/heartbeat")
    @Operation(summary = "Tell the server the agent is alive (every 10 s; a lease request counts too), and extend "
            + "the leases of the tasks it is running",
            description = "tasks: the ids of the tasks the agent is running now (at most 1,000). Each one still "
                    + "leased to the agent is its own for another lease (plinth.agents.lease) from now, so a "
                    + "step that runs longer than a lease is not handed to a second agent; the answer lists "
                    + "them under leases with their new end. A task under lost is no longer the agent's "
                    + "(another agent took it after its lease ran out, or its run was cancelled or its attempt "
                    + "timed out): its result is not needed. The answer also holds the environment's desired "
                    + "state: every app with a revision active there.")
    HeartbeatView heartbeat(@RequestBody HeartbeatRequest request) {
        AgentView agent = current(request.agent());
        UUID tenantId = ApiPrincipal.current().tenantId();
        List<Long> running = request.tasks() == null ? List.of() : request.tasks();
        if (running.size() > MAX_RUNNING) {
            throw ApiException.invalid("/tasks", "tasks may list at most " + MAX_RUNNING + " task ids", null);
        }
        for (int index = 0; index < running.size(); index++) {
            if (running.get(index) == null) {
                throw ApiException.invalid("/tasks/" + index, "a task id is required", null);
            }
        }
        Map<Long, Instant> extended = tasks.extend(tenantId, agent.name(), running, properties.lease());
        List<DesiredApp> desired = deployments.activeIn(tenantId, agent.environment())
                .stream().map(active -> new DesiredApp(active.app(), active.revision(), active.activatedAt()))
                .toList();
        return new HeartbeatView(agent, desired,
                extended.entrySet().stream().map(lease -> new ExtendedLease(lease.getKey(), lease.getValue()))
                        .toList(),
                running.stream().distinct().filter(id -> !extended.containsKey(id)).toList());
    }

    @PostMapping("/tasks/lease")
    @Operation(summary = "Take up to max tasks of the agent's environment, waiting up to waitSeconds (at most 30) "
            + "for some to arrive",
            description = "Each task must be reported within its lease (plinth.agents.lease), which each heartbeat "
                    + "that lists the task extends; a task whose lease runs out goes to another agent. The server "
                    + "waits at most half a lease. The response holds the secret values the tasks' connectors "
                    + "reference.")
    ResponseEntity<LeaseResponse> lease(@RequestBody LeaseRequest request) {
        AgentView agent = current(request.agent());
        int max = request.max() == null ? 1 : request.max();
        if (max < 1 || max > properties.maxTasks()) {
            throw ApiException.invalid("/max", "max must be between 1 and " + properties.maxTasks(), null);
        }
        int waitSeconds = request.waitSeconds() == null ? 0 : request.waitSeconds();
        if (waitSeconds < 0 || waitSeconds > properties.maxWait().toSeconds()) {
            throw ApiException.invalid("/waitSeconds", "waitSeconds must be between 0 and "
                    + properties.maxWait().toSeconds(), null);
        }
        UUID tenantId = ApiPrincipal.current().tenantId();
        Instant leasedAt = Instant.now();
        // A request whose agent died keeps waiting here unnoticed and could take a task for the dead
        // agent. Waiting at most half a lease, it ends before the lease of any task the agent took in
        // the half lease before the request runs out: an agent killed soon after taking a step does
        // not take it again from beyond the grave.
        Duration wait = Duration.ofSeconds(waitSeconds);
        if (wait.compareTo(properties.lease().dividedBy(2)) > 0) {
            wait = properties.lease().dividedBy(2);
        }
        List<TaskView> leased = leasing.lease(tenantId, agent, max, wait).stream()
                .map(lease -> view(tenantId, lease, leasedAt.plus(properties.lease()))).toList();
        // Secret values travel in this response: no cache may keep it.
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(new LeaseResponse(leased,
                Math.max(1, properties.lease().toSeconds())));
    }

    @PostMapping("/tasks/{task}/result")
    @Operation(summary = "Report a leased task's output or error",
            description = "409 when the task is no longer leased to this agent (its lease expired and it went to "
                    + "another agent, or its run was cancelled): the result is not needed.")
    ResponseEntity<Void> result(@PathVariable long task, @RequestBody ResultReport report) {
        AgentView agent = current(report.agent());
        StepOutcome outcome = outcome(report);
        if (!tasks.complete(ApiPrincipal.current().tenantId(), task, agent.name(), outcome)) {
            throw new ApiException(ProblemType.CONFLICT, "Task " + task + " is not leased to agent '" + agent.name()
                    + "' (any more); its result is not needed");
        }
        return ResponseEntity.noContent().build();
    }

    private static StepOutcome outcome(ResultReport report) {
        if (report.error() == null) {
            if (report.output() == null) {
                throw ApiException.invalid("/output", "send either output or error", null);
            }
            return StepOutcome.success(report.output());
        }
        if (report.output() != null) {
            throw ApiException.invalid("/error", "send either output or error, not both", null);
        }
        String type = required(report.error().type(), "/error/type");
        String message = report.error().message() == null ? type : report.error().message();
        return StepOutcome.failure(type, message, Boolean.TRUE.equals(report.error().retryable()));
    }

    private TaskView view(UUID tenantId, AgentTasks.Lease lease, Instant leasedUntil) {
        StepInvocation step = lease.invocation();
        return new TaskView(lease.taskId(), lease.delivery(), leasedUntil, step.tenantId(), step.appId(),
                step.runId(), step.stepId(), step.attempt(), step.idempotencyKey(), step.connectorName(),
                step.connector(), step.operation(), step.parameters(), secrets.forConnector(tenantId, step.environment(), step.connector()));
    }

    /** The calling tenant's agent of that id, its heartbeat recorded; 404 for an unknown one. */
    private AgentView current(String id) {
        String value = required(id, "/agent");
        UUID agentId;
        try {
            agentId = UUID.fromString(value);
        } catch (IllegalArgumentException notAnId) {
            throw ApiException.invalid("/agent", "agent must be the id returned by register", null);
        }
        ApiPrincipal caller = ApiPrincipal.current();
        return agents.heartbeat(caller.tenantId(), agentId, caller.keyId())
                .orElseThrow(() -> ApiException.notFound("Agent '" + agentId + "'"));
    }

    private static String required(String value, String pointer) {
        if (value == null || value.isBlank()) {
            throw ApiException.invalid(pointer, pointer.substring(pointer.lastIndexOf('/') + 1) + " is required",
                    null);
        }
        return value.trim();
    }
}
