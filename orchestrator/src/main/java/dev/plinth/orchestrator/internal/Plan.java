package dev.plinth.orchestrator.internal;

import dev.plinth.orchestrator.WorkflowException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A workflow as the engine runs it, read once from the pinned definition: its steps in order with
 * their successors resolved, its input schema, output mapping and the app's connectors.
 */
final class Plan {

    static final String END = "end";
    static final String CONTINUE = "continue";

    /** The step types this engine executes; the others are refused when a run starts. */
    static final Set<String> SUPPORTED = Set.of("call", "transform", "switch", "setVariable", "succeed", "fail",
            "wait", "awaitSignal", "approval", "memory", "parallel", "forEach", "loop", "subWorkflow");

    private final String workflow;
    private final JsonNode inputSchema;
    private final JsonNode output;
    private final JsonNode connectors;
    private final JsonNode environments;
    private final Map<String, PlanStep> steps = new LinkedHashMap<>();
    private final String first;

    private Plan(String workflow, JsonNode definition, JsonNode list, JsonNode spec, boolean nested) {
        this.workflow = workflow;
        this.inputSchema = nested ? tools.jackson.databind.node.MissingNode.getInstance() : definition.path("input");
        this.output = nested ? tools.jackson.databind.node.MissingNode.getInstance() : definition.path("output");
        this.connectors = spec.path("connectors");
        this.environments = spec.path("environments");
        for (int i = 0; i < list.size(); i++) {
            JsonNode node = list.get(i);
            String next = node.path("next").isString() ? node.path("next").asString()
                    : i + 1 < list.size() ? list.get(i + 1).path("id").asString() : END;
            steps.put(node.path("id").asString(), new PlanStep(node.path("id").asString(),
                    node.path("type").asString(), i, node, next, RetryPolicy.of(node.get("retry")),
                    node.path("timeout").isString() ? Duration.parse(node.path("timeout").asString()) : null,
                    onFailure(node.path("onFailure"))));
        }
        this.first = list.isEmpty() ? END : list.get(0).path("id").asString();
    }

    /** The plan of {@code workflow} in a pinned app definition; refuses what this engine cannot run. */
    static Plan of(JsonNode appDefinition, String workflow) {
        return of(appDefinition, workflow, null);
    }

    /**
     * The plan of a nested step list of {@code workflow} when {@code scope} is set: the {@code do}
     * of a forEach or loop step ({@code <step id>}) or one branch of a parallel step
     * ({@code <step id>/<branch name>}). A nested plan has no input schema and no output mapping;
     * its output is that of the last step it completed.
     */
    static Plan of(JsonNode appDefinition, String workflow, String scope) {
        JsonNode workflows = appDefinition.path("spec").path("workflows");
        JsonNode spec = appDefinition.path("spec");
        for (int i = 0; i < workflows.size(); i++) {
            JsonNode candidate = workflows.get(i);
            if (workflow.equals(candidate.path("name").asString())) {
                if (scope != null) {
                    return new Plan(workflow, candidate, nested(candidate.path("steps"), scope), spec, true);
                }
                Plan plan = new Plan(workflow, candidate, candidate.path("steps"), spec, false);
                plan.checkSupported("/spec/workflows/" + i);
                return plan;
            }
        }
        throw new WorkflowException(WorkflowException.Kind.NOT_FOUND, "Workflow '" + workflow + "' not found",
                (String) null);
    }

    /** Finds the step list a scope names, searching nested lists too (step ids are unique in a workflow). */
    private static JsonNode nested(JsonNode steps, String scope) {
        int slash = scope.indexOf('/');
        String stepId = slash < 0 ? scope : scope.substring(0, slash);
        JsonNode container = find(steps, stepId);
        if (container == null) {
            throw new IllegalStateException("No container step '" + stepId + "'");
        }
        if (slash < 0) {
            return container.path("do");
        }
        String branch = scope.substring(slash + 1);
        for (JsonNode candidate : container.path("branches")) {
            if (branch.equals(candidate.path("name").asString())) {
                return candidate.path("steps");
            }
        }
        throw new IllegalStateException("No branch '" + branch + "' in step '" + stepId + "'");
    }

    private static JsonNode find(JsonNode steps, String id) {
        for (JsonNode step : steps) {
            if (id.equals(step.path("id").asString())) {
                return step;
            }
            JsonNode inside = find(step.path("do"), id);
            for (JsonNode branch : step.path("branches")) {
                inside = inside != null ? inside : find(branch.path("steps"), id);
            }
            if (inside != null) {
                return inside;
            }
        }
        return null;
    }

    private void checkSupported(String pointer) {
        for (PlanStep step : steps.values()) {
            if (!SUPPORTED.contains(step.type())) {
                throw new WorkflowException(WorkflowException.Kind.INVALID,
                        "Step '" + step.id() + "' is of type '" + step.type() + "', which this version of the engine "
                                + "does not run yet (it runs " + String.join(", ", List.copyOf(SUPPORTED)) + ")",
                        pointer + "/steps/" + step.index() + "/type");
            }
        }
    }

    private static String onFailure(JsonNode onFailure) {
        if (onFailure.isString()) {
            return CONTINUE.equals(onFailure.asString()) ? CONTINUE : null;
        }
        return onFailure.path("goto").isString() ? onFailure.path("goto").asString() : null;
    }

    String workflow() {
        return workflow;
    }

    JsonNode inputSchema() {
        return inputSchema;
    }

    JsonNode output() {
        return output;
    }

    JsonNode connector(String name) {
        return connectors.path(name);
    }

    /**
     * A connector's settings as a run in {@code environment} sees them: the environment's
     * overrides ({@code spec.environments.<env>.connectors.<name>}) merged over the base settings.
     */
    JsonNode connector(String name, String environment) {
        JsonNode base = connectors.path(name);
        JsonNode override = environment == null ? null : environments.path(environment).path("connectors").get(name);
        if (override == null || !override.isObject() || !base.isObject()) {
            return base;
        }
        return merge((tools.jackson.databind.node.ObjectNode) base.deepCopy(), override);
    }

    private static JsonNode merge(tools.jackson.databind.node.ObjectNode target, JsonNode override) {
        override.properties().forEach(field -> {
            JsonNode existing = target.get(field.getKey());
            if (existing instanceof tools.jackson.databind.node.ObjectNode object && field.getValue().isObject()) {
                merge(object, field.getValue());
            } else {
                target.set(field.getKey(), field.getValue().deepCopy());
            }
        });
        return target;
    }

    /** Whether steps using {@code connector} run on the environment's deploy agent rather than inside Plinth. */
    boolean onAgent(String environment, String connector) {
        return environment != null
                && "agent".equals(environments.path(environment).path("runsOn").path(connector).asString(""));
    }

    String first() {
        return first;
    }

    boolean contains(String id) {
        return steps.containsKey(id);
    }

    PlanStep step(String id) {
        PlanStep step = steps.get(id);
        if (step == null) {
            throw new IllegalStateException("No step '" + id + "' in workflow " + workflow);
        }
        return step;
    }
}
