package dev.plinth.connectors.llm;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.List;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a chat-completions response into the step output {@code {content, json, toolCalls,
 * finishReason, usage: {promptTokens, completionTokens, totalTokens}, model}}. With a response
 * schema, the content is parsed and checked against it: a model that answers off-schema fails the
 * attempt retryably, since another sample usually conforms.
 */
final class ChatResponse {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final Schema META_SCHEMA = SCHEMAS.getSchema(
            SchemaLocation.of(SpecificationVersion.DRAFT_2020_12.getDialectId()));

    /** A completion that is not what was asked for; retrying may produce a better one. */
    static final class InvalidOutput extends RuntimeException {
        InvalidOutput(String message) {
            super(message, null, false, false);
        }
    }

    /** Token counts as the provider reported them (zero when it did not). */
    record Usage(long promptTokens, long completionTokens, long totalTokens) {
    }

    private final ObjectNode output;
    private final Usage usage;

    private ChatResponse(ObjectNode output, Usage usage) {
        this.output = output;
        this.usage = usage;
    }

    /**
     * The compiled response schema, checked before the provider is paid for a call.
     *
     * @throws IllegalArgumentException when it is not a usable JSON Schema
     */
    static Schema compile(JsonNode responseSchema) {
        List<Error> malformed = META_SCHEMA.validate(responseSchema);
        if (!malformed.isEmpty()) {
            throw new IllegalArgumentException("with.responseSchema is not a valid JSON Schema: " + malformed.stream()
                    .limit(5).map(e -> e.getInstanceLocation() + " " + e.getMessage()).collect(Collectors.joining("; ")));
        }
        try {
            Schema schema = SCHEMAS.getSchema(responseSchema);
            schema.initializeValidators();
            return schema;
        } catch (RuntimeException unusable) {
            throw new IllegalArgumentException("with.responseSchema is not a usable JSON Schema: "
                    + unusable.getMessage(), unusable);
        }
    }

    /** @param responseSchema the compiled response schema, or {@code null} for free text */
    static ChatResponse parse(JsonNode response, Schema responseSchema, JsonMapper json) {
        JsonNode choice = response.path("choices").path(0);
        if (!choice.isObject()) {
            throw new InvalidOutput("The response has no choices");
        }
        JsonNode message = choice.path("message");
        ObjectNode output = NODES.objectNode();
        JsonNode content = message.path("content");
        output.put("content", content.isString() ? content.asString() : null);
        if (responseSchema != null) {
            output.set("json", structured(content, responseSchema, json));
        }
        output.set("toolCalls", toolCalls(message.path("tool_calls"), json));
        output.put("finishReason", choice.path("finish_reason").isString()
                ? choice.path("finish_reason").asString() : null);
        JsonNode reported = response.path("usage");
        Usage usage = new Usage(reported.path("prompt_tokens").asLong(0), reported.path("completion_tokens").asLong(0),
                reported.path("total_tokens").asLong(0));
        output.putObject("usage").put("promptTokens", usage.promptTokens())
                .put("completionTokens", usage.completionTokens()).put("totalTokens", usage.totalTokens());
        output.put("model", response.path("model").isString() ? response.path("model").asString() : null);
        return new ChatResponse(output, usage);
    }

    private static JsonNode structured(JsonNode content, Schema schema, JsonMapper json) {
        if (!content.isString()) {
            throw new InvalidOutput("A response schema was given but the model returned no content");
        }
        JsonNode parsed;
        try {
            parsed = json.readTree(content.asString());
        } catch (JacksonException notJson) {
            throw new InvalidOutput("The model's answer is not JSON although a response schema was given");
        }
        List<Error> errors = schema.validate(parsed);
        if (!errors.isEmpty()) {
            throw new InvalidOutput("The model's answer does not match the response schema: " + errors.stream()
                    .limit(5).map(Error::getMessage).collect(Collectors.joining("; ")));
        }
        return parsed;
    }

    private static ArrayNode toolCalls(JsonNode calls, JsonMapper json) {
        ArrayNode result = NODES.arrayNode();
        for (JsonNode call : calls) {
            ObjectNode entry = result.addObject();
            entry.put("id", call.path("id").asString(""));
            entry.put("name", call.path("function").path("name").asString(""));
            JsonNode arguments = call.path("function").path("arguments");
            // Arguments arrive as JSON text; hand them on parsed when they parse.
            if (arguments.isString()) {
                try {
                    entry.set("arguments", json.readTree(arguments.asString()));
                } catch (JacksonException notJson) {
                    entry.put("arguments", arguments.asString());
                }
            } else {
                entry.set("arguments", arguments.isMissingNode() ? NODES.nullNode() : arguments);
            }
        }
        return result;
    }

    ObjectNode output() {
        return output;
    }

    Usage usage() {
        return usage;
    }
}
