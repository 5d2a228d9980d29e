package dev.plinth.connectors.internal.http;

import dev.plinth.connectors.SecretReferences;
import dev.plinth.orchestrator.StepExecutor.SettingProblem;
import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Reads typed values out of a connector's settings, recording a problem (with its pointer) for
 * each value of the wrong shape and falling back to the default, so one pass both validates a
 * submitted definition and reads resolved settings at execution time. Strings holding a
 * {@code ${secret:...}} reference are not format-checked: at submission their value is unknown.
 */
final class SettingsReader {

    private final JsonNode root;
    private final List<SettingProblem> problems;

    SettingsReader(JsonNode root, List<SettingProblem> problems) {
        this.root = root;
        this.problems = problems;
    }

    JsonNode node(String pointer) {
        return root.at(pointer);
    }

    boolean has(String pointer) {
        JsonNode node = root.at(pointer);
        return !node.isMissingNode() && !node.isNull();
    }

    void problem(String pointer, String message) {
        problems.add(new SettingProblem(pointer, message));
    }

    String string(String pointer, String fallback) {
        JsonNode node = root.at(pointer);
        if (node.isMissingNode() || node.isNull()) {
            return fallback;
        }
        if (!node.isString()) {
            problem(pointer, "must be a string");
            return fallback;
        }
        return node.asString();
    }

    String requiredString(String pointer, String what) {
        JsonNode node = root.at(pointer);
        if (node.isMissingNode() || node.isNull()) {
            problem(pointer, what + " is required");
            return null;
        }
        String value = string(pointer, null);
        if (value != null && value.isEmpty()) {
            problem(pointer, what + " must not be empty");
        }
        return value;
    }

    URI url(String pointer, boolean required) {
        String text = required ? requiredString(pointer, "the URL") : string(pointer, null);
        if (text == null || text.isEmpty() || SecretReferences.containsReference(text)) {
            return null;
        }
        try {
            URI uri = new URI(text);
            if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    || uri.getHost() == null) {
                problem(pointer, "must be an absolute http:// or https:// URL, e.g. https://api.example.com/v1");
                return null;
            }
            return uri;
        } catch (java.net.URISyntaxException malformed) {
            problem(pointer, "is not a valid URL: " + malformed.getReason());
            return null;
        }
    }

    Duration duration(String pointer, Duration fallback) {
        String text = string(pointer, null);
        if (text == null) {
            return fallback;
        }
        try {
            Duration duration = Duration.parse(text);
            if (duration.isNegative() || duration.isZero()) {
                problem(pointer, "must be a positive duration");
                return fallback;
            }
            return duration;
        } catch (DateTimeParseException malformed) {
            problem(pointer, "must be an ISO-8601 duration such as PT5S or PT1M");
            return fallback;
        }
    }

    long positive(String pointer, long fallback, long max) {
        JsonNode node = root.at(pointer);
        if (node.isMissingNode() || node.isNull()) {
            return fallback;
        }
        if (!node.canConvertToLong() || !node.isIntegralNumber() || node.asLong() < 1 || node.asLong() > max) {
            problem(pointer, "must be a whole number from 1 to " + max);
            return fallback;
        }
        return node.asLong();
    }

    /** An object of string values (header names to values), in order. */
    Map<String, String> stringMap(String pointer) {
        JsonNode node = root.at(pointer);
        Map<String, String> values = new LinkedHashMap<>();
        if (node.isMissingNode() || node.isNull()) {
            return values;
        }
        if (!node.isObject()) {
            problem(pointer, "must be an object of names to string values");
            return values;
        }
        for (Map.Entry<String, JsonNode> member : node.properties()) {
            if (member.getValue().isString() || member.getValue().isNumber() || member.getValue().isBoolean()) {
                values.put(member.getKey(), member.getValue().asString());
            } else {
                problem(pointer + "/" + member.getKey().replace("~", "~0").replace("/", "~1"), "must be a string");
            }
        }
        return values;
    }
}
