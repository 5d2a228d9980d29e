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
            "wait", "awaitSignal", "approval", "memory");

    private final String workflow;
    private final JsonNode inputSchema;
    private final JsonNode output;
    private final JsonNode connectors;
    private final Map<String, PlanStep> steps = new LinkedHashMap<>();
    private final String first;

    private Plan(String workflow, JsonNode definition, JsonNode connectors) {
        this.workflow = workflow;
        this.inputSchema = definition.path("input");
        this.output = definition.path("output");
        this.connectors = connectors;
        JsonNode list = definition.path("steps");
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
        JsonNode workflows = appDefinition.path("spec").path("workflows");
        for (int i = 0; i < workflows.size(); i++) {
            JsonNode candidate = workflows.get(i);
            if (workflow.equals(candidate.path("name").asString())) {
                Plan plan = new Plan(workflow, candidate, appDefinition.path("spec").path("connectors"));
                plan.checkSupported("/spec/workflows/" + i);
                return plan;
            }
        }
        throw new WorkflowException(WorkflowException.Kind.NOT_FOUND, "Workflow '" + workflow + "' not found",
                (String) null);
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
