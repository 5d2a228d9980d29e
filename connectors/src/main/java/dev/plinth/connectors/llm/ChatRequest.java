package dev.plinth.connectors.llm;

import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds the body of a chat-completions request from a {@code chat} step's {@code with}:
 * {@code messages} (passed as given) or the {@code prompt} shortcut, an optional {@code system}
 * instruction and {@code context} (any JSON, given to the model as a system message), overrides
 * of {@code model}, {@code temperature} and {@code maxTokens}, a {@code responseSchema} for
 * structured output, and {@code tools} / {@code toolChoice}.
 */
final class ChatRequest {

    static final Set<String> KNOWN = Set.of("messages", "prompt", "system", "context", "model", "temperature",
            "maxTokens", "responseSchema", "tools", "toolChoice");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** A {@code with} that cannot become a request; the message names the field to fix. */
    static final class InvalidChat extends RuntimeException {
        InvalidChat(String message) {
            super(message, null, false, false);
        }
    }

    private ChatRequest() {
    }

    /** The model this call asks for: the step's override or the connector's default. */
    static String model(JsonNode with, LlmSettings settings) {
        return with.path("model").isString() ? with.path("model").asString() : settings.model();
    }

    static ObjectNode body(JsonNode with, LlmSettings settings) {
        for (String name : with.propertyNames()) {
            if (!KNOWN.contains(name)) {
                throw new InvalidChat("with." + name + " is not a chat parameter; known are "
                        + String.join(", ", new TreeSet<>(KNOWN)));
            }
        }
        ObjectNode body = NODES.objectNode();
        body.put("model", model(with, settings));
        body.set("messages", messages(with));
        JsonNode temperature = with.path("temperature");
        if (temperature.isNumber()) {
            body.put("temperature", temperature.asDouble());
        } else if (settings.temperature() != null) {
            body.put("temperature", settings.temperature());
        }
        JsonNode maxTokens = with.path("maxTokens");
        if (maxTokens.isIntegralNumber()) {
            body.put("max_tokens", maxTokens.asInt());
        } else if (settings.maxTokens() != null) {
            body.put("max_tokens", settings.maxTokens());
        }
        JsonNode schema = with.path("responseSchema");
        if (!schema.isMissingNode() && !schema.isNull()) {
            if (!schema.isObject()) {
                throw new InvalidChat("with.responseSchema must be a JSON Schema object");
            }
            ObjectNode format = body.putObject("response_format").put("type", "json_schema");
            format.putObject("json_schema").put("name", "response").set("schema", schema);
        }
        JsonNode tools = with.path("tools");
        if (!tools.isMissingNode() && !tools.isNull()) {
            body.set("tools", tools(tools));
        }
        if (!with.path("toolChoice").isMissingNode()) {
            body.set("tool_choice", with.path("toolChoice"));
        }
        return body;
    }

    private static ArrayNode messages(JsonNode with) {
        JsonNode given = with.path("messages");
        JsonNode prompt = with.path("prompt");
        if (given.isMissingNode() == prompt.isMissingNode()) {
            throw new InvalidChat("Give either with.messages (a list of {role, content}) or with.prompt (the "
                    + "user's message), not both and not neither");
        }
        ArrayNode messages = NODES.arrayNode();
        if (with.path("system").isString()) {
            messages.addObject().put("role", "system").put("content", with.path("system").asString());
        }
        JsonNode context = with.path("context");
        if (!context.isMissingNode() && !context.isNull()) {
            messages.addObject().put("role", "system").put("content", "Context:\n" + text(context));
        }
        if (!prompt.isMissingNode()) {
            messages.addObject().put("role", "user").put("content", text(prompt));
            return messages;
        }
        if (!given.isArray() || given.isEmpty()) {
            throw new InvalidChat("with.messages must be a non-empty list of {role, content} objects");
        }
        for (int i = 0; i < given.size(); i++) {
            JsonNode message = given.get(i);
            if (!message.isObject() || !message.path("role").isString()) {
                throw new InvalidChat("with.messages[" + i + "] must be an object with a string 'role'");
            }
            messages.add(message);
        }
        return messages;
    }

    /** Tools as the OpenAI format wants them; a bare {name, description, parameters} is wrapped as a function. */
    private static ArrayNode tools(JsonNode tools) {
        if (!tools.isArray()) {
            throw new InvalidChat("with.tools must be a list of tool definitions");
        }
        ArrayNode wrapped = NODES.arrayNode();
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            if (tool.path("type").isString()) {
                wrapped.add(tool);
            } else if (tool.path("name").isString()) {
                wrapped.addObject().put("type", "function").set("function", tool);
            } else {
                throw new InvalidChat("with.tools[" + i + "] needs a 'name' (or a full {type, function} tool)");
            }
        }
        return wrapped;
    }

    private static String text(JsonNode value) {
        return value.isString() ? value.asString() : value.toString();
    }
}
