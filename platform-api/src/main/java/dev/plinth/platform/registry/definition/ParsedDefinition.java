package dev.plinth.platform.registry.definition;

import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * A parsed app definition: its tree, and the 1-based source line of every value by JSON pointer
 * (for object members, the line of the key), so problems can point at lines.
 */
public record ParsedDefinition(JsonNode document, Map<String, Integer> lines) {

    public ParsedDefinition {
        lines = Map.copyOf(lines);
    }

    /**
     * The line of the value at {@code pointer}, or of its nearest enclosing value when the pointer
     * names something absent (such as a missing required property); {@code null} if unknown.
     */
    public Integer lineOf(String pointer) {
        for (String current = pointer; current != null; current = JsonPointers.parent(current)) {
            Integer line = this.lines.get(current);
            if (line != null) {
                return line;
            }
        }
        return null;
    }

}
