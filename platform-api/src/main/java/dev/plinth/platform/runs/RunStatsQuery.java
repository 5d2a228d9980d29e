package dev.plinth.platform.runs;

import dev.plinth.platform.problem.ApiException;
import dev.plinth.platform.problem.InputError;
import dev.plinth.platform.problem.ProblemType;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The window and bucket width of a statistics request: {@code from} (default an hour before
 * {@code to}), {@code to} (default now) and {@code bucket}. {@code from} is rounded down to a bucket
 * boundary so that buckets line up across requests. Every bad parameter is reported at once.
 */
record RunStatsQuery(Instant from, Instant to, String bucketName, Duration bucket) {

    static final int MAX_BUCKETS = 1440;
    static final Map<String, Duration> BUCKETS = Map.of("1m", Duration.ofMinutes(1), "5m", Duration.ofMinutes(5),
            "15m", Duration.ofMinutes(15), "1h", Duration.ofHours(1), "1d", Duration.ofDays(1));
    private static final String WIDTHS = "1m, 5m, 15m, 1h or 1d";

    static RunStatsQuery parse(String from, String to, String bucket, Instant now) {
        List<InputError> errors = new ArrayList<>();
        String name = bucket == null || bucket.isBlank() ? "1m" : bucket.trim();
        Duration width = BUCKETS.get(name);
        if (width == null) {
            errors.add(InputError.of("/bucket", "bucket must be " + WIDTHS, "e.g. bucket=5m"));
        }
        Instant until = instant(errors, "/to", to, now);
        Instant since = instant(errors, "/from", from, until == null ? null : until.minus(Duration.ofHours(1)));
        if (errors.isEmpty()) {
            since = Instant.ofEpochSecond(Math.floorDiv(since.getEpochSecond(), width.toSeconds()) * width.toSeconds());
            if (!since.isBefore(until)) {
                errors.add(InputError.of("/to", "to must be after from", null));
            } else if (Duration.between(since, until).dividedBy(width) >= MAX_BUCKETS) {
                errors.add(InputError.of("/from", "the window holds more than " + MAX_BUCKETS + " buckets of " + name,
                        "shorten the window or choose a wider bucket"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ApiException(ProblemType.VALIDATION_FAILED, "Invalid statistics query: "
                    + errors.stream().map(InputError::message).reduce((a, b) -> a + "; " + b).orElseThrow(), errors);
        }
        return new RunStatsQuery(since, until, name, width);
    }

    /** The start of every bucket of the window, oldest first. */
    List<Instant> bucketStarts() {
        List<Instant> starts = new ArrayList<>();
        for (Instant start = from; start.isBefore(to); start = start.plus(bucket)) {
            starts.add(start);
        }
        return starts;
    }

    private static Instant instant(List<InputError> errors, String pointer, String value, Instant fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException malformed) {
            errors.add(InputError.of(pointer, pointer.substring(1) + " must be an ISO-8601 instant",
                    "e.g. 2026-01-31T12:00:00Z"));
            return null;
        }
    }
}
