package dev.plinth.platform.registry.definition;

import java.util.HashMap;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLParser;

/**
 * Streams a document's tokens once to record the line of every value by JSON pointer, and to
 * reject what the tree reader would silently accept: YAML aliases, binary scalars, several
 * documents, and a top level that is not an object.
 */
final class LineIndexer {

    private LineIndexer() {
    }

    static Map<String, Integer> index(ObjectMapper mapper, byte[] content, DefinitionFormat format) {
        try (JsonParser parser = mapper.createParser(content)) {
            try {
                return index(parser);
            }
            catch (JacksonException ex) {
                // some limit violations carry no location of their own; where the parser stands is close
                throw SyntaxErrors.toMalformed(ex, format, parser.currentLocation());
            }
        }
        catch (JacksonException ex) {
            throw SyntaxErrors.toMalformed(ex, format, null);
        }
    }

    private static Map<String, Integer> index(JsonParser parser) {
        Map<String, Integer> lines = new HashMap<>();
        JsonToken first = parser.nextToken();
        if (isEmpty(parser, first)) {
            throw new MalformedDefinitionException(
                    "the definition is empty; expected an object with `apiVersion`, `kind`, `metadata` and `spec`", null,
                    null);
        }
        if (first != JsonToken.START_OBJECT) {
            throw at(parser, "the definition must be an object with `apiVersion`, `kind`, `metadata` and `spec`, "
                    + "but its top level is " + describe(first));
        }
        record(parser, lines);
        indexRest(parser, lines);
        if (parser.nextToken() != null) {
            throw at(parser, "only one document is accepted, but more content follows the first one");
        }
        return lines;
    }

    /** No content at all, or a YAML document that is only {@code ---}, a comment or {@code null}. */
    private static boolean isEmpty(JsonParser parser, JsonToken first) {
        return first == null || first == JsonToken.VALUE_NULL
                || (first == JsonToken.VALUE_STRING && parser.getString().isEmpty());
    }

    private static void indexRest(JsonParser parser, Map<String, Integer> lines) {
        int depth = 1;
        while (depth > 0) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                throw at(parser, "the document ends before its top-level object is closed");
            }
            rejectUnsupported(parser, token);
            if (token.isStructStart()) {
                depth++;
            }
            if (token.isStructEnd()) {
                depth--;
            }
            else {
                record(parser, lines);
            }
        }
    }

    private static void rejectUnsupported(JsonParser parser, JsonToken token) {
        // Jackson does not expand YAML aliases: it would hand us the anchor's name as a string.
        // Refusing them keeps the tree faithful and rules out alias bombs (billion laughs).
        if (parser instanceof YAMLParser yamlParser && yamlParser.isCurrentAlias()) {
            throw at(parser, "YAML aliases (`*name`) are not supported; write the value out in full");
        }
        if (token == JsonToken.VALUE_EMBEDDED_OBJECT) {
            throw at(parser, "binary values (`!!binary`) are not supported in a definition");
        }
    }

    /**
     * For an object member the key token comes first, so members get the line of their key, which
     * is where a YAML block value starts to be written.
     */
    private static void record(JsonParser parser, Map<String, Integer> lines) {
        String pointer = parser.streamReadContext().pathAsPointer().toString();
        lines.putIfAbsent(pointer, parser.currentTokenLocation().getLineNr());
    }

    private static MalformedDefinitionException at(JsonParser parser, String message) {
        TokenStreamLocation location = parser.currentTokenLocation();
        return new MalformedDefinitionException(message, location.getLineNr(), location.getColumnNr());
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.name();
        };
    }

}
