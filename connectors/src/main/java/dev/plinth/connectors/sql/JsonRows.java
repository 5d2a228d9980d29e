package dev.plinth.connectors.sql;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.temporal.TemporalAccessor;
import java.util.Base64;
import java.util.Locale;
import org.springframework.jdbc.core.ResultSetExtractor;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a result set into {@code {rows, rowCount, truncated}}, one JSON object per row keyed by
 * column label, with values a JSON reader can use: numbers stay numbers, temporal values become
 * ISO-8601 strings, json/jsonb columns become JSON, binary becomes base64.
 */
final class JsonRows implements ResultSetExtractor<ObjectNode> {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final int maxRows;
    private final JsonMapper json;

    JsonRows(int maxRows, JsonMapper json) {
        this.maxRows = maxRows;
        this.json = json;
    }

    @Override
    public ObjectNode extractData(ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        ArrayNode rows = NODES.arrayNode();
        boolean truncated = false;
        while (rs.next()) {
            if (rows.size() == maxRows) {
                truncated = true;
                break;
            }
            ObjectNode row = NODES.objectNode();
            for (int column = 1; column <= meta.getColumnCount(); column++) {
                row.set(meta.getColumnLabel(column), value(rs, column, meta.getColumnTypeName(column)));
            }
            rows.add(row);
        }
        ObjectNode result = NODES.objectNode();
        result.set("rows", rows);
        result.put("rowCount", rows.size());
        result.put("truncated", truncated);
        return result;
    }

    private JsonNode value(ResultSet rs, int column, String typeName) throws SQLException {
        Object value = rs.getObject(column);
        if (value == null) {
            return NODES.nullNode();
        }
        String type = typeName == null ? "" : typeName.toLowerCase(Locale.ROOT);
        if (type.equals("json") || type.equals("jsonb")) {
            return parsed(rs.getString(column));
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return type.contains("tz") ? NODES.stringNode(rs.getObject(column, OffsetDateTime.class).toString())
                    : NODES.stringNode(timestamp.toLocalDateTime().toString());
        }
        return convert(value);
    }

    private JsonNode convert(Object value) throws SQLException {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof Boolean bool) {
            return NODES.booleanNode(bool);
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte || value instanceof Long) {
            return NODES.numberNode(((Number) value).longValue());
        }
        if (value instanceof BigInteger number) {
            return NODES.numberNode(number);
        }
        if (value instanceof BigDecimal number) {
            return NODES.numberNode(number);
        }
        if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            return Double.isFinite(number) ? NODES.numberNode(number) : NODES.stringNode(value.toString());
        }
        if (value instanceof java.sql.Date date) {
            return NODES.stringNode(date.toLocalDate().toString());
        }
        if (value instanceof java.sql.Time time) {
            return NODES.stringNode(time.toLocalTime().toString());
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return NODES.stringNode(timestamp.toLocalDateTime().toString());
        }
        if (value instanceof TemporalAccessor) {
            return NODES.stringNode(value.toString());
        }
        if (value instanceof byte[] bytes) {
            return NODES.stringNode(Base64.getEncoder().encodeToString(bytes));
        }
        if (value instanceof Array array) {
            return elements((Object[]) array.getArray());
        }
        if (value instanceof Object[] elements) {
            return elements(elements);
        }
        return NODES.stringNode(value.toString());
    }

    private ArrayNode elements(Object[] elements) throws SQLException {
        ArrayNode array = NODES.arrayNode();
        for (Object element : elements) {
            array.add(convert(element));
        }
        return array;
    }

    private JsonNode parsed(String text) {
        try {
            return json.readTree(text);
        } catch (JacksonException notJson) {
            return NODES.stringNode(text);
        }
    }
}
