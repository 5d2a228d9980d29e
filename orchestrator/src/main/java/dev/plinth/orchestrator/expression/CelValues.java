package dev.plinth.orchestrator.expression;

import dev.cel.common.values.CelByteString;
import dev.cel.common.values.NullValue;
import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.RandomAccess;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * JSON to CEL values. Objects and arrays become read-only views that convert their members on
 * access, so a large step output costs nothing until an expression actually reads into it.
 */
final class CelValues {

    private CelValues() {
    }

    static Object fromJson(@Nullable JsonNode node) {
        if (node == null) {
            return NullValue.NULL_VALUE;
        }
        return switch (node.getNodeType()) {
            case OBJECT -> new ObjectView(node);
            case ARRAY -> new ArrayView(node);
            case STRING -> node.stringValue();
            case BOOLEAN -> node.booleanValue();
            case NUMBER -> number(node);
            case BINARY -> CelByteString.of(node.binaryValue());
            case NULL, MISSING -> NullValue.NULL_VALUE;
            case POJO -> throw new IllegalArgumentException(
                    "run state must be plain JSON, found an embedded Java object");
        };
    }

    // CEL has int (64-bit) and double; integers that do not fit a long can only be doubles.
    private static Object number(JsonNode node) {
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        return node.doubleValue();
    }

    /** A JSON object seen as a CEL map with string keys. */
    static final class ObjectView extends AbstractMap<String, Object> {

        private final JsonNode node;

        ObjectView(JsonNode node) {
            this.node = node;
        }

        JsonNode node() {
            return node;
        }

        @Override
        public @Nullable Object get(Object key) {
            JsonNode member = key instanceof String name ? node.get(name) : null;
            return member == null ? null : fromJson(member);
        }

        @Override
        public boolean containsKey(Object key) {
            return key instanceof String name && node.has(name);
        }

        @Override
        public int size() {
            return node.size();
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, Object>> iterator() {
                    Iterator<Map.Entry<String, JsonNode>> members = node.properties().iterator();
                    return new Iterator<>() {
                        @Override
                        public boolean hasNext() {
                            return members.hasNext();
                        }

                        @Override
                        public Entry<String, Object> next() {
                            Map.Entry<String, JsonNode> member = members.next();
                            return new SimpleImmutableEntry<>(member.getKey(), fromJson(member.getValue()));
                        }
                    };
                }

                @Override
                public int size() {
                    return node.size();
                }
            };
        }
    }

    /** A JSON array seen as a CEL list. */
    static final class ArrayView extends AbstractList<Object> implements RandomAccess {

        private final JsonNode node;

        ArrayView(JsonNode node) {
            this.node = node;
        }

        JsonNode node() {
            return node;
        }

        @Override
        public Object get(int index) {
            if (index < 0 || index >= node.size()) {
                throw new IndexOutOfBoundsException(index);
            }
            return fromJson(node.get(index));
        }

        @Override
        public int size() {
            return node.size();
        }
    }
}
