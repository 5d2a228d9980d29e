package dev.plinth.connectors.internal;

import dev.plinth.orchestrator.StepExecutor.SettingProblem;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * Reads a connector declaration's settings with defaults and collects every problem, each located
 * by a JSON pointer within the connector. The same reader serves submission-time validation and
 * execution, so both accept exactly the same settings.
 */
public final class SettingsReader {

    /** Keys every connector may carry beside its own settings. */
    private static final Set<String> COMMON = Set.of("type", "description", "check");

    private final JsonNode connector;
    private final List<SettingProblem> problems = new ArrayList<>();

    /** @param known the settings of this connector type; any other key is reported as unknown */
    public SettingsReader(JsonNode connector, Set<String> known) {
        this.connector = connector;
        if (!connector.isObject()) {
            problems.add(new SettingProblem("", "A connector must be an object"));
            return;
        }
        for (String name : connector.propertyNames()) {
            if (!known.contains(name) && !COMMON.contains(name)) {
                problems.add(new SettingProblem("/" + escape(name), "Unknown setting '" + name
                        + "' for a " + connector.path("type").asString() + " connector; known settings: "
                        + String.join(", ", new TreeSet<>(known))));
            }
        }
    }

    /** A string setting; {@code null} when absent (a problem if required). */
    public String string(String name, boolean required) {
        JsonNode value = connector.path(name);
        if (value.isMissingNode() || value.isNull()) {
            if (required) {
                problems.add(new SettingProblem("/" + name, "'" + name + "' is required"));
            }
            return null;
        }
        if (!value.isString() || value.asString().isBlank()) {
            problems.add(new SettingProblem("/" + name, "'" + name + "' must be a non-empty string"));
            return null;
        }
        return value.asString();
    }

    public boolean bool(String name, boolean fallback) {
        JsonNode value = connector.path(name);
        if (value.isMissingNode() || value.isNull()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            problems.add(new SettingProblem("/" + name, "'" + name + "' must be true or false"));
            return fallback;
        }
        return value.booleanValue();
    }

    public int integer(String name, int fallback, int min, int max) {
        JsonNode value = connector.path(name);
        if (value.isMissingNode() || value.isNull()) {
            return fallback;
        }
        if (!value.isIntegralNumber() || value.asLong() < min || value.asLong() > max) {
            problems.add(new SettingProblem("/" + name, "'" + name + "' must be a whole number from " + min
                    + " to " + max));
            return fallback;
        }
        return value.asInt();
    }

    public double number(String name, double fallback, double min, double max) {
        JsonNode value = connector.path(name);
        if (value.isMissingNode() || value.isNull()) {
            return fallback;
        }
        if (!value.isNumber() || value.asDouble() < min || value.asDouble() > max) {
            problems.add(new SettingProblem("/" + name, "'" + name + "' must be a number from " + min + " to " + max));
            return fallback;
        }
        return value.asDouble();
    }

    /** An ISO-8601 duration setting such as {@code PT30S}, within bounds. */
    public Duration duration(String name, Duration fallback, Duration min, Duration max) {
        JsonNode value = connector.path(name);
        if (value.isMissingNode() || value.isNull()) {
            return fallback;
        }
        try {
            Duration parsed = Duration.parse(value.asString());
            if (parsed.compareTo(min) < 0 || parsed.compareTo(max) > 0) {
                problems.add(new SettingProblem("/" + name, "'" + name + "' must be from " + min + " to " + max));
                return fallback;
            }
            return parsed;
        } catch (DateTimeParseException notDuration) {
            problems.add(new SettingProblem("/" + name, "'" + name
                    + "' must be an ISO-8601 duration such as PT30S"));
            return fallback;
        }
    }

    /** An object setting whose values are all strings; empty when absent. */
    public JsonNode stringMap(String name) {
        JsonNode value = connector.path(name);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            problems.add(new SettingProblem("/" + name, "'" + name + "' must be an object of strings"));
            return null;
        }
        for (var entry : value.properties()) {
            if (!entry.getValue().isString()) {
                problems.add(new SettingProblem("/" + name + "/" + escape(entry.getKey()),
                        "'" + name + "." + entry.getKey() + "' must be a string"));
            }
        }
        return value;
    }

    /** Adds a problem found by the caller's own rule. */
    public void problem(String name, String message) {
        problems.add(new SettingProblem("/" + name, message));
    }

    public List<SettingProblem> problems() {
        return List.copyOf(problems);
    }

    /** The problems as one message, for a step that runs with settings that never passed validation. */
    public String summary() {
        return problems.stream().map(p -> p.pointer() + ": " + p.message())
                .reduce((a, b) -> a + "; " + b).orElse("");
    }

    private static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}
