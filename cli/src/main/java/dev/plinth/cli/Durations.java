package dev.plinth.cli;

import java.time.Duration;
import java.util.Locale;

/** Parses {@code --timeout} values: {@code 90s}, {@code 5m}, {@code 1h} or ISO-8601 such as {@code PT5M}. */
final class Durations {

    private Durations() {
    }

    static Duration parse(String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        if (text.startsWith("p")) {
            return Duration.parse(text.toUpperCase(Locale.ROOT));
        }
        long amount = Long.parseLong(text.substring(0, text.length() - 1));
        return switch (text.charAt(text.length() - 1)) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            default -> throw new IllegalArgumentException("'" + value + "' is not a duration like 90s, 5m or 1h");
        };
    }
}
