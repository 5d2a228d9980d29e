package dev.plinth.orchestrator.expression;

import dev.cel.common.CelIssue;
import dev.cel.common.CelValidationException;
import dev.cel.runtime.CelEvaluationException;
import dev.plinth.orchestrator.expression.ExpressionException.Kind;
import dev.plinth.orchestrator.expression.ExpressionSource.Position;
import java.util.List;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Turns CEL's exceptions into {@link ExpressionException}s an author can act on: positions in
 * their own text, wording for people rather than for CEL developers, and nothing from Java.
 */
final class CelErrors {

    // CelEvaluationExceptionBuilder formats "evaluation error at <description>:<offset>: <message>"
    private static final Pattern EVALUATION_MESSAGE =
            Pattern.compile("evaluation error(?: at [^:]*:(\\d+))?: (.*)", Pattern.DOTALL);
    private static final Pattern MISSING_KEY = Pattern.compile("key '(.*)' is not present in map\\.?");
    private static final Pattern NO_OVERLOAD = Pattern.compile("No matching overload for function '([^']*)'.*",
            Pattern.DOTALL);
    private static final Pattern COMPILE_NO_OVERLOAD =
            Pattern.compile("found no matching overload for '([^']*)' applied to '(.*)' \\(candidates: .*\\)");
    private static final Pattern UNEXPECTED_INPUT =
            Pattern.compile("(?:mismatched|extraneous) input '(.*)' expecting .*", Pattern.DOTALL);
    // ANTLR quotes all input since the last good token; the last word is the culprit
    private static final Pattern NO_VIABLE_ALTERNATIVE =
            Pattern.compile("no viable alternative at input '(?:.*?)(\\S*)'", Pattern.DOTALL);
    private static final Pattern REGEX_TOO_BIG =
            Pattern.compile("Regex pattern exceeds allowed program size\\. Allowed: (\\d+), Provided: (\\d+)");
    private static final String UNDECLARED = "undeclared reference to ";
    private static final Pattern NUMBER = Pattern.compile("\\d+");
    private static final Set<String> ARITHMETIC = Set.of("_+_", "_-_", "_*_", "_/_", "_%_");
    // JSON numbers keep their int/double nature, and CEL never mixes the two in arithmetic.
    private static final String ARITHMETIC_HINT =
            " (operands must have the same type: convert with double(x), int(x) or string(x))";
    private static final String VARIABLES = "input, steps, vars, item, index, run";

    private CelErrors() {
    }

    static ExpressionException compileFailure(ExpressionSource source, CelValidationException e) {
        List<CelIssue> issues = e.getErrors();
        if (issues.isEmpty()) {
            return ExpressionException.withoutPosition(Kind.INVALID, "the expression is invalid", source.original());
        }
        CelIssue first = issues.get(0);
        Position position = position(source, e, first);
        StringBuilder problem = new StringBuilder(compileProblem(first.getMessage()));
        for (CelIssue other : issues.subList(1, issues.size())) {
            Position at = position(source, e, other);
            problem.append("; ")
                    .append(ExpressionException.where(at.line(), at.column()))
                    .append(compileProblem(other.getMessage()));
        }
        if (issues.stream().anyMatch(issue -> issue.getMessage().startsWith(UNDECLARED))) {
            problem.append(" (known variables: ").append(VARIABLES).append(')');
        }
        Kind kind = first.getMessage().contains("limit") ? Kind.LIMIT_EXCEEDED : Kind.INVALID;
        return new ExpressionException(kind, problem.toString(), source.original(), position);
    }

    static ExpressionException evaluationFailure(ExpressionSource source, CelEvaluationException e) {
        Matcher parts = EVALUATION_MESSAGE.matcher(String.valueOf(e.getMessage()));
        Position position = parts.matches() && parts.group(1) != null
                ? source.position(Integer.parseInt(parts.group(1)))
                : Position.UNKNOWN;
        String message = parts.matches() ? parts.group(2) : String.valueOf(e.getMessage());
        Kind kind = kindOf(e, message);
        return new ExpressionException(kind, evaluationProblem(e, kind, message), source.original(), position);
    }

    private static Position position(ExpressionSource source, CelValidationException e, CelIssue issue) {
        return e.getSource().getLocationOffset(issue.getSourceLocation())
                .map(source::position)
                .orElse(Position.UNKNOWN);
    }

