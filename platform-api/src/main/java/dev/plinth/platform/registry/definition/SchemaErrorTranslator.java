package dev.plinth.platform.registry.definition;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.networknt.schema.Error;
import tools.jackson.databind.JsonNode;

/**
 * Turns one validator error into a {@link DefinitionProblem} with a message a person reads and a
 * hint an AI tool can act on: the allowed values, the expected format, the intended name.
 */
final class SchemaErrorTranslator {

    private static final int MAX_QUOTED_VALUE = 64;

    private final SchemaDescriptions schema;

    SchemaErrorTranslator(SchemaDescriptions schema) {
        this.schema = schema;
    }

    DefinitionProblem translate(Error error) {
        String pointer = ValidatorPaths.pointer(error.getInstanceLocation());
        List<Object> location = SchemaDescriptions.elements(error.getSchemaLocation().getFragment());
        List<Object> schemaOfValue = location.subList(0, Math.max(0, location.size() - 1));
        String description = this.schema.nearest(schemaOfValue);
        JsonNode value = error.getInstanceNode();
        return switch (String.valueOf(error.getKeyword())) {
            case "required" -> missing(pointer, error.getProperty(), schemaOfValue, value);
            case "additionalProperties", "unevaluatedProperties" -> unknown(pointer, error.getProperty(), schemaOfValue);
            case "propertyNames" -> new DefinitionProblem(JsonPointers.append(pointer, error.getProperty()),
                    "`" + error.getProperty() + "` is not a valid name here",
                    or(this.schema.describe(error.getSchemaNode()), description), null);
            case "enum" -> notAllowed(pointer, value, error.getSchemaNode(), description);
            case "const" -> new DefinitionProblem(pointer, "must be `" + error.getSchemaNode().asString("") + "`",
                    "set it to `" + error.getSchemaNode().asString("") + "`", null);
            case "type" -> new DefinitionProblem(pointer, typeMismatch(error), description, null);
            case "pattern" -> new DefinitionProblem(pointer, "does not have the expected format",
                    join(description, "pattern: `" + error.getSchemaNode().asString("") + "`"), null);
            case "not" -> new DefinitionProblem(pointer, forbidden(value, error.getSchemaNode()), description, null);
            case "oneOf" -> new DefinitionProblem(pointer, "matches more than one of the allowed forms", description, null);
            default -> new DefinitionProblem(pointer, error.getMessage(), description, null);
        };
    }

    DefinitionProblem translate(CompositeErrors.Mismatch mismatch) {
        List<Object> path = mismatch.evaluationPath();
        JsonNode owner = this.schema.alongEvaluationPath(path.subList(0, path.size() - 1));
        List<String> forms = new ArrayList<>();
        this.schema.alongEvaluationPath(path).forEach(branch -> forms.add(this.schema.describe(branch)));
        String hint = this.schema.describe(owner);
        if (hint.isEmpty()) {
            hint = "use one of: " + forms.stream().filter(form -> !form.isEmpty()).collect(Collectors.joining(" | "));
        }
        return new DefinitionProblem(mismatch.pointer(), "does not match any of the allowed forms", hint, null);
    }

    private DefinitionProblem missing(String pointer, String property, List<Object> schemaOfValue, JsonNode object) {
        JsonNode declared = this.schema.declaring(schemaOfValue, property);
        String hint = join("add `" + property + "`", this.schema.describe(declared));
        Set<String> known = this.schema.propertyNames(this.schema.declaringObject(schemaOfValue, property));
        List<String> strays = new ArrayList<>();
        object.propertyNames().forEach(name -> {
            if (!known.contains(name)) {
                strays.add(name);
            }
        });
        String stray = Suggestions.closest(property, strays).orElse(null);
        if (stray != null) {
            hint = "found `" + stray + "`: did you mean `" + property + "`? " + hint;
        }
        return new DefinitionProblem(JsonPointers.append(pointer, property),
                "missing required property `" + property + "`", hint, null);
    }

    private DefinitionProblem unknown(String pointer, String property, List<Object> schemaOfValue) {
        Set<String> known = this.schema.propertyNames(this.schema.at(schemaOfValue));
        String hint = Suggestions.didYouMean(property, known);
        if (hint.isEmpty()) {
            hint = known.isEmpty() ? "remove it" : "remove it; allowed here: " + Suggestions.list(known, known.size());
        }
        return new DefinitionProblem(JsonPointers.append(pointer, property), "unknown property `" + property + "`",
                hint, null);
    }

    private DefinitionProblem notAllowed(String pointer, JsonNode value, JsonNode allowed, String description) {
        List<String> values = new ArrayList<>();
        allowed.forEach(option -> values.add(option.asString(option.toString())));
        String message = quotable(value) ? "`" + value.asString() + "` is not an allowed value" : "is not an allowed value";
        String hint = "allowed values: " + Suggestions.list(values, values.size());
        if (quotable(value)) {
            hint = join(Suggestions.didYouMean(value.asString(), values), hint);
        }
        return new DefinitionProblem(pointer, message, join(hint, description), null);
    }

    private static String typeMismatch(Error error) {
        Object[] arguments = error.getArguments();
        if (arguments == null || arguments.length < 2) {
            return error.getMessage();
        }
        return "expected " + arguments[1] + ", found " + arguments[0];
    }

    private static String forbidden(JsonNode value, JsonNode notSchema) {
        if (notSchema.has("const") && quotable(value)) {
            return "`" + value.asString() + "` is not allowed here";
        }
        return "this value is not allowed here";
    }

    private static boolean quotable(JsonNode value) {
        return value != null && value.isString() && value.asString().length() <= MAX_QUOTED_VALUE;
    }

    private static String or(String preferred, String fallback) {
        return preferred.isEmpty() ? fallback : preferred;
    }

    private static String join(String first, String second) {
        if (first.isEmpty()) {
            return second;
        }
        if (second.isEmpty()) {
            return first;
        }
        boolean sentence = first.endsWith(".") || first.endsWith("?");
        return first + (sentence ? " " : "; ") + second;
    }

}
