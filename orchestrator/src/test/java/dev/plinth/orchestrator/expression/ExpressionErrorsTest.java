package dev.plinth.orchestrator.expression;

import static dev.plinth.orchestrator.expression.Json.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.orchestrator.expression.ExpressionException.Kind;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** What authors see when an expression is wrong: kinds, positions and wording. */
class ExpressionErrorsTest {

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
    void hasIsFalseForAMissingFieldWhilePlainAccessFailsHelpfully() {
        assertThat(test("has(steps.draft.output.y)")).isFalse();
        assertThat(test("has(steps.draft.output.y) ? steps.draft.output.y == 1 : true")).isTrue();

        assertThatThrownBy(() -> eval("steps.draft.output.y"))
                .isInstanceOfSatisfying(ExpressionException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.MISSING_VALUE);
                    assertThat(e.problem()).contains("no field 'y'").contains("has(");
                    assertThat(e.column()).isEqualTo(19);
                    assertThat(e.getMessage()).contains("steps.draft.output.y");
                });
        assertThatThrownBy(() -> eval("steps.nope.output"))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("no field 'nope'");
        assertThatThrownBy(() -> eval("steps.recent-orders.output.rows[7]"))
                .isInstanceOfSatisfying(ExpressionException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.MISSING_VALUE));
    }

    @Test
    void itemAndIndexOnlyExistInsideForEach() {
        assertThatThrownBy(() -> eval("item.text"))
                .isInstanceOfSatisfying(ExpressionException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.MISSING_VALUE);
                    assertThat(e.problem()).isEqualTo("'item' and 'index' are only available inside a forEach step");
                });
        assertThatThrownBy(() -> eval("[index]"))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("only available inside a forEach");
        // CEL's || may absorb the unknown value; a definition check catches such uses up front
        assertThat(expressions.compile("index > 0 || has(input.customerEmail)").variables())
                .containsExactly("index", "input");
    }

    @Test
    void typeErrorsAtRuntimeNameTheOperator() {
        assertThatThrownBy(() -> eval("steps.draft.output.intent + 1"))
                .isInstanceOfSatisfying(ExpressionException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.TYPE_MISMATCH);
                    assertThat(e.problem()).startsWith("type error: '+' cannot be applied to values of these types")
                            .contains("double(x)");
                    assertThat(e.column()).isEqualTo(27);
                });
        assertThatThrownBy(() -> eval("size(vars.threshold)"))
                .isInstanceOfSatisfying(ExpressionException.class,
                        e -> assertThat(e.problem()).contains("size()"));
    }

    @Test
    void arithmeticDoesNotMixIntAndDoubleButTheErrorSaysHowToConvert() {
        assertThatThrownBy(() -> eval("vars.threshold * 1.19"))
                .isInstanceOfSatisfying(ExpressionException.class,
                        e -> assertThat(e.problem()).contains("double(x)"));
        assertThat(eval("double(vars.threshold) * 1.5")).isEqualTo(json("150.0"));
    }

    @Test
    void aConditionMustBeABool() {
        assertThatThrownBy(() -> test("steps.draft.output.intent"))
                .isInstanceOfSatisfying(ExpressionException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.TYPE_MISMATCH);
                    assertThat(e.problem())
                            .isEqualTo("a condition must evaluate to a bool, but this one evaluated to string");
                });
        assertThatThrownBy(() -> expressions.compileCondition("size(input) + 1"))
                .isInstanceOfSatisfying(ExpressionException.class,
                        e -> assertThat(e.problem()).isEqualTo("a condition must be a bool, but this expression is of type int"));
        assertThat(expressions.compileCondition("steps.draft.output.flag").source())
                .isEqualTo("steps.draft.output.flag");
    }

    @Test
    void otherEvaluationFailuresAreDescribedWithoutJavaInternals() {
        assertThatThrownBy(() -> eval("vars.threshold / 0"))
                .isInstanceOfSatisfying(ExpressionException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.FAILED);
                    assertThat(e.problem()).isEqualTo("division by zero");
                });
        assertThatThrownBy(() -> eval("9223372036854775807 + vars.threshold"))
                .isInstanceOfSatisfying(ExpressionException.class,
                        e -> assertThat(e.problem()).startsWith("number out of range"));
        assertThatThrownBy(() -> eval("input.body.matches('(')"))
                .isInstanceOfSatisfying(ExpressionException.class,
                        e -> assertThat(e.getMessage()).doesNotContain("java.", "Exception", "dev.cel"));
        assertThatThrownBy(() -> eval("1.0 / 0.0"))
                .isInstanceOfSatisfying(ExpressionException.class,
                        e -> assertThat(e.problem()).contains("cannot be represented in JSON"));
    }

    @Test
    void compileErrorsCarryColumnAndExpression() {
        assertThatThrownBy(() -> expressions.compile("steps.draft.output.intent ==== 'refund'"))
                .isInstanceOfSatisfying(ExpressionException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.INVALID);
                    assertThat(e.line()).isEqualTo(1);
                    assertThat(e.column()).isEqualTo(29);
                    assertThat(e.getMessage()).contains(
                            "column 29: syntax error: unexpected '=='", "`steps.draft.output.intent ==== 'refund'`");
                });
        assertThatThrownBy(() -> expressions.compile("inputs.body"))
                .isInstanceOfSatisfying(ExpressionException.class, e -> {
                    assertThat(e.problem()).startsWith("undeclared reference to 'inputs'").contains("input, steps");
                    assertThat(e.column()).isEqualTo(1);
                });
        assertThatThrownBy(() -> expressions.compile("1 +"))
                .isInstanceOfSatisfying(ExpressionException.class,
                        e -> assertThat(e.problem()).isEqualTo("syntax error: the expression ends too early"));
        assertThatThrownBy(() -> expressions.compile("1 == 'a'"))
                .isInstanceOfSatisfying(ExpressionException.class,
                        e -> assertThat(e.problem()).isEqualTo("type error: '==' cannot be applied to (int, string)"));
        assertThatThrownBy(() -> expressions.compile("   "))
                .isInstanceOfSatisfying(ExpressionException.class,
                        e -> assertThat(e.problem()).isEqualTo("the expression is empty"));
    }

    @Test
    void compileErrorPositionsReferToTheTextAsWrittenEvenAfterTheHyphenRewrite() {
        // "nope" starts at column 43 of what the author wrote; the rewrite shifts it by 3 in CEL's copy
        String source = "steps.recent-orders.output.rows.size() > nope";
        assertThatThrownBy(() -> expressions.compile(source))
                .isInstanceOfSatisfying(ExpressionException.class, e -> {
                    assertThat(e.column()).isEqualTo(42);
                    assertThat(e.expression()).isEqualTo(source);
                });
        assertThatThrownBy(() -> expressions.compile("true &&\n  steps.recent-orders.output.x ++ 1"))
                .isInstanceOfSatisfying(ExpressionException.class, e -> {
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.getMessage()).contains("line 2, column");
                });
    }

    @Test
    void runtimeErrorPositionsAlsoReferToTheTextAsWritten() {
        assertThatThrownBy(() -> eval("steps.recent-orders.output.missing"))
                .isInstanceOfSatisfying(ExpressionException.class, e -> assertThat(e.column()).isEqualTo(27));
    }

    private JsonNode eval(String source) {
        return expressions.evaluate(expressions.compile(source), context);
    }

    private boolean test(String source) {
        return expressions.test(expressions.compile(source), context);
    }
}
