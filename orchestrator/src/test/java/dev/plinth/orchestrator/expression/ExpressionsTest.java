package dev.plinth.orchestrator.expression;

import static dev.plinth.orchestrator.expression.Json.json;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ExpressionsTest {

    private final Expressions expressions = new Expressions();

    private final ExpressionContext context = ExpressionContext.builder()
            .input(json("{'customerEmail': 'ann@example.com', 'ticketId': '42', 'body': 'Where is my order?'}"))
            .step("draft", "succeeded", json("{'reply': 'Sorry!', 'intent': 'refund', 'score': 0.75}"), null)
            .step("recent-orders", "succeeded", json("""
                    {'rows': [
                      {'id': 1, 'status': 'shipped', 'total': 19.5},
                      {'id': 2, 'status': 'open', 'total': 120},
                      {'id': 3, 'status': 'open', 'total': 7}
                    ]}"""), null)
            .step("crm-call", "failed", null, json("{'type': 'timeout', 'message': 'no answer in 5s'}"))
            .vars(json("{'threshold': 100, 'tags': ['vip']}"))
            .run("run-1", "handle-email", "support-assistant", 2)
            .build();

    @Test
    void conditionFromTheExampleDefinition() {
        assertThat(test("steps.draft.output.intent == \"refund\"")).isTrue();
        assertThat(test("steps.draft.output.intent == \"question\"")).isFalse();
    }

    @Test
    void hyphenatedStepIdsWorkWithIndexSyntaxAndDottedPaths() {
        JsonNode rows = json("[{'id': 1, 'status': 'shipped', 'total': 19.5},"
                + " {'id': 2, 'status': 'open', 'total': 120}, {'id': 3, 'status': 'open', 'total': 7}]");
        assertThat(eval("steps[\"recent-orders\"].output.rows")).isEqualTo(rows);
        assertThat(eval("steps.recent-orders.output.rows")).isEqualTo(rows);
        assertThat(eval("size(steps.recent-orders.output.rows) + 1")).isEqualTo(json("4"));
        assertThat(test("has(steps.recent-orders.output.rows)")).isTrue();
        assertThat(test("steps.crm-call.status == 'failed' && steps.crm-call.error.type == 'timeout'")).isTrue();
    }

    @Test
    void everyVariableOfTheContextIsReadable() {
        assertThat(eval("input.ticketId")).isEqualTo(json("'42'"));
        assertThat(eval("steps.draft.status")).isEqualTo(json("'succeeded'"));
        assertThat(eval("steps.draft.error")).isEqualTo(json("null"));
        assertThat(eval("vars.threshold")).isEqualTo(json("100"));
        assertThat(eval("run")).isEqualTo(json(
                "{'id': 'run-1', 'workflow': 'handle-email', 'app': 'support-assistant', 'attempt': 2}"));
        ExpressionContext iteration = context.withItem(json("{'text': 'ticket A'}"), 3);
        assertThat(expressions.evaluate(expressions.compile("item.text + ' #' + string(index)"), iteration))
                .isEqualTo(json("'ticket A #3'"));
    }

    @Test
    void resultsConvertBackToJsonKeepingIntegersIntegral() {
        assertThat(eval("1 + 2")).isEqualTo(json("3"));
        assertThat(eval("1 + 2").isIntegralNumber()).isTrue();
        assertThat(eval("vars.threshold * 2").isIntegralNumber()).isTrue();
        assertThat(eval("2.0 * 2.0").isIntegralNumber()).isFalse();
        assertThat(eval("steps.draft.output.score * 2.0")).isEqualTo(json("1.5"));
        assertThat(eval("{'ok': true, 'n': [1, 2.5, 'x', null]}"))
                .isEqualTo(json("{'ok': true, 'n': [1, 2.5, 'x', null]}"));
        assertThat(eval("null").isNull()).isTrue();
        assertThat(eval("{1: 'one'}")).isEqualTo(json("{'1': 'one'}"));
        assertThat(eval("duration('90m')")).isEqualTo(json("'5400s'"));
        assertThat(eval("timestamp('2024-05-01T10:00:00Z')")).isEqualTo(json("'2024-05-01T10:00:00Z'"));
    }

    @Test
    void jsonFromTheContextComparesEqualToCelLiterals() {
        assertThat(test("steps.draft.output == {'reply': 'Sorry!', 'intent': 'refund', 'score': 0.75}")).isTrue();
        assertThat(test("vars.tags == ['vip']")).isTrue();
        assertThat(test("steps.draft.error == null")).isTrue();
        assertThat(eval("steps.draft.output.map(k, k)")).isEqualTo(json("['reply', 'intent', 'score']"));
    }

    @Test
    void objectsReturnedFromTheContextAreCopies() {
        JsonNode output = eval("steps.draft.output");
        ((tools.jackson.databind.node.ObjectNode) output).put("intent", "changed");
        assertThat(test("steps.draft.output.intent == 'refund'")).isTrue();
    }

    @Test
    void mixedIntAndDoubleComparisonsWorkAsJsonAuthorsExpect() {
        assertThat(test("steps.recent-orders.output.rows[1].total > 99.5")).isTrue();
        assertThat(test("steps.draft.output.score < 1")).isTrue();
        assertThat(test("steps.recent-orders.output.rows[0].total == 19.5")).isTrue();
        assertThat(test("vars.threshold == 100.0")).isTrue();
    }

    @Test
    void sizeHasAndComprehensions() {
        assertThat(eval("size(steps.recent-orders.output.rows)")).isEqualTo(json("3"));
        assertThat(eval("input.body.size()")).isEqualTo(json("18"));
        assertThat(test("has(steps.draft.output.reply)")).isTrue();
        assertThat(test("steps.recent-orders.output.rows.exists(r, r.status == 'open' && r.total > vars.threshold)"))
                .isTrue();
        assertThat(test("steps.recent-orders.output.rows.all(r, r.id > 0)")).isTrue();
        assertThat(eval("steps.recent-orders.output.rows.map(r, r.id)")).isEqualTo(json("[1, 2, 3]"));
        assertThat(eval("steps.recent-orders.output.rows.filter(r, r.status == 'open').map(r, r.total)"))
                .isEqualTo(json("[120, 7]"));
        assertThat(eval("steps.recent-orders.output.rows.map(r, {'order': r.id, 'open': r.status == 'open'})"))
                .isEqualTo(json("[{'order': 1, 'open': false}, {'order': 2, 'open': true},"
                        + " {'order': 3, 'open': true}]"));
        assertThat(test("'vip' in vars.tags")).isTrue();
        assertThat(test("input.customerEmail.endsWith('@example.com') && input.body.matches('order')")).isTrue();
    }

    @Test
    void compiledExpressionsListTheVariablesTheyRead() {
        assertThat(expressions.compile("steps.recent-orders.output.rows.map(item, item.id)").variables())
                .containsExactly("steps");
        assertThat(expressions.compile("item.text + vars.suffix + run.id").variables())
                .containsExactly("item", "run", "vars");
        assertThat(expressions.compile("[item].map(item, item + 1)").variables()).containsExactly("item");
        assertThat(expressions.compile("size([1, 2]) > 1").variables()).isEmpty();
    }

    @Test
    void compiledExpressionsAreCached() {
        assertThat(expressions.compile("input.ticketId")).isSameAs(expressions.compile("input.ticketId"));
    }

    private JsonNode eval(String source) {
        return expressions.evaluate(expressions.compile(source), context);
    }

    private boolean test(String source) {
        return expressions.test(expressions.compile(source), context);
    }
}
