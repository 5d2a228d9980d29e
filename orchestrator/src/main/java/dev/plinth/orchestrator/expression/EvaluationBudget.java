package dev.plinth.orchestrator.expression;

import dev.cel.common.ast.CelExpr;
import dev.cel.common.values.CelByteString;
import dev.cel.runtime.CelEvaluationListener;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The cost tracker CEL-Java lacks (cel-go has one): charged for every evaluated node plus the
 * size of everything built by {@code +}, so neither CPU nor memory can run away. One instance per
 * evaluation; CEL calls it on the evaluating thread only.
 */
final class EvaluationBudget implements CelEvaluationListener {

    private static final String ADD = "_+_";

    private final long limit;
    private long spent;

    EvaluationBudget(long limit) {
        this.limit = limit;
    }

    @Override
    public void callback(CelExpr expr, Object result) {
        spent += 1 + allocatedBy(expr, result);
        // Throwing again on every later node matters: CEL's || and && absorb errors from one
        // side, but not the one thrown for the root node.
        if (spent > limit) {
            throw new Exceeded(limit);
        }
    }

    private static long allocatedBy(CelExpr expr, Object result) {
        if (expr.getKind() != CelExpr.ExprKind.Kind.CALL || !ADD.equals(expr.call().function())) {
            return 0;
        }
        if (appendsToAccumulator(expr.call().args())) {
            return 0; // map/filter append in O(1) to a list view; charging the size would be quadratic
        }
        if (result instanceof String text) {
            return text.length();
        }
        if (result instanceof CelByteString bytes) {
            return bytes.size();
        }
        if (result instanceof Collection<?> list) {
            return list.size();
        }
        return result instanceof Map<?, ?> map ? map.size() : 0;
    }

    // Macros name their accumulator "@result" (or "__result__"); authors cannot write either.
    private static boolean appendsToAccumulator(List<CelExpr> args) {
        if (args.isEmpty() || args.get(0).getKind() != CelExpr.ExprKind.Kind.IDENT) {
            return false;
        }
        String name = args.get(0).ident().name();
        return name.startsWith("@") || name.equals("__result__");
    }

    /** Thrown through CEL when the budget is spent; carries no stack trace. */
    static final class Exceeded extends RuntimeException {

        private final long limit;

        Exceeded(long limit) {
            super("evaluation cost limit of " + limit + " exceeded", null, false, false);
            this.limit = limit;
        }

        long limit() {
            return limit;
        }
    }
}
