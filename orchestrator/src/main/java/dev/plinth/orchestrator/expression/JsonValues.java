package dev.plinth.orchestrator.expression;

import com.google.common.primitives.UnsignedLong;
import dev.cel.common.types.CelType;
import dev.cel.common.values.CelByteString;
import dev.cel.common.values.NullValue;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** CEL values back to JSON. Integers stay integral; a double stays a double even when whole. */
final class JsonValues {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonValues() {
    }

    /**
     * Converts a CEL result to JSON.
     *
     * @throws IllegalArgumentException with a user-safe message when JSON cannot represent it
     */
    static JsonNode toJson(@Nullable Object value) {
        if (value == null || value instanceof NullValue) {
            return NODES.nullNode();
        }
        // Copies, so that callers may change results without touching the run state.
        if (value instanceof CelValues.ObjectView view) {
            return view.node().deepCopy();
        }
        if (value instanceof CelValues.ArrayView view) {
            return view.node().deepCopy();
        }
        if (value instanceof Boolean bool) {
            return NODES.booleanNode(bool);
        }
        if (value instanceof Long number) {
            // the node type Jackson itself would parse, so results compare equal to parsed JSON
            return number == number.intValue() ? NODES.numberNode(number.intValue()) : NODES.numberNode(number);
        }
        if (value instanceof Double number) {
            if (number.isNaN() || number.isInfinite()) {
                throw new IllegalArgumentException("the result " + number + " cannot be represented in JSON");
            }
            return NODES.numberNode(number);
        }
        if (value instanceof String text) {
            return NODES.stringNode(text);
        }
        if (value instanceof UnsignedLong number) {
            return NODES.numberNode(number.bigIntegerValue());
        }
        if (value instanceof CelByteString bytes) {
            return NODES.binaryNode(bytes.toByteArray());
        }
        if (value instanceof Instant instant) {
            return NODES.stringNode(instant.toString());
        }
        if (value instanceof Duration duration) {
            return NODES.stringNode(protobufText(duration));
        }
        if (value instanceof Map<?, ?> map) {
            return object(map);
        }
        if (value instanceof Collection<?> list) {
            return array(list);
        }
        if (value instanceof CelType type) {
            return NODES.stringNode(type.name());
        }
        if (value instanceof Optional<?> optional) {
            return toJson(optional.orElse(null));
        }
        throw new IllegalArgumentException("the result cannot be represented in JSON");
    }

    private static ObjectNode object(Map<?, ?> map) {
        ObjectNode object = NODES.objectNode();
        map.forEach((key, member) -> object.set(keyText(key), toJson(member)));
        return object;
    }

    private static ArrayNode array(Collection<?> list) {
        ArrayNode array = NODES.arrayNode(list.size());
        list.forEach(element -> array.add(toJson(element)));
        return array;
    }

    // CEL map keys may be int, uint, bool or string; JSON keys are strings.
    private static String keyText(Object key) {
        return key instanceof String text ? text : String.valueOf(key);
    }

    // The protobuf JSON form CEL itself uses for durations: "3600s", "1.500s".
    private static String protobufText(Duration duration) {
        long seconds = duration.getSeconds();
        int nanos = duration.getNano();
        if (nanos == 0) {
            return seconds + "s";
        }
        if (seconds < 0) {
            seconds += 1;
            nanos = 1_000_000_000 - nanos;
            return (seconds == 0 ? "-0" : String.valueOf(seconds)) + "." + fraction(nanos) + "s";
        }
        return seconds + "." + fraction(nanos) + "s";
    }

    private static String fraction(int nanos) {
        String digits = String.format("%09d", nanos);
        return digits.replaceAll("0+$", "");
    }
}
