package dev.plinth.orchestrator.expression;

import static dev.plinth.orchestrator.expression.Json.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.orchestrator.expression.ExpressionException.Kind;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

class TemplatesTest {

    private final Templates templates = new Templates(new Expressions());

    private final ExpressionContext context = ExpressionContext.builder()
            .input(json("{'customerEmail': 'ann@example.com', 'threadId': 't-1', 'ticketId': '42', 'count': 3,"
                    + " 'vip': true, 'note': null}"))
            .step("draft", "succeeded", json("{'reply': 'Sorry!', 'intent': 'refund'}"), null)
            .step("context", "succeeded", json("{'messages': [{'role': 'user', 'content': 'hi'}], 'tokens': 12}"), null)
            .step("recent-orders", "succeeded", json("{'rows': [{'id': 1}, {'id': 2}]}"), null)
            .build();

    @Test
    void aStringThatIsExactlyOneExpressionBecomesTheRawValue() {
        assertThat(resolve("'${steps.context.output}'"))
                .isEqualTo(json("{'messages': [{'role': 'user', 'content': 'hi'}], 'tokens': 12}"));
        assertThat(resolve("'${steps.recent-orders.output.rows}'")).isEqualTo(json("[{'id': 1}, {'id': 2}]"));
        assertThat(resolve("'${input.count}'")).isEqualTo(json("3"));
        assertThat(resolve("'${input.vip}'")).isEqualTo(json("true"));
        assertThat(resolve("'${input.note}'")).isEqualTo(json("null"));
        assertThat(resolve("'${input.count * 2 > 5}'")).isEqualTo(json("true"));
    }

    @Test
    void textAroundOrSeveralExpressionsMeansInterpolation() {
        assertThat(resolve("'/tickets/${input.ticketId}/replies'")).isEqualTo(json("'/tickets/42/replies'"));
        assertThat(resolve("'Approve a refund for ${input.customerEmail}?'"))
                .isEqualTo(json("'Approve a refund for ann@example.com?'"));
        assertThat(resolve("'${input.threadId}${input.ticketId}'")).isEqualTo(json("'t-142'"));
        assertThat(resolve("' ${input.count}'")).isEqualTo(json("' 3'"));
        assertThat(resolve("'vip=${input.vip}, note=${input.note}, rows=${steps.recent-orders.output.rows}'"))
                .isEqualTo(JsonNodeFactory.instance.stringNode("vip=true, note=null, rows=[{\"id\":1},{\"id\":2}]"));
    }

    @Test
    void nestedObjectsAndArraysAreWalkedAndTheTemplateIsLeftAsItWas() {
        JsonNode template = json("""
                {'method': 'POST', 'path': '/tickets/${input.ticketId}/replies', 'retries': 3,
                 'body': {'text': '${steps.draft.output.reply}', 'tags': ['support', '${steps.draft.output.intent}'],
                          'history': '${steps.context.output.messages}', 'flags': [true, null, 1.5]}}""");
        JsonNode copy = template.deepCopy();

        assertThat(templates.resolve(template, context)).isEqualTo(json("""
                {'method': 'POST', 'path': '/tickets/42/replies', 'retries': 3,
                 'body': {'text': 'Sorry!', 'tags': ['support', 'refund'],
                          'history': [{'role': 'user', 'content': 'hi'}], 'flags': [true, null, 1.5]}}"""));
        assertThat(template).isEqualTo(copy);
    }

    @Test
    void expressionsMayContainBracesAndStringsWithBraces() {
        assertThat(resolveText("${{'id': input.ticketId, \"tag\": '}'}}")).isEqualTo(json("{'id': '42', 'tag': '}'}"));
        assertThat(resolveText("a ${'${' + input.ticketId + \"}\"} b")).isEqualTo(json("'a ${42} b'"));
        assertThat(resolveText("${r'\\}' + '''}'''}")).isEqualTo(text("\\}}"));
    }

    @Test
    void doubleDollarEscapesAExpression() {
        assertThat(resolve("'$${input.ticketId}'")).isEqualTo(json("'${input.ticketId}'"));
        assertThat(resolve("'cost: $${x} for ${input.ticketId}'")).isEqualTo(json("'cost: ${x} for 42'"));
        assertThat(resolve("'$$ and $ alone'")).isEqualTo(json("'$$ and $ alone'"));
    }

