package dev.plinth.orchestrator.internal;

import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The engine's state machine. Each event (a run started, a step result, a fired timer) is applied
 * in one transaction with the run row locked: the run advances through the steps the engine runs
 * itself (transform, switch, setVariable, succeed, fail) until it dispatches a {@code call} step or
 * ends, and the records it causes go out through the outbox. A redelivered event finds its work
 * already done (the attempt is no longer {@code dispatched}) and changes nothing.
 */
class Advancer implements Containers.Children {

    private static final int MAX_INLINE_STEPS = 10_000;
    private static final java.util.Set<String> WAITING = java.util.Set.of("awaitSignal", "approval");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final RunStore runs;
    private final Plans plans;
    private final Outbox outbox;
    private final Timers timers;
    private final StepExpressions expressions;
    private final TransactionTemplate transactions;
    private final WorkflowMetrics metrics;
    private final String tasksTopic;
    private final String eventsTopic;
    private final Containers containers;
    private final AgentQueue agents;
    private final java.time.Duration stepLease;
    private final Payloads payloads;
    /** Lease expiries after which a step is no longer dispatched again but fails (a step that kills its workers). */
    private static final int MAX_LEASE_EXPIRIES = 3;

    Advancer(RunStore runs, Plans plans, Outbox outbox, Timers timers, StepExpressions expressions,
            TransactionTemplate transactions, WorkflowMetrics metrics, String tasksTopic, String eventsTopic,
            Containers containers, AgentQueue agents, java.time.Duration stepLease, Payloads payloads) {
        this.payloads = payloads;
        this.stepLease = stepLease;
        this.runs = runs;
        this.plans = plans;
        this.outbox = outbox;
        this.timers = timers;
        this.expressions = expressions;
        this.transactions = transactions;
        this.metrics = metrics;
        this.tasksTopic = tasksTopic;
        this.eventsTopic = eventsTopic;
        this.containers = containers;
        this.agents = agents;
        containers.children(this);
    }

    void handle(JsonNode event) {
        UUID runId = UUID.fromString(event.path("runId").asString());
        transactions.executeWithoutResult(status -> runs.lock(runId).ifPresent(run -> {
            if (run.running()) {
                apply(run, event);
            } else if (run.paused()) {
                runs.park(runId, event);
            }
        }));
    }

    private void apply(RunRow run, JsonNode event) {
        Plan plan = plans.of(run);
        ObjectNode state = run.state();
        String type = event.path("type").asString();
        String stepId = event.path("stepId").asString();
        int attempt = event.path("attempt").asInt();
        String cursor = switch (type) {
            case "start" -> started(state) ? null : plan.first();
            case "start-at" -> started(state) ? null : stepId;
            case "result" -> result(run, plan, state, event);
            case "retry" -> {
                PlanStep step = plan.step(stepId);
                if (Containers.TYPES.contains(step.type())) {
                    yield startContainer(run, plan, state, step, attempt);
                }
                dispatch(run, plan, state, step, attempt);
                yield null;
            }
            case "child" -> childEnded(run, plan, state, plan.step(stepId), attempt, event);
            case "timeout" -> timedOut(run, plan, state, plan.step(stepId), attempt);
            case "lease" -> leaseExpired(run, plan, state, plan.step(stepId), attempt);
            case "wake" -> {
                PlanStep step = plan.step(stepId);
                JsonNode output = NODES.objectNode().put("wokeAt", Instant.now().toString());
                yield end(run, step, attempt, "completed", output, null)
                        ? completed(run, state, step, attempt, output) : null;
            }
            default -> throw new IllegalArgumentException("Unknown engine event type: " + type);
        };
        if (cursor != null) {
            proceed(run, plan, state, cursor);
        } else {
            runs.save(run.id(), state);
        }
    }

    private String result(RunRow run, Plan plan, ObjectNode state, JsonNode event) {
        PlanStep step = plan.step(event.path("stepId").asString());
        int attempt = event.path("attempt").asInt();
        if (!event.path("errorType").isString()) {
            JsonNode output = payloads.keep(run.id(), event.get("output"));
            if (!end(run, step, attempt, "completed", output, null)) {
                return null;
            }
            metrics.step(run, step, attempt, "completed");
            record(state, step.id(), "completed", output, null);
            return step.next();
        }
        String errorType = event.path("errorType").asString();
        String message = event.path("errorMessage").asString();
        if (!end(run, step, attempt, "failed", null, error(errorType, message, step.id()))) {
            return null;
        }
        return failed(run, plan, state, step, attempt, errorType, message, event.path("retryable").asBoolean());
    }

