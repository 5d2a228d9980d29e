package dev.plinth.orchestrator.expression;

/**
 * Lets authors write hyphenated step ids in dotted paths: {@code steps.recent-orders.output} is
 * compiled as {@code steps["recent-orders"].output}.
 *
 * <p>The rule: outside string literals, where the identifier {@code steps} (not itself a field,
 * i.e. not preceded by {@code .}) is followed by {@code .} and a segment made of identifier
 * parts joined by single hyphens ({@code [A-Za-z_][A-Za-z0-9_]*(-[A-Za-z0-9_]+)+}), that
 * {@code .segment} becomes {@code ["segment"]}. Only the step id right after {@code steps} is
 * rewritten: there a hyphen can never mean subtraction, since subtracting from a step map is
 * always a type error, so the rewrite never changes the meaning of a valid expression. Deeper
 * keys with hyphens keep CEL's meaning ({@code a.b-c} subtracts) and are written with index
 * syntax: {@code input["content-type"]}.
 */
final class StepIdRewriter {

    private static final String ROOT = "steps";

    private StepIdRewriter() {
    }

    static ExpressionSource rewrite(String source) {
        StringBuilder out = null;
        int[] originalIndex = null;
        int copiedUpTo = 0;
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (CelLexing.isQuote(c)) {
                int end = CelLexing.skipStringLiteral(source, i);
                if (end == CelLexing.UNTERMINATED) {
                    break; // the compiler reports the unterminated literal
                }
                i = end;
            } else if (CelLexing.isIdentifierStart(c)) {
                int end = identifierEnd(source, i);
                int segmentEnd = isStepsRoot(source, i, end) ? hyphenatedSegmentEnd(source, end + 1) : -1;
                if (segmentEnd < 0) {
                    i = end;
                    continue;
                }
                if (out == null) {
                    out = new StringBuilder(source.length() + 16);
                    originalIndex = new int[source.length() * 2 + 1];
                }
                copy(source, copiedUpTo, end, out, originalIndex);
                append("[\"", end, out, originalIndex);
                copy(source, end + 1, segmentEnd, out, originalIndex);
                append("\"]", segmentEnd, out, originalIndex);
                copiedUpTo = segmentEnd;
                i = segmentEnd;
            } else {
                i++;
            }
        }
        if (out == null) {
            return new ExpressionSource(source, source, null);
        }
        copy(source, copiedUpTo, source.length(), out, originalIndex);
        originalIndex[out.length()] = source.length();
        return new ExpressionSource(source, out.toString(), originalIndex);
    }

    private static boolean isStepsRoot(String source, int start, int end) {
        return end - start == ROOT.length()
                && source.startsWith(ROOT, start)
                && (start == 0 || source.charAt(start - 1) != '.')
                && end < source.length() && source.charAt(end) == '.';
    }

    /** End of a hyphenated segment starting at {@code start}, or -1 when there is none. */
    private static int hyphenatedSegmentEnd(String source, int start) {
        if (start >= source.length() || !CelLexing.isIdentifierStart(source.charAt(start))) {
            return -1;
        }
        int i = identifierEnd(source, start);
        boolean hyphenated = false;
        while (i + 1 < source.length() && source.charAt(i) == '-'
                && CelLexing.isIdentifierPart(source.charAt(i + 1))) {
            i = identifierEnd(source, i + 1);
            hyphenated = true;
        }
        return hyphenated ? i : -1;
    }

    private static int identifierEnd(String source, int start) {
        int i = start;
        while (i < source.length() && CelLexing.isIdentifierPart(source.charAt(i))) {
            i++;
        }
        return i;
    }

    private static void copy(String source, int from, int to, StringBuilder out, int[] originalIndex) {
        for (int k = from; k < to; k++) {
            originalIndex[out.length()] = k;
            out.append(source.charAt(k));
        }
    }

    // Inserted brackets and quotes point at the nearest original character.
    private static void append(String text, int originalAt, StringBuilder out, int[] originalIndex) {
        for (int k = 0; k < text.length(); k++) {
            originalIndex[out.length()] = originalAt;
            out.append(text.charAt(k));
        }
    }
}
