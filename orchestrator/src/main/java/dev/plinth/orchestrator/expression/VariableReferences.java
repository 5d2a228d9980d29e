package dev.plinth.orchestrator.expression;

import dev.cel.common.ast.CelExpr;
import dev.cel.common.ast.CelExpr.CelComprehension;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds the context variables an expression reads. The checker's reference map cannot tell a
 * context variable from a comprehension variable of the same name ({@code rows.map(item, item.id)}),
 * so this walks the tree and honours the comprehension scopes.
 */
final class VariableReferences {

    private VariableReferences() {
    }

    static Set<String> of(CelExpr root, Collection<String> variables) {
        Set<String> found = new TreeSet<>();
        visit(root, variables, Set.of(), found);
        return found;
    }

    private static void visit(CelExpr expr, Collection<String> variables, Set<String> shadowed, Set<String> found) {
        switch (expr.getKind()) {
            case IDENT -> {
                String name = expr.ident().name();
                if (variables.contains(name) && !shadowed.contains(name)) {
                    found.add(name);
                }
            }
            case SELECT -> visit(expr.select().operand(), variables, shadowed, found);
            case CALL -> {
                expr.call().target().ifPresent(target -> visit(target, variables, shadowed, found));
                expr.call().args().forEach(arg -> visit(arg, variables, shadowed, found));
            }
            case LIST -> expr.list().elements().forEach(element -> visit(element, variables, shadowed, found));
            case MAP -> expr.map().entries().forEach(entry -> {
                visit(entry.key(), variables, shadowed, found);
                visit(entry.value(), variables, shadowed, found);
            });
            case STRUCT -> expr.struct().entries().forEach(entry -> visit(entry.value(), variables, shadowed, found));
            case COMPREHENSION -> visitComprehension(expr.comprehension(), variables, shadowed, found);
            default -> {
                // constants and unset nodes read nothing
            }
        }
    }

    // The range and the initial accumulator are evaluated outside the loop's scope; the rest inside.
    private static void visitComprehension(
            CelComprehension loop, Collection<String> variables, Set<String> shadowed, Set<String> found) {
        visit(loop.iterRange(), variables, shadowed, found);
        visit(loop.accuInit(), variables, shadowed, found);
        Set<String> inner = new TreeSet<>(shadowed);
        inner.add(loop.iterVar());
        inner.add(loop.iterVar2());
        inner.add(loop.accuVar());
        visit(loop.loopCondition(), variables, inner, found);
        visit(loop.loopStep(), variables, inner, found);
        visit(loop.result(), variables, inner, found);
    }
}
