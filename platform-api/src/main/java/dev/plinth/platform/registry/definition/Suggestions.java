package dev.plinth.platform.registry.definition;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** "Did you mean ...?" suggestions for misspelt property names, enum values and references. */
final class Suggestions {

    private static final int MAX_LISTED = 12;

    private Suggestions() {
    }

    /**
     * The candidate closest to {@code input}, if one is close enough to be a likely typo, or else
     * the shortest candidate that contains it or is contained in it ({@code daily} for
     * {@code daily-digest}).
     */
    static Optional<String> closest(String input, Collection<String> candidates) {
        return closestByEdits(input, candidates).or(() -> closestByContainment(input, candidates));
    }

    private static Optional<String> closestByContainment(String input, Collection<String> candidates) {
        String needle = input.toLowerCase(Locale.ROOT);
        if (needle.length() < 3) {
            return Optional.empty();
        }
        return candidates.stream()
            .filter(candidate -> !candidate.equals(input))
            .filter(candidate -> candidate.toLowerCase(Locale.ROOT).contains(needle)
                    || (candidate.length() >= 3 && needle.contains(candidate.toLowerCase(Locale.ROOT))))
            .min(java.util.Comparator.comparingInt(String::length));
    }

    private static Optional<String> closestByEdits(String input, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int distance = distance(input.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance && !candidate.equals(input)) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return bestDistance <= tolerance(input) ? Optional.of(best) : Optional.empty();
    }

    /** {@code "did you mean `x`?"}, or an empty string when nothing is close. */
    static String didYouMean(String input, Collection<String> candidates) {
        return closest(input, candidates).map(match -> "did you mean `" + match + "`?").orElse("");
    }

    /** A short back-quoted list, cut off after a dozen entries so hints stay readable. */
    static String list(Collection<String> values) {
        return list(values, MAX_LISTED);
    }

    /** A back-quoted list of at most {@code limit} entries. */
    static String list(Collection<String> values, int limit) {
        String listed = values.stream().limit(limit).map(value -> "`" + value + "`")
            .collect(Collectors.joining(", "));
        return values.size() > limit ? listed + ", ..." : listed;
    }

    private static int tolerance(String input) {
        if (input.length() <= 4) {
            return 1;
        }
        return input.length() <= 8 ? 2 : 3;
    }

    /** Levenshtein distance; names here are short, so the quadratic table is fine. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

}
