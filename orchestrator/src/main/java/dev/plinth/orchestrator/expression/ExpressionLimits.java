package dev.plinth.orchestrator.expression;

/**
 * Sandbox limits for expressions. The defaults keep any single evaluation to a few milliseconds
 * of work and a few megabytes of memory, whatever the expression or the run data.
 *
 * @param maxSourceLength longest accepted expression, in characters
 * @param maxNestingDepth deepest accepted nesting of parentheses, calls and literals
 * @param maxIterations comprehension iterations ({@code map}, {@code filter}, {@code exists} …)
 *     allowed in one evaluation, counted across nested comprehensions
 * @param maxCost evaluation cost allowed in one evaluation: one unit per evaluated node plus the
 *     size of every string, bytes or list built by {@code +}
 * @param maxRegexProgramSize largest RE2 program a {@code matches()} pattern may compile to
 * @param compileCacheSize how many compiled expressions are kept for reuse
 */
public record ExpressionLimits(
        int maxSourceLength,
        int maxNestingDepth,
        int maxIterations,
        long maxCost,
        int maxRegexProgramSize,
        int compileCacheSize) {

    private static final ExpressionLimits DEFAULTS =
            new ExpressionLimits(4096, 64, 10_000, 1_000_000, 1_000, 2_000);

    public ExpressionLimits {
        requirePositive(maxSourceLength, "maxSourceLength");
        requirePositive(maxNestingDepth, "maxNestingDepth");
        requirePositive(maxIterations, "maxIterations");
        requirePositive(maxCost, "maxCost");
        requirePositive(maxRegexProgramSize, "maxRegexProgramSize");
        requirePositive(compileCacheSize, "compileCacheSize");
    }

    /** The limits used when none are given. */
    public static ExpressionLimits defaults() {
        return DEFAULTS;
    }

    private static void requirePositive(long value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
