package dev.plinth.platform.registry.definition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.plinth.platform.registry.definition.DefinitionOutline.StepOutline;
import dev.plinth.platform.registry.definition.DefinitionOutline.WorkflowOutline;

/** A workflow must not run itself, directly or through other workflows, as a sub-workflow. */
final class SubWorkflowCycleRule implements SemanticRule {

    @Override
    public void check(Submission submission, List<DefinitionProblem> problems) {
        List<String> names = new ArrayList<>(submission.outline().workflowNames());
        Map<String, List<StepOutline>> calls = new HashMap<>();
        Map<String, List<String>> edges = new HashMap<>();
        for (WorkflowOutline workflow : submission.outline().workflows()) {
            if (workflow.name() == null || calls.containsKey(workflow.name())) {
                continue;
            }
            List<StepOutline> subWorkflowSteps = workflow.steps().stream()
                .filter(step -> "subWorkflow".equals(step.type()) && target(step) != null)
                .toList();
            calls.put(workflow.name(), subWorkflowSteps);
            edges.put(workflow.name(), subWorkflowSteps.stream().map(SubWorkflowCycleRule::target).toList());
        }
        for (List<String> cycle : Cycles.find(names, edges)) {
            Set<String> members = Set.copyOf(cycle);
            StepOutline culprit = cycle.stream()
                .flatMap(name -> calls.get(name).stream())
                .filter(step -> members.contains(target(step)))
                .findFirst()
                .orElseThrow();
            String message = (cycle.size() == 1) ? "workflow `" + cycle.get(0) + "` runs itself as a sub-workflow"
                    : "workflows " + cycle.stream().map(name -> "`" + name + "`").collect(Collectors.joining(", "))
                            + " run each other as sub-workflows in a cycle";
            problems.add(new DefinitionProblem(JsonPointers.append(culprit.pointer(), "workflow"), message,
                    "a sub-workflow must not lead back to a workflow that runs it, or runs would never end; "
                            + "break the cycle, and use a `loop` step to repeat work",
                    null));
        }
    }

    private static String target(StepOutline step) {
        return DefinitionOutline.text(step.node(), "workflow");
    }

}
