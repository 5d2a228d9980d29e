package dev.plinth.platform.registry.definition;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.plinth.platform.registry.definition.DefinitionOutline.StepOutline;
import tools.jackson.databind.JsonNode;

/** Where control can go after a step: its explicit jumps and its fall-through to the next step. */
final class Jumps {

    /** The reserved step reference that finishes the workflow. */
    static final String END = "end";

    private static final Set<String> TERMINAL_TYPES = Set.of("fail", "succeed");

    private Jumps() {
    }

    /**
     * One way out of a step.
     *
     * @param target the step id jumped to (possibly {@code end}, possibly undeclared)
     * @param pointer pointer to the reference, or to the step for a fall-through
     * @param explicit whether written in the definition, as opposed to falling through
     */
    record Jump(String target, String pointer, boolean explicit) {
    }

    static List<Jump> from(StepOutline step) {
        List<Jump> jumps = new ArrayList<>();
        JsonNode node = step.node();
        String pointer = step.pointer();
        explicit(node, "next", pointer, jumps);
        JsonNode cases = node.path("cases");
        for (int i = 0; cases.isArray() && i < cases.size(); i++) {
            explicit(cases.get(i), "then", JsonPointers.append(JsonPointers.append(pointer, "cases"), i), jumps);
        }
        explicit(node, "default", pointer, jumps);
        explicit(node, "onTimeout", pointer, jumps);
        explicit(node.path("onFailure"), "goto", JsonPointers.append(pointer, "onFailure"), jumps);
        if (fallsThrough(step)) {
            jumps.add(new Jump(step.following(), pointer, false));
        }
        return jumps;
    }

    private static boolean fallsThrough(StepOutline step) {
        JsonNode node = step.node();
        boolean switchWithDefault = "switch".equals(step.type()) && node.has("default");
        boolean terminal = step.type() != null && TERMINAL_TYPES.contains(step.type());
        return step.following() != null && !node.has("next") && !switchWithDefault && !terminal;
    }

    private static void explicit(JsonNode node, String property, String pointer, List<Jump> jumps) {
        String target = DefinitionOutline.text(node, property);
        if (target != null) {
            jumps.add(new Jump(target, JsonPointers.append(pointer, property), true));
        }
    }

}
