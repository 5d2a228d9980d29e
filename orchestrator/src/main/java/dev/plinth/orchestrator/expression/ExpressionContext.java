package dev.plinth.orchestrator.expression;

import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The run state an expression can read, as JSON: {@code input} (the run input), {@code steps}
 * (step id → {@code {output, status, error}}), {@code vars} (run variables), {@code item} and
 * {@code index} (only inside a forEach) and {@code run} ({@code {id, workflow, app, attempt}}).
 *
 * <p>Immutable once built. The JSON handed in is read, never changed, and must not be changed
 * while the context is in use.
 */
public final class ExpressionContext {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final JsonNode input;
    private final ObjectNode steps;
    private final JsonNode vars;
    private final ObjectNode run;
    private final @Nullable JsonNode item;
    private final @Nullable Long index;

    private ExpressionContext(JsonNode input, ObjectNode steps, JsonNode vars, ObjectNode run,
            @Nullable JsonNode item, @Nullable Long index) {
        this.input = input;
        this.steps = steps;
        this.vars = vars;
        this.run = run;
        this.item = item;
        this.index = index;
    }

    /** Starts an empty context: null input, no steps, no variables. */
    public static Builder builder() {
        return new Builder();
    }

    /** This context inside one iteration of a forEach: adds {@code item} and {@code index}. */
    public ExpressionContext withItem(JsonNode item, int index) {
        return new ExpressionContext(input, steps, vars, run, Objects.requireNonNull(item), (long) index);
    }

    /** The whole context as one JSON object, as expressions see it. */
    public JsonNode toJson() {
        ObjectNode json = NODES.objectNode();
        json.set("input", input);
        json.set("steps", steps);
        json.set("vars", vars);
        json.set("run", run);
        if (item != null && index != null) {
            json.set("item", item);
            json.put("index", index.intValue());
        }
        return json;
    }

    /** The CEL value of a top-level variable, or null when it is not defined here. */
    @Nullable Object celValue(String name) {
        return switch (name) {
            case "input" -> CelValues.fromJson(input);
            case "steps" -> CelValues.fromJson(steps);
            case "vars" -> CelValues.fromJson(vars);
            case "run" -> CelValues.fromJson(run);
            case "item" -> item == null ? null : CelValues.fromJson(item);
            case "index" -> index;
            default -> null;
        };
    }

    /** Builds an {@link ExpressionContext}. Not thread-safe. */
    public static final class Builder {

        private JsonNode input = NODES.nullNode();
        private final ObjectNode steps = NODES.objectNode();
        private JsonNode vars = NODES.objectNode();
        private final ObjectNode run = NODES.objectNode();

        private Builder() {
        }

        /** The run input, any JSON value. */
        public Builder input(@Nullable JsonNode input) {
            this.input = input == null ? NODES.nullNode() : input;
            return this;
        }

        /** The run variables, a JSON object. */
        public Builder vars(@Nullable JsonNode vars) {
            if (vars != null && !vars.isObject()) {
                throw new IllegalArgumentException("vars must be a JSON object, was " + vars.getNodeType());
            }
            this.vars = vars == null ? NODES.objectNode() : vars;
            return this;
        }

        /**
         * The state of one step, seen as {@code steps.<id>.output}, {@code .status} and
         * {@code .error}; a missing output or error reads as null.
         */
        public Builder step(String id, String status, @Nullable JsonNode output, @Nullable JsonNode error) {
            ObjectNode step = steps.putObject(Objects.requireNonNull(id, "id"));
            step.set("output", output == null ? NODES.nullNode() : output);
            step.put("status", Objects.requireNonNull(status, "status"));
            step.set("error", error == null ? NODES.nullNode() : error);
            return this;
        }

        /** Identity of the run, seen as {@code run.id}, {@code run.workflow}, {@code run.app}, {@code run.attempt}. */
        public Builder run(String id, String workflow, String app, int attempt) {
            run.put("id", id);
            run.put("workflow", workflow);
            run.put("app", app);
            run.put("attempt", attempt);
            return this;
        }

        public ExpressionContext build() {
            // Shallow: step() always puts a fresh object, so later builder calls cannot reach the
            // built context, and outputs (possibly large) are not copied.
            ObjectNode builtSteps = NODES.objectNode();
            builtSteps.setAll(steps);
            return new ExpressionContext(input, builtSteps, vars, run.deepCopy(), null, null);
        }
    }
}