    private String timedOut(RunRow run, Plan plan, ObjectNode state, PlanStep step, int attempt) {
        JsonNode error = error("timeout", "The step did not finish within " + step.timeout(), step.id());
        if (!end(run, step, attempt, "timed-out", null, error)) {
            return null;
        }
        if (Containers.TYPES.contains(step.type())) {
            containers.cancelOpen(run, state, step);
        }
        agents.drop(run.id(), step.id(), attempt);
        if (WAITING.contains(step.type()) && step.node().path("onTimeout").isString()) {
            record(state, step.id(), "timed-out", null, error);
            return step.node().path("onTimeout").asString();
        }
        return failed(run, plan, state, step, attempt, "timeout", "step timed out", true);
    }

    /**
     * A dispatched attempt's lease ran out without a result: its worker is presumed dead, and the
     * step is dispatched again as a new attempt (not counted against its retry policy — the step
     * did not fail, its worker did). After {@link #MAX_LEASE_EXPIRIES} the step fails with
     * {@code lease-expired}.
     */
    private String leaseExpired(RunRow run, Plan plan, ObjectNode state, PlanStep step, int attempt) {
        JsonNode error = error("lease-expired", "No result within the step lease of " + stepLease
                + "; its worker is presumed dead", step.id());
        if (!end(run, step, attempt, "timed-out", null, error)) {
            return null;
        }
        int expired = state.path("leaseExpiries").path(step.id()).asInt(0) + 1;
        (state.has("leaseExpiries") ? (ObjectNode) state.get("leaseExpiries") : state.putObject("leaseExpiries"))
                .put(step.id(), expired);
        if (expired >= MAX_LEASE_EXPIRIES) {
            return failed(run, plan, state, step, attempt, "lease-expired", error.path("message").asString(), false);
        }
        metrics.step(run, step, attempt, "lease-expired");
        dispatch(run, plan, state, step, attempt + 1);
        return null;
    }

    private String completed(RunRow run, ObjectNode state, PlanStep step, int attempt, JsonNode output) {
        metrics.step(run, step, attempt, "completed");
        record(state, step.id(), "completed", output, null);
        return step.next();
    }

    /**
     * Ends a waiting step (signal or approval) with {@code output} and advances the run from
     * {@code next}, in the caller's transaction; false when the step was not waiting any more.
     */
    boolean resume(RunRow run, PlanStep step, int attempt, JsonNode output, String next) {
        if (!end(run, step, attempt, "completed", output, null)) {
            return false;
        }
        Plan plan = plans.of(run);
        ObjectNode state = run.state();
        metrics.step(run, step, attempt, "completed");
        record(state, step.id(), "completed", output, null);
        if (next == null) {
            finish(run, state, "failed", null, error("rejected", "The approval was rejected", step.id()));
            return true;
        }
        proceed(run, plan, state, next);
        return true;
    }

    /** Runs {@code stepId} again in a reopened run, in the caller's transaction: a new attempt, earlier outputs kept. */
    void restartAt(RunRow run, String stepId) {
        Plan plan = plans.of(run);
        ObjectNode state = run.state();
        PlanStep step = plan.step(stepId);
        state.remove("ended");
        if (state.get("deadlines") instanceof ObjectNode deadlines) {
            deadlines.remove(stepId);
        }
        if ("call".equals(step.type()) || "memory".equals(step.type())) {
            dispatch(run, plan, state, step, runs.nextAttempt(run.id(), stepId));
            runs.save(run.id(), state);
        } else if (Containers.TYPES.contains(step.type())) {
            String next = startContainer(run, plan, state, step, runs.nextAttempt(run.id(), stepId));
            if (next != null) {
                proceed(run, plan, state, next);
            } else {
                runs.save(run.id(), state);
            }
        } else {
            proceed(run, plan, state, stepId);
        }
    }

