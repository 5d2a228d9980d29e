package dev.plinth.orchestrator.expression;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Test helper: JSON from text, with single quotes allowed for readability. */
final class Json {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {
    }

    static JsonNode json(String text) {
        return MAPPER.readTree(text.replace('\'', '"'));
    }
}
