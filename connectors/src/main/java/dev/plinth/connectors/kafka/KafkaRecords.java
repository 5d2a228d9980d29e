package dev.plinth.connectors.kafka;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds the record a {@code publish} step sends: the value as JSON text, the key and header
 * values as text (non-string JSON as its JSON text), and the step's idempotency key in the
 * {@value #IDEMPOTENCY_HEADER} header so consumers can drop a record repeated by a retried step.
 */
final class KafkaRecords {

    static final String IDEMPOTENCY_HEADER = "plinth-idempotency-key";

    /** A step's {@code with} that cannot become a record; the message says which field to fix. */
    static final class InvalidRecord extends RuntimeException {
        InvalidRecord(String message) {
            super(message, null, false, false);
        }
    }

    private KafkaRecords() {
    }

    static ProducerRecord<String, String> of(JsonNode with, String defaultTopic, String idempotencyKey,
            JsonMapper json) {
        String topic = with.path("topic").isString() ? with.path("topic").asString() : defaultTopic;
        if (topic == null || topic.isBlank()) {
            throw new InvalidRecord("with.topic is required when the connector declares no topic");
        }
        if (with.path("value").isMissingNode()) {
            throw new InvalidRecord("with.value is required: the JSON to publish");
        }
        JsonNode headers = with.path("headers");
        if (!headers.isMissingNode() && !headers.isNull() && !headers.isObject()) {
            throw new InvalidRecord("with.headers must be an object of header names to values");
        }
        List<Header> recordHeaders = new ArrayList<>();
        for (var header : headers.properties()) {
            recordHeaders.add(new RecordHeader(header.getKey(), text(header.getValue()).getBytes(StandardCharsets.UTF_8)));
        }
        recordHeaders.add(new RecordHeader(IDEMPOTENCY_HEADER, idempotencyKey.getBytes(StandardCharsets.UTF_8)));
        JsonNode key = with.path("key");
        return new ProducerRecord<>(topic, null, key.isMissingNode() || key.isNull() ? null : text(key),
                json.writeValueAsString(with.path("value")), recordHeaders);
    }

    private static String text(JsonNode value) {
        return value.isString() ? value.asString() : value.toString();
    }
}