    /** After a failed attempt: retry later, or apply the step's final-failure rule. Returns the next step or null. */
    private String failed(RunRow run, Plan plan, ObjectNode state, PlanStep step, int attempt, String errorType,
            String message, boolean retryable) {
        java.time.Duration delay = step.retry().delayAfter(attempt);
        if (step.retry().retries(attempt, errorType, retryable) && beforeDeadline(state, step, delay)) {
            metrics.step(run, step, attempt, "retried");
            timers.schedule(run.id(), Instant.now().plus(delay), event("retry", run.id(), step.id(), attempt + 1));
            return null;
        }
        metrics.step(run, step, attempt, "failed");
        record(state, step.id(), "failed", null, error(errorType, message, step.id()));
        if (step.onFailure() == null) {
            finish(run, state, "failed", null, error(errorType, message, step.id()));
            return null;
        }
        return Plan.CONTINUE.equals(step.onFailure()) ? step.next() : step.onFailure();
    }

    private void proceed(RunRow run, Plan plan, ObjectNode state, String start) {
        String cursor = start;
        for (int executed = 0; executed < MAX_INLINE_STEPS; executed++) {
            if (Plan.END.equals(cursor)) {
                JsonNode output;
                try {
                    output = !plan.output().isMissingNode() ? expressions.resolve(plan.output(), run, state)
                            : run.part() ? state.path("steps").path(state.path("last").asString()).get("output")
                            : null;
                } catch (StepExpressions.Failure failure) {
                    // Thrown out of here, the event would fail forever and leave the run running.
                    finish(run, state, "failed", null, error("expression", failure.getMessage(), null));
                    return;
                }
                finish(run, state, "completed", output, null);
                return;
            }
            PlanStep step = plan.step(cursor);
            try {
                cursor = inline(run, plan, state, step);
            } catch (StepExpressions.Failure failure) {
                runs.inline(run.id(), step.id(), step.type(), null, error("expression", failure.getMessage(), step.id()));
                record(state, step.id(), "failed", null, error("expression", failure.getMessage(), step.id()));
                finish(run, state, "failed", null, error("expression", failure.getMessage(), step.id()));
                return;
            }
            if (cursor == null) {
                if (!state.path("ended").asBoolean()) {
                    // The run waits (for a worker, a timer, a signal or its children): keep what the
                    // inline steps before the wait recorded, or a later step would not find it.
                    runs.save(run.id(), state);
                }
                return;
            }
        }
        finish(run, state, "failed", null, error("too-many-steps",
                "The run executed " + MAX_INLINE_STEPS + " steps without waiting; is there a cycle?", cursor));
    }

