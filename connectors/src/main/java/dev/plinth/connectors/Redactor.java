package dev.plinth.connectors;

import dev.plinth.orchestrator.StepOutcome;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Replaces known secret values with {@value #MASK} in text and JSON, so a target that echoes a
 * credential back (in a body, a header, an error page) cannot carry it into a step's output, its
 * error message, the run history or a log line. Also masks the URL-encoded form of each value, as
 * it appears in query strings and form bodies; executors {@link #add} derived forms they create
 * themselves (a Basic credential, a fetched access token).
 */
public final class Redactor {

    public static final String MASK = "[redacted]";

    private final Set<String> values = new LinkedHashSet<>();
    private List<String> longestFirst = List.of();

    /** Also masks this value (and its URL-encoded form) from now on. Empty values are ignored. */
    public Redactor add(String value) {
        if (value != null && !value.isEmpty() && values.add(value)) {
            values.add(URLEncoder.encode(value, StandardCharsets.UTF_8));
            // Longest first, so a value that contains another is masked whole.
            longestFirst = values.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
        }
        return this;
    }

    public String redact(String text) {
        if (text == null || longestFirst.isEmpty()) {
            return text;
        }
        String result = text;
        for (String value : longestFirst) {
            result = result.replace(value, MASK);
        }
        return result;
    }

    /** A copy of the tree with every string (and property name) redacted. */
    public JsonNode redact(JsonNode node) {
        if (node == null || longestFirst.isEmpty()) {
            return node;
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            for (Map.Entry<String, JsonNode> member : node.properties()) {
                copy.set(redact(member.getKey()), redact(member.getValue()));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> copy.add(redact(element)));
            return copy;
        }
        return node.isString() ? JsonNodeFactory.instance.stringNode(redact(node.asString())) : node;
    }

    /** The outcome with its output and error message redacted. */
    public StepOutcome redact(StepOutcome outcome) {
        if (outcome == null) {
            return null;
        }
        return new StepOutcome(redact(outcome.output()), outcome.errorType(), redact(outcome.errorMessage()),
                outcome.retryable());
    }
}
