package dev.plinth.platform.registry.definition;

import dev.plinth.orchestrator.expression.ExpressionException;
import dev.plinth.orchestrator.expression.Expressions;
import dev.plinth.orchestrator.expression.TemplateError;
import dev.plinth.orchestrator.expression.Templates;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Expressions must compile when the definition is submitted, not fail in a run weeks later:
 * conditions ({@code when}, {@code while}), transform {@code expression}s, and every
 * {@code ${...}} in step parameters and workflow outputs. Each problem points into the expression's
 * own field and says where in the expression it went wrong.
 */
final class ExpressionRule implements SemanticRule {

    private static final Expressions EXPRESSIONS = new Expressions();
    private static final Templates TEMPLATES = new Templates(EXPRESSIONS);
    private static final List<String> TEMPLATE_FIELDS =
            List.of("with", "value", "variables", "output", "message", "input", "items", "prompt", "until", "user",
                    "session", "query", "key", "text");

    @Override
    public void check(Submission submission, List<DefinitionProblem> problems) {
        JsonNode root = submission.outline().root();
        for (DefinitionOutline.WorkflowOutline workflow : submission.outline().workflows()) {
            templates(root.at(workflow.pointer()).path("output"), workflow.pointer() + "/output", problems);
            for (DefinitionOutline.StepOutline step : workflow.steps()) {
                check(step, problems);
            }
        }
    }

    private static void check(DefinitionOutline.StepOutline step, List<DefinitionProblem> problems) {
        JsonNode node = step.node();
        JsonNode cases = node.path("cases");
        for (int i = 0; cases.isArray() && i < cases.size(); i++) {
            condition(cases.get(i).path("when"), step.pointer() + "/cases/" + i + "/when", problems);
        }
        condition(node.path("while"), step.pointer() + "/while", problems);
        if ("transform".equals(step.type()) && node.path("expression").isString()) {
            try {
                EXPRESSIONS.compile(node.path("expression").asString());
            } catch (ExpressionException invalid) {
                problems.add(problem(step.pointer() + "/expression", invalid));
            }
        }
        for (String field : TEMPLATE_FIELDS) {
            if (node.has(field) && !("input".equals(field) && !"subWorkflow".equals(step.type()))) {
                templates(node.get(field), step.pointer() + "/" + field, problems);
            }
        }
    }

    private static void condition(JsonNode source, String pointer, List<DefinitionProblem> problems) {
        if (!source.isString()) {
            return;
        }
        try {
            EXPRESSIONS.compileCondition(source.asString());
        } catch (ExpressionException invalid) {
            problems.add(problem(pointer, invalid));
        }
    }

    private static void templates(JsonNode template, String pointer, List<DefinitionProblem> problems) {
        if (template.isMissingNode() || template.isNull()) {
            return;
        }
        for (TemplateError error : TEMPLATES.check(template)) {
            problems.add(new DefinitionProblem(pointer + error.pointer(), error.message(),
                    "expressions are CEL, e.g. ${input.orderId} or ${steps.lookup.output.total > 100}", null));
        }
    }

    private static DefinitionProblem problem(String pointer, ExpressionException invalid) {
        return new DefinitionProblem(pointer, invalid.getMessage(),
                "expressions are CEL, e.g. steps.draft.output.intent == \"refund\"", null);
    }
}
