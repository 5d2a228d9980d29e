package dev.plinth.orchestrator.expression;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a template string into literal text and {@code ${...}} expressions.
 *
 * <ul>
 *   <li><code>$${</code> is an escaped, literal <code>${</code>.
 *   <li>{@code ${secret:name}} stays literal text: secrets are resolved elsewhere.
 *   <li>An expression ends at the first <code>}</code> that closes no <code>{</code> of its own
 *       and is not inside a string literal, so map literals and <code>"}"</code> work inside
 *       {@code ${...}}.
 * </ul>
 */
final class TemplateParser {

    private static final String OPEN = "${";
    private static final String ESCAPED_OPEN = "$${";
    private static final String SECRET_OPEN = "${secret:";

    /** A piece of a template string. */
    sealed interface Segment permits Text, Expression {
    }

    record Text(String text) implements Segment {
    }

    /** An expression and the index of its first character in the template string. */
    record Expression(String source, int offset) implements Segment {
    }

    /** A template string that cannot be split; {@code offset} is where the problem starts. */
    static final class SyntaxError extends Exception {

        private final int offset;

        SyntaxError(String message, int offset) {
            super(message, null, false, false);
            this.offset = offset;
        }

        int offset() {
            return offset;
        }
    }

    private TemplateParser() {
    }

    static boolean mayContainExpressions(String text) {
        return text.contains(OPEN);
    }

    static List<Segment> parse(String text) throws SyntaxError {
        List<Segment> segments = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith(ESCAPED_OPEN, i)) {
                literal.append(OPEN);
                i += ESCAPED_OPEN.length();
            } else if (text.startsWith(SECRET_OPEN, i)) {
                int end = text.indexOf('}', i);
                if (end < 0) {
                    throw new SyntaxError("'${secret:' is not closed by '}'", i);
                }
                literal.append(text, i, end + 1);
                i = end + 1;
            } else if (text.startsWith(OPEN, i)) {
                int start = i + OPEN.length();
                int end = expressionEnd(text, start);
                if (text.substring(start, end).isBlank()) {
                    throw new SyntaxError("'${}' holds no expression", i);
                }
                flush(literal, segments);
                segments.add(new Expression(text.substring(start, end), start));
                i = end + 1;
            } else {
                literal.append(text.charAt(i));
                i++;
            }
        }
        flush(literal, segments);
        return segments;
    }

    private static int expressionEnd(String text, int start) throws SyntaxError {
        int depth = 0;
        int i = start;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (CelLexing.isQuote(c)) {
                i = CelLexing.skipStringLiteral(text, i);
                if (i == CelLexing.UNTERMINATED) {
                    throw new SyntaxError("a string literal inside '${' is not closed", start);
                }
                continue;
            }
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                if (depth == 0) {
                    return i;
                }
                depth--;
            }
            i++;
        }
        throw new SyntaxError("'${' is not closed by '}'", start - OPEN.length());
    }

    private static void flush(StringBuilder literal, List<Segment> segments) {
        if (!literal.isEmpty()) {
            segments.add(new Text(literal.toString()));
            literal.setLength(0);
        }
    }
}