    private static String compileProblem(String message) {
        Matcher unexpected = UNEXPECTED_INPUT.matcher(message);
        if (unexpected.matches()) {
            return unexpected.group(1).equals("<EOF>")
                    ? "syntax error: the expression ends too early"
                    : "syntax error: unexpected '" + unexpected.group(1) + "'";
        }
        Matcher noViable = NO_VIABLE_ALTERNATIVE.matcher(message);
        if (noViable.matches()) {
            return "syntax error: unexpected '" + noViable.group(1) + "'";
        }
        if (message.startsWith("missing ")) {
            return "syntax error: " + message;
        }
        if (message.startsWith("token recognition error at: ")) {
            return "syntax error: unexpected " + message.substring("token recognition error at: ".length());
        }
        if (message.startsWith(UNDECLARED)) {
            return message.replace(" (in container '')", "");
        }
        Matcher overload = COMPILE_NO_OVERLOAD.matcher(message);
        if (overload.matches()) {
            return "type error: " + operator(overload.group(1)) + " cannot be applied to " + overload.group(2);
        }
        if (message.startsWith("Expression recursion limit exceeded")) {
            return "the expression is nested too deeply (" + message.substring(message.indexOf("limit:")) + ")";
        }
        return message.startsWith("expression code point size exceeds limit")
                ? "the expression is too long"
                : message;
    }

    private static Kind kindOf(CelEvaluationException e, String message) {
        if (budgetExceeded(e) != null || message.startsWith("Regex pattern exceeds")) {
            return Kind.LIMIT_EXCEEDED;
        }
        return switch (e.getErrorCode()) {
            case ATTRIBUTE_NOT_FOUND, INDEX_OUT_OF_BOUNDS -> Kind.MISSING_VALUE;
            case OVERLOAD_NOT_FOUND, AMBIGUOUS_OVERLOAD, TYPE_NOT_FOUND -> Kind.TYPE_MISMATCH;
            case ITERATION_BUDGET_EXCEEDED -> Kind.LIMIT_EXCEEDED;
            default -> Kind.FAILED;
        };
    }

    private static String evaluationProblem(CelEvaluationException e, Kind kind, String message) {
        EvaluationBudget.Exceeded exceeded = budgetExceeded(e);
        if (exceeded != null) {
            return "the expression does too much work (cost limit " + exceeded.limit() + ")";
        }
        Matcher key = MISSING_KEY.matcher(message);
        if (key.matches()) {
            return "no field '" + key.group(1) + "' here (test optional fields with has(...))";
        }
        Matcher regex = REGEX_TOO_BIG.matcher(message);
        if (regex.matches()) {
            return "the regular expression is too complex (size " + regex.group(2) + ", limit " + regex.group(1) + ")";
        }
        Matcher overload = NO_OVERLOAD.matcher(message);
        if (overload.matches()) {
            return "type error: " + operator(overload.group(1)) + " cannot be applied to values of these types"
                    + (ARITHMETIC.contains(overload.group(1)) ? ARITHMETIC_HINT : "");
        }
        return switch (e.getErrorCode()) {
            case ITERATION_BUDGET_EXCEEDED -> "the expression iterates too often (limit "
                    + NUMBER.matcher(message).results().map(MatchResult::group).findFirst().orElse("?")
                    + " per evaluation)";
            case DIVIDE_BY_ZERO -> "division by zero";
            case NUMERIC_OVERFLOW -> "number out of range (" + message + ")";
            case INDEX_OUT_OF_BOUNDS -> message.replace("Index out of bounds", "index out of bounds");
            case BAD_FORMAT -> isSafe(message) ? "cannot convert the value: " + message : "cannot convert the value";
            default -> kind == Kind.LIMIT_EXCEEDED || isSafe(message) ? message : "evaluation failed";
        };
    }

    private static EvaluationBudget.@Nullable Exceeded budgetExceeded(Throwable e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof EvaluationBudget.Exceeded exceeded) {
                return exceeded;
            }
        }
        return null;
    }

    // CEL names operators "_+_", "_[_]", "!_"; users know them as "+", "[]", "!".
    private static String operator(String function) {
        if (function.equals("@in")) {
            return "'in'";
        }
        boolean symbolic = function.chars().noneMatch(Character::isLetter);
        return symbolic ? "'" + function.replace("_", "") + "'" : function + "()";
    }

    // Messages from CEL itself are fine; ones that leak Java (class names, exception text) are not.
    private static boolean isSafe(String message) {
        return !message.isBlank()
                && !message.contains("java.")
                && !message.contains("dev.cel")
                && !message.contains("Exception")
                && !message.contains("com.google");
    }
}
