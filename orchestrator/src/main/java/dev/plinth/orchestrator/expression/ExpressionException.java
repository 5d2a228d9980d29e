package dev.plinth.orchestrator.expression;

import org.jspecify.annotations.Nullable;

/**
 * An expression could not be compiled or evaluated. The message names the problem, its position
 * and the expression text, and never carries Java internals, so it can be shown to the author of
 * the definition and stored in run history.
 */
public final class ExpressionException extends RuntimeException {

    private static final int MAX_QUOTED_LENGTH = 200;

    /** What went wrong, for mapping to a problem type. */
    public enum Kind {
        /** The expression does not compile: syntax, unknown variable, impossible types. */
        INVALID,
        /** A field, key, index or variable the expression reads is not there. */
        MISSING_VALUE,
        /** An operation got a value of the wrong type, or a condition was not a bool. */
        TYPE_MISMATCH,
        /** A sandbox limit was hit: source length, nesting, iterations or cost. */
        LIMIT_EXCEEDED,
        /** Any other evaluation failure, such as a division by zero or an overflow. */
        FAILED
    }

    private final Kind kind;
    private final String problem;
    private final String expression;
    private final int line;
    private final int column;
    private final String pointer;

    ExpressionException(Kind kind, String problem, String expression, ExpressionSource.Position position) {
        this(kind, problem, expression, position.line(), position.column(), "");
    }

    private ExpressionException(
            Kind kind, String problem, String expression, int line, int column, String pointer) {
        super(format(problem, expression, line, column, pointer), null, false, false);
        this.kind = kind;
        this.problem = problem;
        this.expression = expression;
        this.line = line;
        this.column = column;
        this.pointer = pointer;
    }

    /** The kind of failure. */
    public Kind kind() {
        return kind;
    }

    /** The problem alone, without position or expression text. */
    public String problem() {
        return problem;
    }

    /** The expression as written by the author. */
    public String expression() {
        return expression;
    }

    /** 1-based line of the problem within the expression, or 0 when unknown. */
    public int line() {
        return line;
    }

    /** 1-based column of the problem within its line, or 0 when unknown. */
    public int column() {
        return column;
    }

    /** JSON pointer of the template string holding the expression, or "" when not known. */
    public String pointer() {
        return pointer;
    }

    ExpressionException at(String jsonPointer) {
        return new ExpressionException(kind, problem, expression, line, column, jsonPointer);
    }

    static ExpressionException withoutPosition(Kind kind, String problem, String expression) {
        return new ExpressionException(kind, problem, expression, ExpressionSource.Position.UNKNOWN);
    }

    // Position first, as compilers print it: "/with/body: column 19: no field 'y' in `...`".
    private static String format(
            String problem, String expression, int line, int column, @Nullable String pointer) {
        StringBuilder message = new StringBuilder();
        if (pointer != null && !pointer.isEmpty()) {
            message.append(pointer).append(": ");
        }
        message.append(where(line, column)).append(problem);
        return message.append(" in `").append(quote(expression)).append('`').toString();
    }

    static String where(int line, int column) {
        if (line > 1) {
            return "line " + line + ", column " + column + ": ";
        }
        return column > 0 ? "column " + column + ": " : "";
    }

    private static String quote(String expression) {
        return expression.length() <= MAX_QUOTED_LENGTH
                ? expression
                : expression.substring(0, MAX_QUOTED_LENGTH) + "…";
    }
}