    @Test
    void secretReferencesAreLeftUntouched() {
        assertThat(resolve("'${secret:llm-key}'")).isEqualTo(json("'${secret:llm-key}'"));
        assertThat(resolve("'Bearer ${secret:crm-token} for ${input.ticketId}'"))
                .isEqualTo(json("'Bearer ${secret:crm-token} for 42'"));
        assertThat(templates.check(json("{'auth': '${secret:crm-client-secret}'}"))).isEmpty();
    }

    @Test
    void valuesThatLookLikeExpressionsAreNotResolvedAgain() {
        ExpressionContext hostile = ExpressionContext.builder()
                .input(json("{'body': '${secret:llm-key} ${input.body}'}"))
                .build();
        assertThat(templates.resolve(json("{'text': 'mail: ${input.body}'}"), hostile))
                .isEqualTo(json("{'text': 'mail: ${secret:llm-key} ${input.body}'}"));
    }

    @Test
    void resolveFailuresNameThePointerInsideTheTemplate() {
        JsonNode template = json("{'body': {'items': ['ok', 'x ${steps.draft.output.missing}']}}");
        assertThatThrownBy(() -> templates.resolve(template, context))
                .isInstanceOfSatisfying(ExpressionException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.MISSING_VALUE);
                    assertThat(e.pointer()).isEqualTo("/body/items/1");
                    assertThat(e.getMessage()).startsWith("/body/items/1: column 19: no field 'missing'");
                });
    }

    @Test
    void checkReportsEveryBrokenExpressionWithItsPointer() {
        JsonNode template = json("""
                {'fine': '${input.a} and ${steps.recent-orders.output}',
                 'a/b': {'list': ['${input.}', 'x']},
                 'm~n': 'start ${input.b == } end',
                 'unclosed': 'oops ${input.c',
                 'empty': '${ }',
                 'unknown': '${inputs.a}'}""");

        assertThat(templates.check(template)).extracting(TemplateError::pointer)
                .containsExactly("/a~1b/list/0", "/m~0n", "/unclosed", "/empty", "/unknown");
        assertThat(templates.check(template)).extracting(TemplateError::message).satisfiesExactly(
                m -> assertThat(m).startsWith("column 7: syntax error").endsWith("in `input.`"),
                m -> assertThat(m).contains("syntax error").endsWith("in `input.b == `"),
                m -> assertThat(m).isEqualTo("column 6: '${' is not closed by '}' in `oops ${input.c`"),
                m -> assertThat(m).startsWith("column 1: '${}' holds no expression"),
                m -> assertThat(m).startsWith("column 1: undeclared reference to 'inputs'"));
    }

    @Test
    void checkAcceptsTheTemplatesOfTheExampleDefinition() {
        JsonNode steps = json("""
                [{'user': '${input.customerEmail}', 'session': '${input.threadId}',
                  'message': {'role': 'user', 'content': '${input.body}'}},
                 {'with': {'params': {'email': '${input.customerEmail}'}}},
                 {'with': {'context': '${steps.context.output}', 'orders': '${steps.recent-orders.output.rows}'}},
                 {'prompt': 'Approve a refund for ${input.customerEmail}?'},
                 {'with': {'path': '/tickets/${input.ticketId}/replies',
                           'body': {'text': '${steps.draft.output.reply}'}}},
                 {'with': {'key': '${input.ticketId}',
                           'value': {'ticket': '${input.ticketId}', 'intent': '${steps.draft.output.intent}'}}},
                 {'items': '${steps.open-tickets.output.body.items}', 'do': [{'with': {'content': '${item.text}'}}]},
                 {'with': {'key': 'digest', 'value': '${steps.summarise-each.output}'}},
                 {'password': '${secret:orders-db-password}'}]""");
        assertThat(templates.check(steps)).isEmpty();
    }

    private JsonNode resolveText(String template) {
        return templates.resolve(text(template), context);
    }

    private static JsonNode text(String value) {
        return JsonNodeFactory.instance.stringNode(value);
    }

    private JsonNode resolve(String templateJson) {
        return templates.resolve(json(templateJson), context);
    }
}
