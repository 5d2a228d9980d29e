package dev.plinth.platform.memory;

import dev.plinth.memory.NewMessage;
import dev.plinth.platform.problem.ApiException;
import dev.plinth.platform.problem.InputError;
import dev.plinth.platform.problem.ProblemType;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Reads an append body: one message object, or {@code {"messages": [...]}} for a batch. Wrong
 * types are reported with the pointer of the field, all at once.
 */
final class MessageBodies {

    private MessageBodies() {
    }

    static List<NewMessage> read(JsonNode body) {
        List<InputError> errors = new ArrayList<>();
        List<NewMessage> messages = new ArrayList<>();
        if (body == null || !body.isObject()) {
            throw invalid(List.of(InputError.of("", "the body must be a message object or {\"messages\": [...]}",
                    "e.g. {\"role\": \"user\", \"content\": \"hello\"}")));
        }
        if (body.has("messages")) {
            JsonNode list = body.get("messages");
            if (!list.isArray()) {
                throw invalid(List.of(InputError.of("/messages", "messages must be an array", null)));
            }
            for (int i = 0; i < list.size(); i++) {
                messages.add(message(list.get(i), "/messages/" + i, errors));
            }
        } else {
            messages.add(message(body, "", errors));
        }
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        return messages;
    }

    private static NewMessage message(JsonNode node, String at, List<InputError> errors) {
        if (!node.isObject()) {
            errors.add(InputError.of(at, "a message must be an object", null));
            return null;
        }
        node.propertyNames().forEach(name -> {
            if (!List.of("role", "content", "name", "metadata", "tokens").contains(name)) {
                errors.add(InputError.of(at + "/" + name, "unknown property",
                        "a message has role, content, name, metadata and tokens"));
            }
        });
        return new NewMessage(text(node, "role", at, errors), text(node, "content", at, errors),
                text(node, "name", at, errors), node.get("metadata"), tokens(node, at, errors));
    }

    private static String text(JsonNode node, String field, String at, List<InputError> errors) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            errors.add(InputError.of(at + "/" + field, field + " must be a string", null));
            return null;
        }
        return value.asString();
    }

    private static Integer tokens(JsonNode node, String at, List<InputError> errors) {
        JsonNode value = node.get("tokens");
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            errors.add(InputError.of(at + "/tokens", "tokens must be an integer", null));
            return null;
        }
        return value.asInt();
    }

    private static ApiException invalid(List<InputError> errors) {
        return new ApiException(ProblemType.VALIDATION_FAILED,
                "The message body has " + errors.size() + " problem(s)", errors);
    }
}
