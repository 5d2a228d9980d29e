package dev.plinth.orchestrator.internal;

import dev.plinth.orchestrator.RunFilter;
import dev.plinth.orchestrator.RunPage;
import dev.plinth.orchestrator.RunView;
import dev.plinth.orchestrator.StartRun;
import dev.plinth.orchestrator.StepAttemptView;
import dev.plinth.orchestrator.WorkflowException;
import dev.plinth.orchestrator.Workflows;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The {@link Workflows} API over the run store; starting a run writes it and its start event in one transaction. */
class DefaultWorkflows implements Workflows {

    /** A run id or its first hex digits, once dashes are removed (a copied id keeps them). */
    private static final java.util.regex.Pattern ID_PREFIX =
            java.util.regex.Pattern.compile("(?i)[0-9a-f]{" + RunFilter.MIN_ID_PREFIX + ",32}");
    private static final Set<String> STATUSES = Set.of("running", "paused", "completed", "failed", "cancelled");

    private final RunStore runs;
    private final Plans plans;
    private Advancer advancer;
    private Schedules schedules;
    private final InputSchemas inputs;
    private final Outbox outbox;
    private final TransactionTemplate transactions;
    private final WorkflowMetrics metrics;
    private final String eventsTopic;
    private final Payloads payloads;

    DefaultWorkflows(RunStore runs, Plans plans, InputSchemas inputs, Outbox outbox, TransactionTemplate transactions,
            WorkflowMetrics metrics, String eventsTopic, Payloads payloads) {
        this.payloads = payloads;
        this.runs = runs;
        this.plans = plans;
        this.inputs = inputs;
        this.outbox = outbox;
        this.transactions = transactions;
        this.metrics = metrics;
        this.eventsTopic = eventsTopic;
    }

    @Override
    public RunView start(StartRun request) {
        if (runs.pinned(request.appId(), request.revision(), request.workflow()) == null) {
            // An unknown workflow is a clear error before anything is written (a pinned one is known).
            Plan.of(request.definition(), request.workflow());
        }
        JsonNode input = request.input() == null ? JsonNodeFactory.instance.objectNode() : request.input();
        UUID id = UUID.randomUUID();
        Instant createdAt = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        UUID runId = transactions.execute(status -> {
            long definitionId = runs.pin(request.appId(), request.revision(), request.workflow(), request.definition());
            Plan plan = plans.of(definitionId, request.workflow());
            inputs.check(definitionId, plan, input);
            ObjectNode state = JsonNodeFactory.instance.objectNode();
            state.putObject("steps");
            state.putObject("vars");
            UUID stored = runs.insert(id, request.tenantId(), request.appId(), request.appName(), definitionId,
                    request.revision(), request.workflow(), input, state, request.idempotencyKey(),
                    request.environment(), createdAt);
            if (stored.equals(id)) {
                outbox.add(eventsTopic, id, Advancer.event("start", id, null, 0));
            }
            return stored;
        });
        if (runId.equals(id)) {
            metrics.runStarted(request.appName(), request.workflow());
            // Just created: the run is what this transaction wrote, and none of its steps is under way
            // yet (its start event left with the commit), so it is not read back — two queries fewer
            // on the busiest call of the runs API. A repeated idempotency key (a retried request, a
            // cron tick fired by two instances) gets the stored run and is not counted as a start.
            return new RunView(id, request.appName(), request.revision(), request.workflow(), "running", input, null,
                    null, List.of(), createdAt, createdAt, null, null);
        }
        return run(request.tenantId(), runId);
    }

    @Override
    public RunView run(UUID tenantId, UUID runId) {
        return runs.find(tenantId, runId).map(this::view).orElseThrow(() -> notFound(runId));
    }

