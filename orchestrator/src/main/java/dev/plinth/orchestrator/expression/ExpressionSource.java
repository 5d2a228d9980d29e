package dev.plinth.orchestrator.expression;

import org.jspecify.annotations.Nullable;

/**
 * An expression as written and as handed to CEL after the step-id rewrite, with the mapping
 * between the two, so positions reported by CEL are shown in the author's own text.
 */
final class ExpressionSource {

    private final String original;
    private final String rewritten;
    // rewritten char index -> original char index; null when the rewrite changed nothing
    private final int @Nullable [] originalIndex;

    ExpressionSource(String original, String rewritten, int @Nullable [] originalIndex) {
        this.original = original;
        this.rewritten = rewritten;
        this.originalIndex = originalIndex;
    }

    String original() {
        return original;
    }

    String rewritten() {
        return rewritten;
    }

    /** A 1-based line and column in the original text; 0, 0 when unknown. */
    record Position(int line, int column) {

        static final Position UNKNOWN = new Position(0, 0);
    }

    /** Position in the original text of a code point offset into the rewritten text. */
    Position position(int rewrittenCodePointOffset) {
        if (rewrittenCodePointOffset < 0
                || rewrittenCodePointOffset > rewritten.codePointCount(0, rewritten.length())) {
            return Position.UNKNOWN;
        }
        int rewrittenIndex = rewritten.offsetByCodePoints(0, rewrittenCodePointOffset);
        int index = originalIndex == null ? rewrittenIndex : originalIndex[rewrittenIndex];
        int lineStart = original.lastIndexOf('\n', index - 1) + 1;
        int line = 1 + (int) original.substring(0, lineStart).chars().filter(c -> c == '\n').count();
        int column = original.codePointCount(lineStart, index) + 1;
        return new Position(line, column);
    }
}
