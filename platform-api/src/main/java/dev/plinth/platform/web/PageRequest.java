package dev.plinth.platform.web;

import dev.plinth.platform.problem.ApiException;
import dev.plinth.platform.problem.ProblemType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.data.domain.KeysetScrollPosition;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.ScrollPosition;

/**
 * A cursor-paginated list request: an opaque cursor (the keyset position after the last item the
 * client saw) and a page size. Cursors are opaque to clients; inside they are the keyset values of
 * the last row, so pages stay stable while rows are inserted.
 */
public record PageRequest(ScrollPosition position, Limit limit) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    /** Parses the {@code cursor} and {@code limit} query parameters, refusing bad values with a 400. */
    public static PageRequest of(String cursor, Integer limit) {
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw new ApiException(ProblemType.INVALID_PARAMETER,
                    "Query parameter 'limit' must be between 1 and " + MAX_LIMIT).with("parameter", "limit");
        }
        ScrollPosition position = cursor == null || cursor.isBlank()
                ? ScrollPosition.keyset() : decode(cursor);
        return new PageRequest(position, Limit.of(size));
    }

    static String encode(ScrollPosition position) {
        if (!(position instanceof KeysetScrollPosition keyset)) {
            throw new IllegalArgumentException("Only keyset positions are encoded as cursors");
        }
        StringBuilder text = new StringBuilder();
        keyset.getKeys().forEach((key, value) -> text.append(key).append('=').append(tag(value)).append('\n'));
        return ENCODER.encodeToString(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static ScrollPosition decode(String cursor) {
        try {
            String text = new String(DECODER.decode(cursor), StandardCharsets.UTF_8);
            Map<String, Object> keys = new LinkedHashMap<>();
            for (String line : text.split("\n")) {
                int equals = line.indexOf('=');
                keys.put(line.substring(0, equals), untag(line.substring(equals + 1)));
            }
            return ScrollPosition.forward(keys);
        } catch (RuntimeException malformed) {
            throw new ApiException(ProblemType.INVALID_PARAMETER,
                    "Query parameter 'cursor' is not a cursor this API returned; start again without it")
                    .with("parameter", "cursor");
        }
    }

    // Cursor values keep their Java type so the keyset query compares like with like.
    private static String tag(Object value) {
        if (value instanceof Integer i) {
            return "i:" + i;
        }
        if (value instanceof Long l) {
            return "l:" + l;
        }
        if (value instanceof Instant t) {
            return "t:" + t;
        }
        if (value instanceof UUID u) {
            return "u:" + u;
        }
        return "s:" + value;
    }

    private static Object untag(String tagged) {
        String value = tagged.substring(2);
        return switch (tagged.substring(0, 2)) {
            case "i:" -> Integer.valueOf(value);
            case "l:" -> Long.valueOf(value);
            case "t:" -> Instant.parse(value);
            case "u:" -> UUID.fromString(value);
            case "s:" -> value;
            default -> throw new IllegalArgumentException("unknown cursor value tag");
        };
    }
}
