package dev.plinth.platform.problem;

import java.util.Collection;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Turns Jackson's reading errors into messages about JSON, not Java: "expected an object, got an
 * array" rather than the name of the class the body was bound to.
 */
final class JsonErrorMessages {

    private static final Pattern FOUND = Pattern.compile("from (\\w+) value");

    private JsonErrorMessages() {
    }

    static String of(JacksonException exception) {
        if (exception instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            String expected = jsonKind(mismatch.getTargetType());
            Matcher found = FOUND.matcher(String.valueOf(mismatch.getOriginalMessage()));
            return found.find()
                    ? "expected " + expected + ", got " + article(found.group(1).toLowerCase(java.util.Locale.ROOT))
                    : "expected " + expected;
        }
        String message = exception.getOriginalMessage();
        if (message == null) {
            return "unreadable value";
        }
        // Syntax errors speak of tokens and characters; drop any Java type name that slips in.
        return message.replaceAll("`[\\w.$<>, \\[\\]]*[.$][\\w$<>, \\[\\]]*`", "a value").trim();
    }

    private static String jsonKind(Class<?> type) {
        if (CharSequence.class.isAssignableFrom(type) || type.isEnum()) {
            return "a string";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type)) {
            return "an object";
        }
        return "an object";
    }

    private static String article(String kind) {
        return switch (kind) {
            case "array", "object", "integer" -> "an " + kind;
            case "null" -> "null";
            default -> "a " + kind;
        };
    }
}
