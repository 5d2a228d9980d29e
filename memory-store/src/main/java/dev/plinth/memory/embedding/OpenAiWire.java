package dev.plinth.memory.embedding;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** JSON bodies of the OpenAI {@code /embeddings} API, only the fields Plinth uses. */
final class OpenAiWire {

    private static final JsonMapper JSON = JsonMapper.builder()
            // Compatible servers add their own fields (usage, object, model...); they don't matter here.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private OpenAiWire() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Request(String model, List<String> input, Integer dimensions) {
    }

    record Response(List<Item> data) {
    }

    record Item(Integer index, float[] embedding) {
    }

    static String write(Request request) {
        return JSON.writeValueAsString(request);
    }

    /**
     * Reads the vectors of a successful response, ordered by their {@code index} (the API does
     * not promise response order).
     *
     * @throws EmbeddingException (not retryable) if the body is not a complete answer for {@code expected} inputs
     */
    static float[][] readVectors(String body, int expected) {
        Response response;
        try {
            response = JSON.readValue(body, Response.class);
        } catch (JacksonException e) {
            throw invalid("body is not an embeddings response (" + e.getOriginalMessage() + ")");
        }
        if (response == null || response.data() == null) {
            throw invalid("no 'data' array");
        }
        if (response.data().size() != expected) {
            throw invalid("expected " + expected + " embeddings, got " + response.data().size());
        }
        float[][] vectors = new float[expected][];
        for (Item item : response.data()) {
            if (item == null || item.index() == null || item.embedding() == null
                    || item.embedding().length == 0) {
                throw invalid("an item lacks 'index' or 'embedding'");
            }
            int index = item.index();
            if (index < 0 || index >= expected || vectors[index] != null) {
                throw invalid("index " + index + " is out of range or repeated");
            }
            vectors[index] = item.embedding();
        }
        return vectors;
    }

    /**
     * The most useful part of an error body: OpenAI-style {@code error.message} when present,
     * else the start of the raw body.
     */
    static String errorDetail(String body) {
        try {
            String message = JSON.readTree(body).path("error").path("message").asString("");
            if (!message.isBlank()) {
                return message;
            }
        } catch (JacksonException e) {
            // Not JSON (a proxy's HTML page, plain text): fall through to the raw body.
        }
        return body;
    }

    private static EmbeddingException invalid(String detail) {
        return new EmbeddingException("invalid embeddings response: " + detail, false);
    }
}
