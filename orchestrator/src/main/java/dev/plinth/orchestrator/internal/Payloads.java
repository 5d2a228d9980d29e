package dev.plinth.orchestrator.internal;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Large step outputs, stored once in {@code orchestrator.payloads} and referenced everywhere else
 * ({@code {"plinth:payload": id, "bytes": n}}): the attempt row, the run's state and every copy of
 * it a child run takes hold the reference, and expressions, the API and run history see the
 * output itself. Payloads never change, so they are cached by id, bounded by size.
 */
class Payloads {

    static final String REFERENCE = "plinth:payload";

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final long inlineLimit;
    private final Cache<Long, JsonNode> cache;

    Payloads(JdbcClient jdbc, JsonMapper json, DataSize inlineLimit, DataSize cacheSize) {
        this.jdbc = jdbc;
        this.json = json;
        this.inlineLimit = inlineLimit.toBytes();
        this.cache = CacheBuilder.newBuilder().maximumWeight(cacheSize.toBytes())
                .<Long, JsonNode>weigher((id, content) -> Math.max(1, content.toString().length())).build();
    }

    /** The output as the run keeps it: itself when small, else a reference to its stored copy. */
    JsonNode keep(UUID runId, JsonNode output) {
        if (output == null || !(output.isObject() || output.isArray())) {
            return output;
        }
        String text = json.writeValueAsString(output);
        if (text.length() <= inlineLimit) {
            return output;
        }
        long id = jdbc.sql("insert into orchestrator.payloads (run_id, content, bytes, created_at) "
                        + "values (?, ?::jsonb, ?, ?) returning id")
                .params(runId, text, text.length(), Timestamp.from(Instant.now())).query(Long.class).single();
        cache.put(id, output);
        return JsonNodeFactory.instance.objectNode().put(REFERENCE, id).put("bytes", text.length());
    }

    /** {@code node} with every payload reference in it replaced by the payload (a copy when any is). */
    JsonNode resolve(JsonNode node) {
        if (node == null || !contains(node)) {
            return node;
        }
        return replace(node.deepCopy());
    }

    private JsonNode replace(JsonNode node) {
        if (isReference(node)) {
            return load(node.path(REFERENCE).asLong());
        }
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.properties().iterator();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                field.setValue(replace(field.getValue()));
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, replace(array.get(i)));
            }
        }
        return node;
    }

    private static boolean contains(JsonNode node) {
        if (isReference(node)) {
            return true;
        }
        for (JsonNode child : node) {
            if ((child.isObject() || child.isArray()) && contains(child)) {
                return true;
            }
        }
        return false;
    }

    static boolean isReference(JsonNode node) {
        return node.isObject() && node.size() == 2 && node.path(REFERENCE).isIntegralNumber() && node.has("bytes");
    }

    private JsonNode load(long id) {
        try {
            return cache.get(id, () -> json.readTree(jdbc.sql("select content::text from orchestrator.payloads "
                    + "where id = ?").param(id).query(String.class).single())).deepCopy();
        } catch (ExecutionException failure) {
            throw new IllegalStateException("Payload " + id + " could not be read", failure.getCause());
        }
    }
}
