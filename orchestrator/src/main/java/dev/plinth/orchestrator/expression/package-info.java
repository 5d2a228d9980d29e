/**
 * The safe expression layer of the workflow engine: CEL expressions over the JSON state of a run.
 *
 * <p>{@link dev.plinth.orchestrator.expression.Expressions} compiles and evaluates CEL conditions
 * and mappings against an {@link dev.plinth.orchestrator.expression.ExpressionContext};
 * {@link dev.plinth.orchestrator.expression.Templates} resolves the {@code ${...}} expressions in
 * step parameters. Every failure is an
 * {@link dev.plinth.orchestrator.expression.ExpressionException} whose message is safe to show to
 * the author of the definition.
 */
@NullMarked
package dev.plinth.orchestrator.expression;

import org.jspecify.annotations.NullMarked;
