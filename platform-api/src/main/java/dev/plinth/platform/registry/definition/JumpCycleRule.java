package dev.plinth.platform.registry.definition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.plinth.platform.registry.definition.DefinitionOutline.StepOutline;
import dev.plinth.platform.registry.definition.DefinitionOutline.WorkflowOutline;
import dev.plinth.platform.registry.definition.Jumps.Jump;

/**
 * A workflow's jumps ({@code next}, switch {@code then}/{@code default}, {@code onTimeout},
 * {@code onFailure.goto}, plus falling through to the following step) must not form a cycle:
 * repetition is what {@code loop} is for, where it is bounded and visible in run history.
 */
final class JumpCycleRule implements SemanticRule {

    @Override
    public void check(Submission submission, List<DefinitionProblem> problems) {
        for (WorkflowOutline workflow : submission.outline().workflows()) {
            Map<String, StepOutline> steps = new LinkedHashMap<>();
            boolean ambiguous = false;
            for (StepOutline step : workflow.steps()) {
                ambiguous |= (step.id() != null && steps.putIfAbsent(step.id(), step) != null);
            }
            if (ambiguous) {
                // With a duplicated id the jump graph is ambiguous and would show phantom cycles;
                // the duplicate is reported on its own, and the cycle check runs once it is fixed.
                continue;
            }
            Map<String, List<Jump>> jumps = new HashMap<>();
            Map<String, List<String>> edges = new HashMap<>();
            steps.forEach((id, step) -> {
                jumps.put(id, Jumps.from(step));
                edges.put(id, jumps.get(id).stream().map(Jump::target).toList());
            });
            for (List<String> cycle : Cycles.find(new ArrayList<>(steps.keySet()), edges)) {
                problems.add(problem(cycle, steps, jumps));
            }
        }
    }

    private static DefinitionProblem problem(List<String> cycle, Map<String, StepOutline> steps,
            Map<String, List<Jump>> jumps) {
        Jump culprit = culprit(cycle, steps, jumps);
        String message = (cycle.size() == 1) ? "step `" + cycle.get(0) + "` jumps to itself"
                : "steps " + cycle.stream().map(id -> "`" + id + "`").collect(Collectors.joining(", "))
                        + " jump to each other in a cycle";
        return new DefinitionProblem(culprit.pointer(), message,
                "workflows must not jump back to an earlier step; to repeat steps, put them in the `do` list "
                        + "of a `loop` step (with `while` and `maxIterations`), or use `retry` to repeat a failed step",
                null);
    }

    /**
     * The jump to blame: the first explicit jump back to an earlier step, which is what an author
     * would change; failing that, any explicit jump in the cycle.
     */
    private static Jump culprit(List<String> cycle, Map<String, StepOutline> steps, Map<String, List<Jump>> jumps) {
        Set<String> members = Set.copyOf(cycle);
        List<Jump> inCycle = new ArrayList<>();
        Map<Jump, StepOutline> source = new HashMap<>();
        for (String id : cycle) {
            for (Jump jump : jumps.get(id)) {
                if (members.contains(jump.target())) {
                    inCycle.add(jump);
                    source.put(jump, steps.get(id));
                }
            }
        }
        return inCycle.stream()
            .filter(jump -> jump.explicit() && steps.get(jump.target()).order() <= source.get(jump).order())
            .findFirst()
            .or(() -> inCycle.stream().filter(Jump::explicit).findFirst())
            .orElse(inCycle.get(0));
    }

}
