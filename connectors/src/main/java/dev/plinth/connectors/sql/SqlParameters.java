package dev.plinth.connectors.sql;

import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import tools.jackson.databind.JsonNode;

/**
 * Turns a step's {@code with.params} object into bound values for the statement's {@code :name}
 * parameters. Values are always bound, never spliced into the SQL text. A JSON array of scalars
 * becomes a list (usable as {@code in (:ids)}); an object or nested array is bound as its JSON text.
 */
final class SqlParameters {

    private SqlParameters() {
    }

    static MapSqlParameterSource of(JsonNode params) {
        MapSqlParameterSource source = new MapSqlParameterSource();
        if (params == null || params.isMissingNode() || params.isNull()) {
            return source;
        }
        for (var entry : params.properties()) {
            source.addValue(entry.getKey(), value(entry.getValue(), true));
        }
        return source;
    }

    private static Object value(JsonNode node, boolean top) {
        if (node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isString()) {
            return node.asString();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.asLong() : node.bigIntegerValue();
        }
        if (node.isNumber()) {
            return node.decimalValue();
        }
        if (top && node.isArray() && scalars(node)) {
            List<Object> values = new ArrayList<>();
            node.forEach(element -> values.add(value(element, false)));
            return values;
        }
        return node.toString();
    }

    private static boolean scalars(JsonNode array) {
        for (JsonNode element : array) {
            if (element.isContainer()) {
                return false;
            }
        }
        return !array.isEmpty();
    }
}
