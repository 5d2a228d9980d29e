package dev.plinth.orchestrator.internal;

import dev.plinth.orchestrator.expression.ExpressionContext;
import dev.plinth.orchestrator.expression.ExpressionException;
import dev.plinth.orchestrator.expression.Expressions;
import dev.plinth.orchestrator.expression.Templates;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Evaluates a step's expressions and templates against a run's current state. */
class StepExpressions {

    /** An expression failed on this run's data; the step (and by default the run) fails with this message. */
    static final class Failure extends RuntimeException {
        Failure(String message) {
            super(message, null, false, false);
        }
    }

    private final Expressions expressions = new Expressions();
    private final Payloads payloads;

    StepExpressions(Payloads payloads) {
        this.payloads = payloads;
    }
    private final Templates templates = new Templates(expressions);

    JsonNode resolve(JsonNode template, RunRow run, ObjectNode state) {
        try {
            return templates.resolve(template, context(run, state));
        } catch (ExpressionException failure) {
            throw new Failure(failure.getMessage());
        }
    }

    JsonNode evaluate(String source, RunRow run, ObjectNode state) {
        try {
            return expressions.evaluate(expressions.compile(source), context(run, state));
        } catch (ExpressionException failure) {
            throw new Failure(failure.getMessage());
        }
    }

    boolean test(String source, RunRow run, ObjectNode state) {
        try {
            return expressions.test(expressions.compileCondition(source), context(run, state));
        } catch (ExpressionException failure) {
            throw new Failure(failure.getMessage());
        }
    }

    private ExpressionContext context(RunRow run, ObjectNode state) {
        ExpressionContext.Builder context = ExpressionContext.builder()
                .input(run.input())
                .vars(state.path("vars"))
                .run(run.id().toString(), run.workflow(), run.appName(), 1);
        state.path("steps").properties().forEach(step -> context.step(step.getKey(),
                step.getValue().path("status").asString(), payloads.resolve(step.getValue().get("output")),
                step.getValue().get("error")));
        JsonNode item = state.get("item");
        return item == null ? context.build() : context.build().withItem(item, state.path("index").asInt());
    }
}
