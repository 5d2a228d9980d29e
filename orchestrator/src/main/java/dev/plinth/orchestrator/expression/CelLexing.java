package dev.plinth.orchestrator.expression;

/**
 * The little CEL lexing that the step-id rewrite and the template parser need: both must step
 * over string literals so that a {@code "}"} or {@code "steps.a-b"} inside quotes is left alone.
 */
final class CelLexing {

    static final int UNTERMINATED = -1;

    private CelLexing() {
    }

    static boolean isIdentifierStart(char c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static boolean isIdentifierPart(char c) {
        return isIdentifierStart(c) || (c >= '0' && c <= '9');
    }

    static boolean isQuote(char c) {
        return c == '"' || c == '\'';
    }

    /**
     * Returns the index just past the string literal whose opening quote is at {@code start}, or
     * {@link #UNTERMINATED}. Understands triple quotes and the raw prefix ({@code r"\d"}).
     */
    static int skipStringLiteral(CharSequence text, int start) {
        char quote = text.charAt(start);
        boolean raw = hasRawPrefix(text, start);
        boolean triple = start + 2 < text.length()
                && text.charAt(start + 1) == quote && text.charAt(start + 2) == quote;
        int closingLength = triple ? 3 : 1;
        int i = start + closingLength;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\' && !raw) {
                i += 2;
            } else if (c == quote && closes(text, i, quote, closingLength)) {
                return i + closingLength;
            } else if (!triple && (c == '\n' || c == '\r')) {
                return UNTERMINATED;
            } else {
                i++;
            }
        }
        return UNTERMINATED;
    }

    private static boolean closes(CharSequence text, int at, char quote, int length) {
        if (at + length > text.length()) {
            return false;
        }
        for (int k = 0; k < length; k++) {
            if (text.charAt(at + k) != quote) {
                return false;
            }
        }
        return true;
    }

    // A prefix is up to two letters out of r/R/b/B right before the quote; it only counts when it
    // does not end a longer identifier (which would not be valid CEL anyway).
    private static boolean hasRawPrefix(CharSequence text, int quoteIndex) {
        boolean raw = false;
        int i = quoteIndex - 1;
        for (int letters = 0; letters < 2 && i >= 0 && "rRbB".indexOf(text.charAt(i)) >= 0; letters++) {
            raw |= text.charAt(i) == 'r' || text.charAt(i) == 'R';
            i--;
        }
        return raw && (i < 0 || !isIdentifierPart(text.charAt(i)));
    }
}