    /** Runs one step; returns the next step, or null when the run now waits (or has ended). */
    private String inline(RunRow run, Plan plan, ObjectNode state, PlanStep step) {
        JsonNode node = step.node();
        switch (step.type()) {
            case "call", "memory" -> {
                dispatch(run, plan, state, step, 1);
                return null;
            }
            case "parallel", "forEach", "loop", "subWorkflow" -> {
                return startContainer(run, plan, state, step, 1);
            }
            case "wait" -> {
                Instant until = node.has("until")
                        ? Instant.parse(expressions.resolve(node.get("until"), run, state).asString())
                        : Instant.now().plus(java.time.Duration.parse(node.path("duration").asString("PT0S")));
                if (runs.attempt(run.id(), step.id(), 1, step.type(),
                        NODES.objectNode().put("until", until.toString()))) {
                    timers.schedule(run.id(), until, event("wake", run.id(), step.id(), 1));
                }
                return null;
            }
            case "awaitSignal", "approval" -> {
                ObjectNode waiting = NODES.objectNode().put("signal", node.path("signal").asString(step.id()));
                if (node.has("prompt")) {
                    waiting.set("prompt", expressions.resolve(node.get("prompt"), run, state));
                }
                if (node.has("role")) {
                    waiting.put("role", node.path("role").asString());
                }
                if (runs.attempt(run.id(), step.id(), 1, step.type(), waiting) && step.timeout() != null) {
                    timers.schedule(run.id(), Instant.now().plus(step.timeout()),
                            event("timeout", run.id(), step.id(), 1));
                }
                return null;
            }
            case "transform" -> {
                JsonNode value = node.has("expression")
                        ? expressions.evaluate(node.path("expression").asString(), run, state)
                        : expressions.resolve(node.path("value"), run, state);
                done(run, state, step, value);
                return step.next();
            }
            case "setVariable" -> {
                ObjectNode vars = state.has("vars") ? (ObjectNode) state.get("vars") : state.putObject("vars");
                Iterator<Map.Entry<String, JsonNode>> fields = node.path("variables").properties().iterator();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    vars.set(field.getKey(), expressions.resolve(field.getValue(), run, state));
                }
                done(run, state, step, vars.deepCopy());
                return step.next();
            }
            case "switch" -> {
                String target = node.path("default").asString(step.next());
                for (JsonNode option : node.path("cases")) {
                    if (expressions.test(option.path("when").asString(), run, state)) {
                        target = option.path("then").asString();
                        break;
                    }
                }
                done(run, state, step, NODES.objectNode().put("branch", target));
                return target;
            }
            case "succeed" -> {
                JsonNode output = node.has("output") ? expressions.resolve(node.get("output"), run, state)
                        : plan.output().isMissingNode() ? null : expressions.resolve(plan.output(), run, state);
                done(run, state, step, output);
                finish(run, state, "completed", output, null);
                return null;
            }
            case "fail" -> {
                JsonNode message = expressions.resolve(node.path("message"), run, state);
                JsonNode error = error(node.path("errorType").asString("failed"),
                        message.isString() ? message.asString() : message.toString(), step.id());
                runs.inline(run.id(), step.id(), step.type(), null, error);
                finish(run, state, "failed", null, error);
                return null;
            }
            default -> throw new IllegalStateException("Unsupported step type " + step.type());
        }
    }

    private void dispatch(RunRow run, Plan plan, ObjectNode state, PlanStep step, int attempt) {
        boolean memory = "memory".equals(step.type());
        JsonNode parameters;
        try {
            parameters = expressions.resolve(memory ? memoryParameters(step.node()) : step.node().path("with"), run,
                    state);
        } catch (StepExpressions.Failure failure) {
            record(state, step.id(), "failed", null, error("expression", failure.getMessage(), step.id()));
            finish(run, state, "failed", null, error("expression", failure.getMessage(), step.id()));
            return;
        }
        String connectorName = memory ? "memory" : step.node().path("connector").asString();
        boolean onAgent = !memory && plan.onAgent(run.environment(), connectorName);
        // Without a timeout of its own the attempt still holds a lease, so a worker that dies with it
        // (or a result that is lost) does not leave the run waiting forever; an agent's task has its own.
        Instant lease = step.timeout() == null && !onAgent ? Instant.now().plus(stepLease) : null;
        if (!runs.attempt(run.id(), step.id(), attempt, step.type(), parameters, lease)) {
            return;
        }
        ObjectNode task = NODES.objectNode()
                .put("runId", run.id().toString())
                .put("tenantId", run.tenantId().toString())
                .put("appId", run.appId().toString())
                .put("appName", run.appName())
                .put("stepId", step.id())
                .put("attempt", attempt)
                .put("idempotencyKey", run.id() + ":" + step.id())
                .put("connectorName", connectorName)
                .put("operation", step.node().path(memory ? "action" : "operation").asString());
        task.set("connector", memory ? NODES.objectNode().put("type", "memory")
                : plan.connector(connectorName, run.environment()));
        task.set("parameters", parameters);
        if (run.environment() != null) {
            task.put("environment", run.environment());
        }
        if (onAgent) {
            agents.add(run, step.id(), attempt, task);
        } else {
            outbox.add(tasksTopic, run.id(), task);
        }
        Instant timeout = step.timeout() == null ? null : Instant.now().plus(step.timeout());
        Instant deadline = deadline(state, step, attempt);
        if (deadline != null && (timeout == null || deadline.isBefore(timeout))) {
            timeout = deadline;
        }
        if (timeout != null) {
            timers.schedule(run.id(), timeout, event("timeout", run.id(), step.id(), attempt));
        }
    }

    /**
     * When a step with {@code retry.maxDuration} must be done across all its attempts: fixed when
     * its first attempt is dispatched (or a manual retry starts it again), kept in the run's state.
     */
    private static Instant deadline(ObjectNode state, PlanStep step, int attempt) {
        java.time.Duration total = step.retry().maxDuration();
        if (total == null) {
            return null;
        }
        ObjectNode deadlines = state.has("deadlines") ? (ObjectNode) state.get("deadlines")
                : state.putObject("deadlines");
        if (attempt == 1 || !deadlines.has(step.id())) {
            deadlines.put(step.id(), Instant.now().plus(total).toString());
        }
        return Instant.parse(deadlines.path(step.id()).asString());
    }

    /** Whether another attempt, starting after {@code delay}, would still begin before the step's deadline. */
    private static boolean beforeDeadline(ObjectNode state, PlanStep step, java.time.Duration delay) {
        String deadline = state.path("deadlines").path(step.id()).asString("");
        return deadline.isEmpty() || Instant.now().plus(delay).isBefore(Instant.parse(deadline));
    }

    /** A memory step's own fields (user, session, message, query …) are its parameters. */
    private static JsonNode memoryParameters(JsonNode node) {
        ObjectNode parameters = (ObjectNode) node.deepCopy();
        parameters.remove(List.of("id", "type", "next", "retry", "timeout", "onFailure", "action", "description"));
        return parameters;
    }

    private void done(RunRow run, ObjectNode state, PlanStep step, JsonNode output) {
        runs.inline(run.id(), step.id(), step.type(), output, null);
        record(state, step.id(), "completed", output, null);
        metrics.step(run, step, 1, "completed");
    }

    private void finish(RunRow run, ObjectNode state, String status, JsonNode output, JsonNode error) {
        state.put("ended", true);
        runs.finish(run.id(), status, state, output, error);
        ended(run, status);
    }

    /** After a run has ended: its meters, and the news for its parent when it is a child. */
    void ended(RunRow run, String status) {
        if (!run.part()) {
            metrics.runEnded(run, status);
        }
        if (run.parentRunId() != null) {
            outbox.add(eventsTopic, run.parentRunId(), event("child", run.parentRunId(), run.parentStepId(),
                    run.parentAttempt()).put("slot", run.parentSlot()).put("childRunId", run.id().toString()));
        }
    }

    /** Starts attempt {@code attempt} of a container step; returns the next step when it is done at once. */
    private String startContainer(RunRow run, Plan plan, ObjectNode state, PlanStep step, int attempt) {
        if (!runs.attempt(run.id(), step.id(), attempt, step.type(), containerInput(step))) {
            return null;
        }
        if (step.timeout() != null) {
            timers.schedule(run.id(), Instant.now().plus(step.timeout()), event("timeout", run.id(), step.id(), attempt));
        }
        Containers.Result result;
        try {
            result = containers.start(run, state, step, attempt);
        } catch (StepExpressions.Failure failure) {
            result = Containers.Result.failed("expression", failure.getMessage());
        }
        return containerResult(run, plan, state, step, attempt, result);
    }

    private String childEnded(RunRow run, Plan plan, ObjectNode state, PlanStep step, int attempt, JsonNode event) {
        Containers.Result result;
        try {
            result = containers.childEnded(run, state, step, event);
        } catch (StepExpressions.Failure failure) {
            containers.cancelOpen(run, state, step);
            result = Containers.Result.failed("expression", failure.getMessage());
        }
        return result == null ? null : containerResult(run, plan, state, step, attempt, result);
    }

    private String containerResult(RunRow run, Plan plan, ObjectNode state, PlanStep step, int attempt,
            Containers.Result result) {
        if (!result.done()) {
            return null;
        }
        if (!result.failed()) {
            return end(run, step, attempt, "completed", result.output(), null)
                    ? completed(run, state, step, attempt, result.output()) : null;
        }
        if (!end(run, step, attempt, "failed", null,
                error(result.errorType(), result.message(), step.id()))) {
            return null;
        }
        return failed(run, plan, state, step, attempt, result.errorType(), result.message(), false);
    }

    /** What a container's attempt row shows as its input: its shape, not its (possibly large) items. */
    private static JsonNode containerInput(PlanStep step) {
        ObjectNode input = NODES.objectNode();
        JsonNode node = step.node();
        switch (step.type()) {
            case "parallel" -> {
                node.path("branches").forEach(branch -> input.withArray("branches").add(branch.path("name")));
                input.set("join", node.path("join").isMissingNode() ? NODES.stringNode("all") : node.get("join"));
            }
            case "forEach" -> input.put("concurrency", node.path("concurrency").asInt(1));
            case "loop" -> {
                if (node.has("while")) {
                    input.set("while", node.get("while"));
                }
                input.put("maxIterations", node.path("maxIterations").asInt(100));
            }
            default -> input.put("workflow", node.path("workflow").asString());
        }
        return input;
    }

    @Override
    public RunRow start(RunRow parent, long definitionId, String workflow, String scope, PlanStep step, int attempt,
            int slot, JsonNode input, ObjectNode state) {
        RunRow child = runs.insertChild(parent, definitionId, workflow, scope, step.id(), attempt, slot, input, state);
        Plan plan = plans.of(child);
        proceed(child, plan, child.state(), plan.first());
        return child;
    }

    @Override
    public void cancel(UUID runId) {
        runs.lock(runId).filter(RunRow::open).ifPresent(run -> cancel(run, "The run was cancelled"));
    }

    /**
     * Pauses a running run (locked by the caller) and its running children: steps already executing
     * finish, but their results, fired timers and child news wait in {@code parked_events}.
     */
    void pause(RunRow run) {
        runs.status(run.id(), "paused");
        for (UUID child : runs.openChildren(run.id())) {
            runs.lock(child).filter(RunRow::running).ifPresent(this::pause);
        }
    }

    /** Resumes a paused run (locked by the caller) and its children; what arrived meanwhile is replayed in order. */
    void resume(RunRow run) {
        runs.status(run.id(), "running");
        for (JsonNode event : runs.unpark(run.id())) {
            outbox.add(eventsTopic, run.id(), event);
        }
        for (UUID child : runs.openChildren(run.id())) {
            runs.lock(child).filter(RunRow::paused).ifPresent(this::resume);
        }
    }

    /** Ends an attempt and records its duration; false when it had ended already (a repeated event). */
    private boolean end(RunRow run, PlanStep step, int attempt, String status, JsonNode output, JsonNode error) {
        Instant startedAt = runs.endAttempt(run.id(), step.id(), attempt, status, output, error);
        if (startedAt == null) {
            return false;
        }
        metrics.stepDuration(run, step, status, java.time.Duration.between(startedAt, Instant.now()));
        return true;
    }

    /** Cancels a running run (locked by the caller) and, first, its running children. */
    void cancel(RunRow run, String message) {
        for (UUID child : runs.openChildren(run.id())) {
            runs.lock(child).filter(RunRow::open).ifPresent(c -> cancel(c, "Its parent run was cancelled"));
        }
        runs.cancelDispatched(run.id());
        agents.drop(run.id(), null, 0);
        ObjectNode state = run.state();
        state.put("ended", true);
        runs.finish(run.id(), "cancelled", state, null, error("cancelled", message, null));
        ended(run, "cancelled");
    }

    private static boolean started(ObjectNode state) {
        if (state.path("started").asBoolean()) {
            return true;
        }
        state.put("started", true);
        return false;
    }

    private static void record(ObjectNode state, String stepId, String status, JsonNode output, JsonNode error) {
        ObjectNode steps = state.has("steps") ? (ObjectNode) state.get("steps") : state.putObject("steps");
        ObjectNode entry = steps.putObject(stepId).put("status", status);
        if ("completed".equals(status)) {
            state.put("last", stepId);
        }
        entry.set("output", output == null ? NODES.nullNode() : output);
        if (error != null) {
            entry.set("error", error);
        }
    }

    static ObjectNode error(String type, String message, String stepId) {
        return NODES.objectNode().put("type", type).put("message", message).put("step", stepId);
    }

    static ObjectNode event(String type, UUID runId, String stepId, int attempt) {
        ObjectNode event = NODES.objectNode().put("type", type).put("runId", runId.toString());
        if (stepId != null) {
            event.put("stepId", stepId).put("attempt", attempt);
        }
        return event;
    }
}
