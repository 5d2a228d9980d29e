package dev.plinth.connectors.internal.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Turns responses into step output ({@code status}, {@code headers}, {@code body}) and reads {@code Retry-After}. */
final class HttpResponses {

    /** The largest response body kept; a step's output is stored in its run history. */
    static final int MAX_BODY_BYTES = 1024 * 1024;

    private final JsonMapper json;
    private final Clock clock;

    HttpResponses(JsonMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    /** Reads the body, at most {@link #MAX_BODY_BYTES}; more fails the read. */
    static String body(HttpResponse<InputStream> response) throws IOException {
        try (InputStream in = response.body()) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw new ResponseTooLarge();
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    ObjectNode output(HttpResponse<?> response, String body) {
        ObjectNode output = JsonNodeFactory.instance.objectNode();
        output.put("status", response.statusCode());
        ObjectNode headers = output.putObject("headers");
        for (Map.Entry<String, List<String>> header : response.headers().map().entrySet()) {
            if (header.getKey().startsWith(":")) {
                continue; // HTTP/2 pseudo-headers
            }
            if (header.getValue().size() == 1) {
                headers.put(header.getKey().toLowerCase(java.util.Locale.ROOT), header.getValue().get(0));
            } else {
                header.getValue().forEach(value -> headers.withArray(header.getKey().toLowerCase(java.util.Locale.ROOT))
                        .add(value));
            }
        }
        output.set("body", parsed(response, body));
        return output;
    }

    private JsonNode parsed(HttpResponse<?> response, String body) {
        if (body == null || body.isEmpty()) {
            return JsonNodeFactory.instance.nullNode();
        }
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (type.contains("json")) {
            try {
                return json.readTree(body);
            } catch (JacksonException notJson) {
                return JsonNodeFactory.instance.stringNode(body);
            }
        }
        return JsonNodeFactory.instance.stringNode(body);
    }

    /** The wait a {@code Retry-After} header asks for, in seconds or as an HTTP date. */
    Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").map(String::strip).flatMap(value -> {
            try {
                return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value))));
            } catch (NumberFormatException notSeconds) {
                try {
                    Duration until = Duration.between(clock.instant(),
                            ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                    return Optional.of(until.isNegative() ? Duration.ZERO : until);
                } catch (DateTimeParseException neither) {
                    return Optional.empty();
                }
            }
        });
    }

    /** A short, single-line excerpt of an error body for the step's error message. */
    static String excerpt(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String line = body.strip().replaceAll("\\s+", " ");
        return ": " + (line.length() > 300 ? line.substring(0, 300) + "..." : line);
    }

    /** The response body exceeded {@link #MAX_BODY_BYTES}. */
    static final class ResponseTooLarge extends IOException {
        ResponseTooLarge() {
            super("the response body is larger than " + MAX_BODY_BYTES + " bytes");
        }
    }
}
