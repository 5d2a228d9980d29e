package dev.plinth.platform.registry.definition;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * The parts of a definition the semantic rules look at — connector names, workflows and their
 * steps, flattened with pointers — read defensively so that rules run, and do not crash, on a
 * definition that also failed schema validation. Anything of the wrong shape is left out.
 *
 * @param root the whole definition
 * @param connectors names declared under {@code spec.connectors}
 * @param workflows the workflows under {@code spec.workflows}, in document order
 */
record DefinitionOutline(JsonNode root, Set<String> connectors, List<WorkflowOutline> workflows) {

    static DefinitionOutline of(JsonNode root) {
        JsonNode spec = root.path("spec");
        Set<String> connectors = new LinkedHashSet<>();
        if (spec.path("connectors").isObject()) {
            spec.path("connectors").propertyNames().forEach(connectors::add);
        }
        List<WorkflowOutline> workflows = new ArrayList<>();
        JsonNode list = spec.path("workflows");
        for (int i = 0; list.isArray() && i < list.size(); i++) {
            JsonNode workflow = list.get(i);
            if (workflow.isObject()) {
                String pointer = JsonPointers.append("/spec/workflows", i);
                List<StepOutline> steps = new ArrayList<>();
                flatten(workflow.path("steps"), JsonPointers.append(pointer, "steps"), steps);
                workflows.add(new WorkflowOutline(text(workflow, "name"), pointer, List.copyOf(steps)));
            }
        }
        return new DefinitionOutline(root, connectors, List.copyOf(workflows));
    }

    /** Names of the declared workflows. */
    Set<String> workflowNames() {
        Set<String> names = new LinkedHashSet<>();
        this.workflows.forEach(workflow -> {
            if (workflow.name() != null) {
                names.add(workflow.name());
            }
        });
        return names;
    }

    /** Adds the steps of a step list and, depth first, of the lists nested in them. */
    private static void flatten(JsonNode list, String pointer, List<StepOutline> steps) {
        for (int i = 0; list.isArray() && i < list.size(); i++) {
            JsonNode step = list.get(i);
            if (!step.isObject()) {
                continue;
            }
            String stepPointer = JsonPointers.append(pointer, i);
            String following = (i + 1 < list.size()) ? text(list.get(i + 1), "id") : null;
            steps.add(new StepOutline(text(step, "id"), text(step, "type"), stepPointer, step, following, steps.size()));
            flatten(step.path("do"), JsonPointers.append(stepPointer, "do"), steps);
            JsonNode branches = step.path("branches");
            for (int b = 0; branches.isArray() && b < branches.size(); b++) {
                String branchPointer = JsonPointers.append(JsonPointers.append(stepPointer, "branches"), b);
                flatten(branches.get(b).path("steps"), JsonPointers.append(branchPointer, "steps"), steps);
            }
        }
    }

    /** A string property's value, or {@code null} when absent or not a string. */
    static String text(JsonNode node, String property) {
        JsonNode value = node.path(property);
        return value.isString() ? value.asString() : null;
    }

    /**
     * One workflow.
     *
     * @param name its name, or {@code null} if missing or not a string
     * @param pointer pointer to the workflow object
     * @param steps all its steps, nested ones included, in document order
     */
    record WorkflowOutline(String name, String pointer, List<StepOutline> steps) {

        Set<String> stepIds() {
            Set<String> ids = new LinkedHashSet<>();
            this.steps.forEach(step -> {
                if (step.id() != null) {
                    ids.add(step.id());
                }
            });
            return ids;
        }

    }

    /**
     * One step.
     *
     * @param id its id, or {@code null}
     * @param type its type, or {@code null}
     * @param pointer pointer to the step object
     * @param node the step object
     * @param following id of the step after it in the same list, or {@code null} if it is last
     * @param order position in the workflow's document-order flattening
     */
    record StepOutline(String id, String type, String pointer, JsonNode node, String following, int order) {
    }

}