    @Override
    public RunPage runs(UUID tenantId, UUID appId, RunFilter filter, String cursor, int limit) {
        String status = filter.status();
        if (status != null && !STATUSES.contains(status)) {
            throw new WorkflowException(WorkflowException.Kind.INVALID,
                    "status must be one of running, paused, completed, failed, cancelled", "/status");
        }
        if (filter.id() != null && !ID_PREFIX.matcher(filter.id().replace("-", "")).matches()) {
            throw new WorkflowException(WorkflowException.Kind.INVALID, "id must be a run id or its first "
                    + RunFilter.MIN_ID_PREFIX + " or more hex digits", "/id");
        }
        if (filter.from() != null && filter.to() != null && filter.from().isAfter(filter.to())) {
            throw new WorkflowException(WorkflowException.Kind.INVALID, "from must not be after to", "/from");
        }
        Instant before = null;
        UUID beforeId = null;
        if (cursor != null && !cursor.isBlank()) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
                before = Instant.parse(parts[0]);
                beforeId = UUID.fromString(parts[1]);
            } catch (RuntimeException malformed) {
                throw new WorkflowException(WorkflowException.Kind.INVALID, "not a cursor this API returned", "/cursor");
            }
        }
        List<RunRow> rows = runs.page(tenantId, appId, filter, before, beforeId, limit + 1);
        List<RunView> items = rows.stream().limit(limit).map(this::view).toList();
        String next = null;
        if (rows.size() > limit) {
            RunRow last = rows.get(limit - 1);
            next = Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((last.createdAt() + "|" + last.id()).getBytes(StandardCharsets.UTF_8));
        }
        return new RunPage(items, next);
    }

    @Override
    public List<StepAttemptView> history(UUID tenantId, UUID runId) {
        runs.find(tenantId, runId).orElseThrow(() -> notFound(runId));
        return runs.history(runId).stream().map(attempt -> new StepAttemptView(attempt.stepId(), attempt.type(),
                attempt.attempt(), attempt.status(), attempt.input(), payloads.resolve(attempt.output()),
                attempt.error(), attempt.startedAt(), attempt.endedAt(), attempt.traceId())).toList();
    }

    /** Set once when the engine is assembled; signals resume runs through the state machine. */
    void advancer(Advancer advancer, Schedules schedules) {
        this.advancer = advancer;
        this.schedules = schedules;
    }

    @Override
    public void schedule(UUID tenantId, UUID appId, String appName, int revision,
            tools.jackson.databind.JsonNode definition) {
        transactions.executeWithoutResult(status -> {
            schedules.replace(tenantId, appId, appName, revision, definition);
            JsonNode retention = definition.path("spec").path("memory").path("retention").path("runs");
            runs.retention(appId, retention.isString() ? java.time.Duration.parse(retention.asString()) : null);
        });
    }

    @Override
    public void unschedule(UUID appId) {
        transactions.executeWithoutResult(status -> schedules.remove(appId));
    }

    @Override
    public RunView signal(UUID tenantId, UUID runId, String signal, tools.jackson.databind.JsonNode payload) {
        transactions.executeWithoutResult(status -> {
            RunRow run = lockRunning(tenantId, runId);
            RunStore.Waiting waiting = runs.waiting(runId).stream()
                    .filter(w -> "awaitSignal".equals(w.type()) && signal.equals(w.input().path("signal").asString()))
                    .findFirst()
                    .orElseThrow(() -> new WorkflowException(WorkflowException.Kind.CONFLICT,
                            "Run " + runId + " is not waiting for signal '" + signal + "'", (String) null));
            RunRow owner = owner(run, waiting);
            PlanStep step = plans.of(owner).step(waiting.stepId());
            advancer.resume(owner, step, waiting.attempt(),
                    payload == null ? JsonNodeFactory.instance.nullNode() : payload, step.next());
        });
        return run(tenantId, runId);
    }

    @Override
    public RunView decide(UUID tenantId, UUID runId, String stepId, boolean approved, String comment, String approver,
            Set<String> callerRoles) {
        transactions.executeWithoutResult(status -> {
            RunRow run = lockRunning(tenantId, runId);
            RunStore.Waiting waiting = runs.waiting(runId).stream()
                    .filter(w -> "approval".equals(w.type()) && w.stepId().equals(stepId))
                    .findFirst()
                    .orElseThrow(() -> new WorkflowException(WorkflowException.Kind.CONFLICT,
                            "Run " + runId + " is not waiting for approval '" + stepId + "'", (String) null));
            String required = waiting.input().path("role").asString("");
            if (!required.isEmpty() && !callerRoles.contains(required)) {
                throw new WorkflowException(WorkflowException.Kind.FORBIDDEN,
                        "Approval '" + stepId + "' needs the role '" + required + "'", (String) null);
            }
            RunRow owner = owner(run, waiting);
            PlanStep step = plans.of(owner).step(stepId);
            ObjectNode decision = JsonNodeFactory.instance.objectNode().put("approved", approved)
                    .put("approver", approver).put("decidedAt", Instant.now().toString());
            if (comment != null) {
                decision.put("comment", comment);
            }
            String next = approved ? step.next() : step.node().path("onReject").asString(null);
            advancer.resume(owner, step, waiting.attempt(), decision, next);
        });
        return run(tenantId, runId);
    }

    @Override
    public RunView retry(UUID tenantId, UUID runId) {
        transactions.executeWithoutResult(status -> {
            runs.find(tenantId, runId).orElseThrow(() -> notFound(runId));
            RunRow run = runs.lock(runId).orElseThrow();
            refusePart(run);
            if (!"failed".equals(run.status())) {
                throw new WorkflowException(WorkflowException.Kind.CONFLICT,
                        "Only a failed run can be retried; run " + runId + " is " + run.status(), (String) null);
            }
            String failedStep = runs.tree(run.error()).path("step").asString("");
            if (failedStep.isEmpty()) {
                throw new WorkflowException(WorkflowException.Kind.CONFLICT,
                        "Run " + runId + " did not fail in a step; rerun it instead", (String) null);
            }
            runs.reopen(runId);
            advancer.restartAt(runs.lock(runId).orElseThrow(), failedStep);
        });
        return run(tenantId, runId);
    }

    @Override
    public RunView rerun(UUID tenantId, UUID runId, String fromStep, tools.jackson.databind.JsonNode input) {
        RunRow original = runs.find(tenantId, runId).orElseThrow(() -> notFound(runId));
        refusePart(original);
        Plan plan = plans.of(original.definitionId(), original.workflow());
        PlanStep from;
        try {
            from = plan.step(fromStep);
        } catch (IllegalStateException unknown) {
            throw new WorkflowException(WorkflowException.Kind.INVALID,
                    "Workflow '" + original.workflow() + "' has no step '" + fromStep + "'", "/fromStep");
        }
        var newInput = input == null || input.isNull() ? original.input() : input;
        inputs.check(original.definitionId(), plan, newInput);
        ObjectNode state = JsonNodeFactory.instance.objectNode();
        ObjectNode steps = state.putObject("steps");
        original.state().path("steps").properties().forEach(step -> {
            if (plan.contains(step.getKey()) && plan.step(step.getKey()).index() < from.index()) {
                steps.set(step.getKey(), step.getValue());
            }
        });
        state.set("vars", original.state().path("vars").deepCopy());
        state.put("rerunOf", runId.toString());
        UUID id = UUID.randomUUID();
        transactions.executeWithoutResult(status -> {
            runs.insert(id, tenantId, original.appId(), original.appName(), original.definitionId(),
                    original.revision(), original.workflow(), newInput, state, null, original.environment(),
                    Instant.now());
            outbox.add(eventsTopic, id, Advancer.event("start-at", id, fromStep, 0));
        });
        metrics.runStarted(original.appName(), original.workflow());
        return run(tenantId, id);
    }

    /** The run whose step waits: the run itself, or one of its children (locked after it, parent first). */
    private RunRow owner(RunRow run, RunStore.Waiting waiting) {
        return waiting.runId().equals(run.id()) ? run : runs.lock(waiting.runId()).orElseThrow();
    }

    private RunRow lockRunning(UUID tenantId, UUID runId) {
        runs.find(tenantId, runId).orElseThrow(() -> notFound(runId));
        return runs.lock(runId).filter(RunRow::running).orElseThrow(() -> new WorkflowException(
                WorkflowException.Kind.CONFLICT, "Run " + runId + " is not running", (String) null));
    }

    @Override
    public RunView cancel(UUID tenantId, UUID runId) {
        transactions.executeWithoutResult(status -> {
            runs.find(tenantId, runId).orElseThrow(() -> notFound(runId));
            runs.lock(runId).filter(RunRow::open).ifPresent(run -> advancer.cancel(run, "The run was cancelled"));
        });
        return run(tenantId, runId);
    }

    @Override
    public RunView pause(UUID tenantId, UUID runId) {
        transactions.executeWithoutResult(status -> {
            RunRow run = lockRunning(tenantId, runId);
            refusePart(run);
            advancer.pause(run);
        });
        return run(tenantId, runId);
    }

    @Override
    public RunView resume(UUID tenantId, UUID runId) {
        transactions.executeWithoutResult(status -> {
            runs.find(tenantId, runId).orElseThrow(() -> notFound(runId));
            RunRow run = runs.lock(runId).orElseThrow();
            refusePart(run);
            if (!run.paused()) {
                throw new WorkflowException(WorkflowException.Kind.CONFLICT,
                        "Only a paused run can be resumed; run " + runId + " is " + run.status(), (String) null);
            }
            advancer.resume(run);
        });
        return run(tenantId, runId);
    }

    @Override
    public List<RunView> children(UUID tenantId, UUID runId) {
        runs.find(tenantId, runId).orElseThrow(() -> notFound(runId));
        return runs.children(runId).stream().map(this::view).toList();
    }

    /** A branch, item or iteration is retried or rerun with its parent, never alone. */
    private static void refusePart(RunRow run) {
        if (run.part()) {
            throw new WorkflowException(WorkflowException.Kind.CONFLICT, "Run " + run.id() + " is part of run "
                    + run.parentRunId() + " (step '" + run.parentStepId() + "'); retry or rerun that run",
                    (String) null);
        }
    }

    private RunView view(RunRow row) {
        RunView.Parent parent = row.parentRunId() == null ? null
                : new RunView.Parent(row.parentRunId(), row.parentStepId(), row.parentSlot());
        return new RunView(row.id(), row.appName(), row.revision(), row.workflow(), row.status(), row.input(),
                payloads.resolve(runs.tree(row.output())), runs.tree(row.error()), row.open() ? runs.dispatched(row.id()) : List.of(),
                row.createdAt(), row.updatedAt(), row.endedAt(), parent);
    }

    private static WorkflowException notFound(UUID runId) {
        return new WorkflowException(WorkflowException.Kind.NOT_FOUND, "Run " + runId + " not found", (String) null);
    }
}
