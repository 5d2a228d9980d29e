package dev.plinth.orchestrator.internal;

import dev.plinth.orchestrator.WorkflowException;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The container steps — {@code parallel}, {@code forEach}, {@code loop} and {@code subWorkflow} —
 * run their work as child runs: one per branch, per item, per iteration, or the sub-workflow's run.
 * A child is an ordinary run (durable, retried, visible in the API with its parent's id), started
 * inside its parent's transaction; when it ends, a {@code child} event tells the parent, which
 * records the result, starts the next children and decides whether the container step is done.
 * <p>
 * The container's progress lives in the parent's state under {@code containers.<step id>}: the
 * attempt, the children still open (by slot), the results so far, and what is left to start.
 */
class Containers {

    static final java.util.Set<String> TYPES = java.util.Set.of("parallel", "forEach", "loop", "subWorkflow");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int DEFAULT_MAX_ITERATIONS = 100;

    /** What a container step did with an event: still waiting on children, or finished either way. */
    record Result(boolean done, JsonNode output, String errorType, String message) {
        static final Result WAITING = new Result(false, null, null, null);

        static Result completed(JsonNode output) {
            return new Result(true, output, null, null);
        }

        static Result failed(String errorType, String message) {
            return new Result(true, null, errorType, message);
        }

        boolean failed() {
            return done && errorType != null;
        }
    }

    /** Starts and ends child runs; the state machine that owns run transitions. */
    interface Children {
        RunRow start(RunRow parent, long definitionId, String workflow, String scope, PlanStep step, int attempt,
                int slot, JsonNode input, ObjectNode state);

        void cancel(UUID runId);
    }

    private final RunStore runs;
    private final StepExpressions expressions;
    private final InputSchemas inputs;
    private final Plans plans;
    private final WorkflowMetrics metrics;
    private final int maxItems;
    private Children children;

    Containers(RunStore runs, StepExpressions expressions, InputSchemas inputs, Plans plans, WorkflowMetrics metrics,
            int maxItems) {
        this.runs = runs;
        this.expressions = expressions;
        this.inputs = inputs;
        this.plans = plans;
        this.metrics = metrics;
        this.maxItems = maxItems;
    }

    void children(Children children) {
        this.children = children;
    }

    /** Starts attempt {@code attempt} of a container step (its attempt row is written by the caller). */
    Result start(RunRow run, ObjectNode state, PlanStep step, int attempt) {
        ObjectNode container = containers(state).putObject(step.id()).put("attempt", attempt).put("type", step.type());
        container.putObject("open");
        JsonNode node = step.node();
        return switch (step.type()) {
            case "parallel" -> {
                JsonNode branches = node.path("branches");
                container.put("total", branches.size()).put("need", need(node.path("join"), branches.size()))
                        .put("completed", 0).put("failed", 0);
                container.putObject("results");
                for (int slot = 0; slot < branches.size(); slot++) {
                    spawn(run, state, step, container, slot, step.id() + "/" + branches.get(slot).path("name")
                            .asString(), null);
                }
                yield Result.WAITING;
            }
            case "forEach" -> {
                JsonNode items = expressions.resolve(node.path("items"), run, state);
                if (!items.isArray()) {
                    yield Result.failed("invalid-items", "forEach items must be a list, but the expression gave "
                            + items.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
                }
                if (items.size() > maxItems) {
                    yield Result.failed("too-many-items", "forEach has " + items.size() + " items; at most "
                            + maxItems + " are allowed (plinth.workflow.max-for-each-items)");
                }
                if (items.isEmpty()) {
                    yield Result.completed(NODES.arrayNode());
                }
                ArrayNode results = container.putArray("results");
                items.forEach(item -> results.addNull());
                container.set("items", items);
                container.put("total", items.size()).put("started", 0).put("completed", 0);
                int concurrency = Math.max(1, node.path("concurrency").asInt(1));
                for (int i = 0; i < Math.min(concurrency, items.size()); i++) {
                    startNextItem(run, state, step, container);
                }
                yield Result.WAITING;
            }
            case "loop" -> {
                container.put("iteration", 0);
                yield nextIteration(run, state, step, container, null);
            }
            case "subWorkflow" -> startSubWorkflow(run, state, step, container);
            default -> throw new IllegalStateException("Not a container step type: " + step.type());
        };
    }

    /** Applies a {@code child} event: a child run of the container step has ended. */
    Result childEnded(RunRow run, ObjectNode state, PlanStep step, JsonNode event) {
        JsonNode found = containers(state).get(step.id());
        if (!(found instanceof ObjectNode container)
                || container.path("attempt").asInt() != event.path("attempt").asInt()) {
            return null;
        }
        String slot = event.path("slot").asString();
        ObjectNode open = (ObjectNode) container.get("open");
        if (!event.path("childRunId").asString().equals(open.path(slot).asString(null))) {
            return null;
        }
        open.remove(slot);
        RunRow child = runs.find(run.tenantId(), UUID.fromString(event.path("childRunId").asString())).orElseThrow();
        Result result = switch (step.type()) {
            case "parallel" -> branchEnded(step, container, Integer.parseInt(slot), child);
            case "forEach" -> itemEnded(run, state, step, container, Integer.parseInt(slot), child);
            case "loop" -> iterationEnded(run, state, step, container, child);
            case "subWorkflow" -> "completed".equals(child.status()) ? Result.completed(orNull(runs.tree(child.output())))
                    : childFailure("Sub-workflow '" + child.workflow() + "'", child);
            default -> throw new IllegalStateException("Not a container step type: " + step.type());
        };
        if (result.failed()) {
            cancelOpen(container);
        }
        return result;
    }

    /** Cancels the children a container step still has open (it timed out, failed or was satisfied early). */
    void cancelOpen(RunRow run, ObjectNode state, PlanStep step) {
        if (containers(state).get(step.id()) instanceof ObjectNode container) {
            cancelOpen(container);
        }
    }

    private void cancelOpen(ObjectNode container) {
        ObjectNode open = (ObjectNode) container.get("open");
        open.properties().forEach(entry -> children.cancel(UUID.fromString(entry.getValue().asString())));
        open.removeAll();
    }

    private Result branchEnded(PlanStep step, ObjectNode container, int slot, RunRow child) {
        String branch = step.node().path("branches").get(slot).path("name").asString();
        int total = container.path("total").asInt();
        int need = container.path("need").asInt();
        if ("completed".equals(child.status())) {
            ((ObjectNode) container.get("results")).set(branch, runs.tree(child.output()));
            int completed = container.path("completed").asInt() + 1;
            container.put("completed", completed);
            if (completed >= need) {
                cancelOpen(container);
                return Result.completed(container.get("results").deepCopy());
            }
            return Result.WAITING;
        }
        int failed = container.path("failed").asInt() + 1;
        container.put("failed", failed);
        if (total - failed < need) {
            return childFailure("Branch '" + branch + "'", child);
        }
        return Result.WAITING;
    }

    private Result itemEnded(RunRow run, ObjectNode state, PlanStep step, ObjectNode container, int slot,
            RunRow child) {
        if (!"completed".equals(child.status())) {
            return childFailure("Item " + slot, child);
        }
        ((ArrayNode) container.get("results")).set(slot, orNull(runs.tree(child.output())));
        int completed = container.path("completed").asInt() + 1;
        container.put("completed", completed);
        if (completed == container.path("total").asInt()) {
            return Result.completed(container.get("results").deepCopy());
        }
        if (container.path("started").asInt() < container.path("total").asInt()) {
            startNextItem(run, state, step, container);
        }
        return Result.WAITING;
    }

    private void startNextItem(RunRow run, ObjectNode state, PlanStep step, ObjectNode container) {
        int slot = container.path("started").asInt();
        container.put("started", slot + 1);
        spawn(run, state, step, container, slot, step.id(), container.path("items").get(slot));
    }

    private Result iterationEnded(RunRow run, ObjectNode state, PlanStep step, ObjectNode container, RunRow child) {
        if (!"completed".equals(child.status())) {
            return childFailure("Iteration " + container.path("iteration").asInt(), child);
        }
        // An iteration sees the run as it was when the iteration began and leaves its results and
        // variables behind, so the next iteration (and the while condition) build on them.
        ObjectNode steps = (ObjectNode) state.get("steps");
        child.state().path("steps").properties().forEach(entry -> steps.set(entry.getKey(), entry.getValue()));
        state.set("vars", child.state().path("vars").deepCopy());
        return nextIteration(run, state, step, container, runs.tree(child.output()));
    }

    private Result nextIteration(RunRow run, ObjectNode state, PlanStep step, ObjectNode container, JsonNode last) {
        JsonNode node = step.node();
        int done = container.path("iteration").asInt();
        int max = node.path("maxIterations").asInt(DEFAULT_MAX_ITERATIONS);
        boolean conditional = node.path("while").isString();
        boolean again = !conditional || expressions.test(node.path("while").asString(), run, state);
        if (!again || done >= max) {
            if (again && conditional) {
                return Result.failed("loop-limit", "The loop reached maxIterations (" + max
                        + ") while its condition still held");
            }
            ObjectNode output = NODES.objectNode().put("iterations", done);
            output.set("output", orNull(last));
            return Result.completed(output);
        }
        container.put("iteration", done + 1);
        spawn(run, state, step, container, done, step.id(), null);
        return Result.WAITING;
    }

    private Result startSubWorkflow(RunRow run, ObjectNode state, PlanStep step, ObjectNode container) {
        String workflow = step.node().path("workflow").asString();
        JsonNode input = step.node().has("input") ? expressions.resolve(step.node().get("input"), run, state)
                : NODES.objectNode();
        long definitionId = runs.pin(run.appId(), run.revision(), workflow, runs.definition(run.definitionId()));
        try {
            inputs.check(definitionId, plans.of(definitionId, workflow), input);
        } catch (WorkflowException invalid) {
            String details = invalid.problems().stream().map(p -> p.pointer() + ": " + p.message())
                    .collect(java.util.stream.Collectors.joining("; "));
            return Result.failed("invalid-input", invalid.getMessage() + (details.isEmpty() ? "" : " (" + details
                    + ")"));
        }
        ObjectNode childState = NODES.objectNode();
        childState.putObject("steps");
        childState.putObject("vars");
        childState.put("started", true);
        RunRow child = children.start(run, definitionId, workflow, null, step, container.path("attempt").asInt(), 0,
                input, childState);
        ((ObjectNode) container.get("open")).put("0", child.id().toString());
        metrics.runStarted(run.appName(), workflow);
        return Result.WAITING;
    }

    /**
     * Starts one branch, item or iteration. It begins with a copy of the parent's step results and
     * variables, so its expressions read what came before the container.
     */
    private void spawn(RunRow run, ObjectNode state, PlanStep step, ObjectNode container, int slot, String scope,
            JsonNode item) {
        ObjectNode childState = NODES.objectNode();
        childState.set("steps", state.path("steps").deepCopy());
        childState.set("vars", state.path("vars").deepCopy());
        childState.put("started", true);
        if (item != null) {
            childState.set("item", item);
            childState.put("index", slot);
        }
        // A child that ends at once (only inline steps) reports through the outbox, after this
        // transaction has committed and its slot is recorded below.
        RunRow child = children.start(run, run.definitionId(), run.workflow(), scope, step,
                container.path("attempt").asInt(), slot, run.input(), childState);
        ((ObjectNode) container.get("open")).put(Integer.toString(slot), child.id().toString());
    }

    /** The container fails with its child's error type, so retry policies and onFailure see the cause. */
    private Result childFailure(String what, RunRow child) {
        JsonNode error = runs.tree(child.error());
        if (error == null) {
            return Result.failed("cancelled".equals(child.status()) ? "cancelled" : "child-failed",
                    what + " " + child.status() + " (run " + child.id() + ")");
        }
        return Result.failed(error.path("type").asString("child-failed"), what + " failed: "
                + error.path("message").asString(child.status()) + " (run " + child.id() + ")");
    }

    private static ObjectNode containers(ObjectNode state) {
        return state.has("containers") ? (ObjectNode) state.get("containers") : state.putObject("containers");
    }

    private static int need(JsonNode join, int total) {
        if (join.isInt()) {
            return Math.max(1, Math.min(total, join.asInt()));
        }
        return "any".equals(join.asString("all")) ? 1 : total;
    }

    private static JsonNode orNull(JsonNode node) {
        return node == null ? NODES.nullNode() : node;
    }
}
