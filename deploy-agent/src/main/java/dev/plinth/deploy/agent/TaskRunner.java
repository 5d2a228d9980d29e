package dev.plinth.deploy.agent;

import dev.plinth.orchestrator.StepExecutor;
import dev.plinth.orchestrator.StepInvocation;
import dev.plinth.orchestrator.StepOutcome;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Executes one leased task with its connector type's executor and reports the outcome, retrying
 * the report while the lease lasts (after that the task is another agent's; while the task runs,
 * the agent's heartbeats extend its lease). Secret values are
 * put into the connector settings for the executor only; nothing here logs them.
 */
final class TaskRunner {

    private static final System.Logger LOG = System.getLogger(TaskRunner.class.getName());

    private final ExecutorCatalog executors;
    private volatile boolean silenced;

    TaskRunner(ExecutorCatalog executors) {
        this.executors = executors;
    }

    Set<String> types() {
        return executors.types();
    }

    /** From now on nothing is reported: the agent is going away as if it had crashed. */
    void silence() {
        silenced = true;
    }

    /**
     * Runs the task and reports it; whether the server accepted the result. {@code leasedUntil}
     * tells the end of the task's lease as the agent's heartbeats extend it.
     */
    boolean run(ServerClient server, UUID agent, AgentTask task, Supplier<Instant> leasedUntil) {
        LOG.log(Level.INFO, "{0}: running on connector ''{1}''", task, task.connectorName());
        StepOutcome outcome = execute(task);
        return report(server, agent, task, outcome, leasedUntil);
    }

    private StepOutcome execute(AgentTask task) {
        String type = task.connector() == null ? null : task.connector().path("type").asString(null);
        Optional<StepExecutor> executor = executors.forType(type);
        if (executor.isEmpty()) {
            return StepOutcome.failure("connector-unavailable", "agent has no executor for connector type '" + type
                    + "'; it runs " + executors.types(), false);
        }
        try {
            JsonNode connector = SecretSubstitution.apply(task.connector(), task.secrets());
            StepInvocation invocation = new StepInvocation(task.tenantId(), task.appId(), task.runId(),
                    task.stepId(), task.attempt(), task.idempotencyKey(), task.connectorName(), connector,
                    task.operation(), task.parameters());
            return executor.get().execute(invocation);
        } catch (SecretSubstitution.MissingSecret missing) {
            return StepOutcome.failure("secret-unavailable", missing.getMessage(), false);
        } catch (RuntimeException failed) {
            LOG.log(Level.WARNING, "{0} failed in its executor: {1}", task, failed.toString());
            return StepOutcome.failure("agent-error", "the executor failed on the agent: " + failed, true);
        }
    }

    private boolean report(ServerClient server, UUID agent, AgentTask task, StepOutcome outcome,
            Supplier<Instant> leasedUntil) {
        Duration wait = Duration.ofMillis(500);
        while (!silenced) {
            try {
                return server.report(agent, task.id(), body(outcome));
            } catch (IOException failed) {
                Instant until = leasedUntil.get();
                if (until != null && Instant.now().isAfter(until)) {
                    LOG.log(Level.WARNING, "{0}: giving up reporting, its lease has expired: {1}", task,
                            failed.getMessage());
                    return false;
                }
                LOG.log(Level.WARNING, "{0}: reporting failed, again in {1} ms: {2}", task, wait.toMillis(),
                        failed.getMessage());
                try {
                    Thread.sleep(wait.toMillis());
                } catch (InterruptedException stopping) {
                    return false;
                }
                wait = wait.multipliedBy(2);
            } catch (InterruptedException stopping) {
                return false;
            }
        }
        return false;
    }

    private static ObjectNode body(StepOutcome outcome) {
        ObjectNode body = ServerClient.newObject();
        if (outcome.succeeded()) {
            body.set("output", outcome.output() == null ? body.nullNode() : outcome.output());
        }
        else {
            body.putObject("error").put("type", outcome.errorType()).put("message", outcome.errorMessage())
                    .put("retryable", outcome.retryable());
        }
        return body;
    }
}
