package dev.plinth.platform.registry.definition;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.plinth.platform.registry.definition.DefinitionOutline.StepOutline;
import dev.plinth.platform.registry.definition.DefinitionOutline.WorkflowOutline;
import tools.jackson.databind.JsonNode;

/**
 * Names that others refer to must be unique in their scope: workflow names and trigger names in
 * the app, step ids in a workflow (nested steps included, since references cross nesting),
 * branch names in a parallel step.
 */
final class UniqueNamesRule implements SemanticRule {

    @Override
    public void check(Submission submission, List<DefinitionProblem> problems) {
        DefinitionOutline outline = submission.outline();
        Seen workflows = new Seen("workflow name", "workflow names are unique within an app", problems);
        for (WorkflowOutline workflow : outline.workflows()) {
            workflows.add(workflow.name(), JsonPointers.append(workflow.pointer(), "name"));
            Seen steps = new Seen("step id", "step ids are unique within a workflow, nested steps included", problems);
            for (StepOutline step : workflow.steps()) {
                steps.add(step.id(), JsonPointers.append(step.pointer(), "id"));
                checkBranches(step, problems);
            }
        }
        Seen triggers = new Seen("trigger name", "trigger names are unique within an app", problems);
        JsonNode list = outline.root().path("spec").path("triggers");
        for (int i = 0; list.isArray() && i < list.size(); i++) {
            triggers.add(DefinitionOutline.text(list.get(i), "name"),
                    JsonPointers.append(JsonPointers.append("/spec/triggers", i), "name"));
        }
    }

    private static void checkBranches(StepOutline step, List<DefinitionProblem> problems) {
        Seen names = new Seen("branch name", "branch names are unique within a parallel step", problems);
        JsonNode branches = step.node().path("branches");
        String pointer = JsonPointers.append(step.pointer(), "branches");
        for (int i = 0; branches.isArray() && i < branches.size(); i++) {
            names.add(DefinitionOutline.text(branches.get(i), "name"),
                    JsonPointers.append(JsonPointers.append(pointer, i), "name"));
        }
    }

    /** Remembers where each name was first used and reports every later use. */
    private record Seen(String what, String rule, List<DefinitionProblem> problems, Map<String, String> first) {

        Seen(String what, String rule, List<DefinitionProblem> problems) {
            this(what, rule, problems, new HashMap<>());
        }

        void add(String name, String pointer) {
            if (name == null) {
                return;
            }
            String earlier = this.first.putIfAbsent(name, pointer);
            if (earlier != null) {
                this.problems.add(new DefinitionProblem(pointer,
                        "duplicate " + this.what + " `" + name + "`, already used at " + earlier,
                        this.rule + "; rename one of them, e.g. `" + name + "-2`", null));
            }
        }

    }

}
