package dev.plinth.platform.registry.definition;

import java.util.List;
import java.util.Set;

import dev.plinth.platform.registry.definition.DefinitionOutline.StepOutline;
import dev.plinth.platform.registry.definition.DefinitionOutline.WorkflowOutline;
import dev.plinth.platform.registry.definition.Jumps.Jump;
import tools.jackson.databind.JsonNode;

/**
 * Every name used as a reference is declared: jump targets are steps of the same workflow (or
 * {@code end}), connectors are declared under {@code spec.connectors}, and workflows under
 * {@code spec.workflows}.
 */
final class ReferenceRule implements SemanticRule {

    @Override
    public void check(Submission submission, List<DefinitionProblem> problems) {
        DefinitionOutline outline = submission.outline();
        Set<String> workflows = outline.workflowNames();
        for (WorkflowOutline workflow : outline.workflows()) {
            Set<String> stepIds = workflow.stepIds();
            for (StepOutline step : workflow.steps()) {
                checkJumps(workflow, step, stepIds, problems);
                if ("call".equals(step.type())) {
                    connector(outline, step.node(), step.pointer(), problems);
                }
                if ("subWorkflow".equals(step.type())) {
                    workflow(workflows, step.node(), step.pointer(), problems);
                }
            }
        }
        JsonNode spec = outline.root().path("spec");
        JsonNode triggers = spec.path("triggers");
        for (int i = 0; triggers.isArray() && i < triggers.size(); i++) {
            String pointer = JsonPointers.append("/spec/triggers", i);
            workflow(workflows, triggers.get(i), pointer, problems);
            connector(outline, triggers.get(i), pointer, problems);
        }
        JsonNode environments = spec.path("environments");
        if (environments.isObject()) {
            environments.properties().forEach(environment -> checkEnvironment(outline, workflows,
                    JsonPointers.append("/spec/environments", environment.getKey()), environment.getValue(), problems));
        }
    }

    private static void checkJumps(WorkflowOutline workflow, StepOutline step, Set<String> stepIds,
            List<DefinitionProblem> problems) {
        for (Jump jump : Jumps.from(step)) {
            if (jump.explicit() && !Jumps.END.equals(jump.target()) && !stepIds.contains(jump.target())) {
                String hint = join(Suggestions.didYouMean(jump.target(), stepIds),
                        "use the id of a step in this workflow (" + Suggestions.list(stepIds) + ") or `end`");
                String where = (workflow.name() != null) ? "workflow `" + workflow.name() + "`" : "this workflow";
                problems.add(new DefinitionProblem(jump.pointer(),
                        "`" + jump.target() + "` is not a step of " + where, hint, null));
            }
        }
    }

    private static void checkEnvironment(DefinitionOutline outline, Set<String> workflows, String pointer,
            JsonNode environment, List<DefinitionProblem> problems) {
        for (String section : List.of("connectors", "runsOn")) {
            JsonNode overrides = environment.path(section);
            if (overrides.isObject()) {
                for (String name : overrides.propertyNames()) {
                    if (!outline.connectors().contains(name)) {
                        problems.add(undeclaredConnector(name, outline.connectors(),
                                JsonPointers.append(JsonPointers.append(pointer, section), name)));
                    }
                }
            }
        }
        workflow(workflows, environment.path("smokeTest"), JsonPointers.append(pointer, "smokeTest"), problems);
    }

    private static void connector(DefinitionOutline outline, JsonNode owner, String pointer,
            List<DefinitionProblem> problems) {
        String name = DefinitionOutline.text(owner, "connector");
        if (name != null && !outline.connectors().contains(name)) {
            problems.add(undeclaredConnector(name, outline.connectors(), JsonPointers.append(pointer, "connector")));
        }
    }

    private static DefinitionProblem undeclaredConnector(String name, Set<String> declared, String pointer) {
        String known = declared.isEmpty() ? "no connectors are declared yet"
                : "declared connectors: " + Suggestions.list(declared);
        return new DefinitionProblem(pointer, "connector `" + name + "` is not declared",
                join(Suggestions.didYouMean(name, declared), "declare it under `spec.connectors`; " + known), null);
    }

    private static void workflow(Set<String> workflows, JsonNode owner, String pointer,
            List<DefinitionProblem> problems) {
        String name = DefinitionOutline.text(owner, "workflow");
        if (name != null && !workflows.contains(name)) {
            String known = workflows.isEmpty() ? "no workflows are declared yet"
                    : "declared workflows: " + Suggestions.list(workflows);
            problems.add(new DefinitionProblem(JsonPointers.append(pointer, "workflow"),
                    "workflow `" + name + "` is not declared",
                    join(Suggestions.didYouMean(name, workflows), "declare it under `spec.workflows`; " + known), null));
        }
    }

    private static String join(String first, String second) {
        return first.isEmpty() ? second : first + " " + second;
    }

}
