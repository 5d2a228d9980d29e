package dev.plinth.platform.registry.definition;

import java.util.List;

import com.networknt.schema.path.NodePath;

/** Converts the validator's paths to JSON pointers and relates evaluation paths to instances. */
final class ValidatorPaths {

    private ValidatorPaths() {
    }

    /** An instance location as an RFC 6901 pointer, escaped by us rather than trusting a format. */
    static String pointer(NodePath instanceLocation) {
        return ancestor(instanceLocation, 0);
    }

    /** The pointer of the value {@code levelsUp} levels above {@code instanceLocation}. */
    static String ancestor(NodePath instanceLocation, int levelsUp) {
        List<Object> elements = SchemaDescriptions.elements(instanceLocation);
        String pointer = "";
        for (Object element : elements.subList(0, Math.max(0, elements.size() - levelsUp))) {
            pointer = (element instanceof Integer index) ? JsonPointers.append(pointer, index)
                    : JsonPointers.append(pointer, String.valueOf(element));
        }
        return pointer;
    }

    /**
     * How many instance levels a stretch of evaluation path descends: {@code properties/x},
     * {@code items}, {@code additionalProperties} and friends each step into a child value, while
     * {@code $ref}, {@code allOf/n}, {@code if}/{@code then} and the like stay on the same value.
     */
    static int instanceDepth(List<Object> evaluationPath) {
        int depth = 0;
        for (int i = 0; i < evaluationPath.size(); i++) {
            String element = String.valueOf(evaluationPath.get(i));
            switch (element) {
                case "properties", "patternProperties", "prefixItems" -> {
                    depth++;
                    i++;
                }
                case "items", "additionalProperties", "unevaluatedProperties", "unevaluatedItems", "contains" -> depth++;
                case "allOf", "anyOf", "oneOf", "dependentSchemas" -> i++;
                default -> {
                }
            }
        }
        return depth;
    }

}
