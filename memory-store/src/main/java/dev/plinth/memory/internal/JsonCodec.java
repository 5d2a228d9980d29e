package dev.plinth.memory.internal;

import dev.plinth.memory.MemoryException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/** JSON columns to and from trees. */
final class JsonCodec {

    private final JsonMapper mapper;

    JsonCodec(JsonMapper mapper) {
        this.mapper = mapper;
    }

    String write(JsonNode node) {
        return node == null ? null : mapper.writeValueAsString(node);
    }

    JsonNode read(String json) {
        return json == null ? null : mapper.readTree(json);
    }

    /** Metadata must be a JSON object (or absent, stored as an empty one). */
    static JsonNode metadata(JsonNode metadata, String pointer) {
        if (metadata == null || metadata.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!metadata.isObject()) {
            throw MemoryException.invalid(pointer, "metadata must be a JSON object", "e.g. {\"channel\": \"email\"}");
        }
        return Checks.storable(metadata, pointer);
    }
}
