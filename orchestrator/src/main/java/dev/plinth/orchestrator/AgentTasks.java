package dev.plinth.orchestrator;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The step tasks that run on a deployment environment's deploy agent (connectors marked
 * {@code runsOn: agent} in {@code spec.environments}). They wait in PostgreSQL until an agent of
 * that environment leases them; a lease that expires (the agent died) makes the task available
 * again, and the engine applies only the first result of an attempt. An agent still running a
 * task extends its lease ({@link #extend}), so a step that runs longer than a lease is not handed to
 * a second agent while the first is at it.
 */
public interface AgentTasks {

    /** A task leased to an agent: what to execute, and how often it has been handed out. */
    record Lease(long taskId, int delivery, StepInvocation invocation) {
    }

    /** A task as operators see it: waiting, or leased to an agent until a time. */
    record Pending(long taskId, UUID runId, String stepId, int attempt, String connectorType, Instant createdAt,
            String leasedBy, Instant leasedUntil, int deliveries) {
    }

    /** Leases up to {@code max} available tasks of the tenant's environment to {@code agent}. */
    List<Lease> lease(UUID tenantId, String environment, String agent, int max, Duration leaseFor);

    /**
     * Extends to {@code leaseFor} from now the leases of those of {@code taskIds} that are still
     * leased to {@code agent}, whether or not their lease has run out yet (a task whose lease ran out
     * but that no other agent took is still the agent's). Returns the new end of each lease
     * extended; a task missing from the answer is no longer the agent's: another agent took it
     * after its lease ran out, or it was withdrawn (its run was cancelled, its attempt timed out)
     * or completed. Its result is not needed.
     */
    Map<Long, Instant> extend(UUID tenantId, String agent, Collection<Long> taskIds, Duration leaseFor);

    /**
     * Reports a leased task's outcome; the engine applies it like a worker's result. False when
     * the task is not leased to this agent (any more): its result is not needed.
     */
    boolean complete(UUID tenantId, long taskId, String agent, StepOutcome outcome);

    /** The environment's tasks not yet completed, oldest first: waiting ones and leased ones. */
    List<Pending> pending(UUID tenantId, String environment, int limit);
}
