package dev.plinth.orchestrator.expression;

import static dev.plinth.orchestrator.expression.Json.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.orchestrator.expression.ExpressionException.Kind;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

class SandboxLimitsTest {

    private final Expressions expressions = new Expressions();

    @Test
    void tooLongSourceIsRefusedAtCompileTime() {
        String longSource = "input.a == '" + "x".repeat(5000) + "'";
        assertThatThrownBy(() -> expressions.compile(longSource))
                .isInstanceOfSatisfying(ExpressionException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.LIMIT_EXCEEDED);
                    assertThat(e.problem()).contains("limit is 4096");
                    assertThat(e.getMessage()).hasSizeLessThan(400);
                });
    }

    @Test
    void tooDeeplyNestedSourceIsRefusedAtCompileTime() {
        String deep = "(".repeat(200) + "1" + ")".repeat(200);
        assertThatThrownBy(() -> expressions.compile(deep))
                .isInstanceOfSatisfying(ExpressionException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.LIMIT_EXCEEDED);
                    assertThat(e.problem()).isEqualTo("the expression is nested too deeply (limit: 64)");
                });
    }

    @Test
    void nestedComprehensionOverABigListIsStoppedByTheIterationLimit() {
        ExpressionContext context = contextWithNumbers(2_000);
        Expressions.Compiled quadratic =
                expressions.compile("input.numbers.map(x, input.numbers.filter(y, y > x).size())");
        assertThatThrownBy(() -> expressions.evaluate(quadratic, context))
                .isInstanceOfSatisfying(ExpressionException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.LIMIT_EXCEEDED);
                    assertThat(e.problem()).isEqualTo("the expression iterates too often (limit 10000 per evaluation)");
                });
    }

    @Test
    void ordinaryWorkOnALargeListStaysWithinTheLimits() {
        ExpressionContext context = contextWithNumbers(5_000);
        JsonNode evens = expressions.evaluate(
                expressions.compile("input.numbers.filter(n, n % 2 == 0).map(n, {'n': n, 'half': n / 2})"), context);
        assertThat(evens).hasSize(2_500);
        assertThat(evens.get(2_499)).isEqualTo(json("{'n': 4998, 'half': 2499}"));
    }

    @Test
    void stringsGrownByConcatenationAreStoppedByTheCostLimit() {
        ObjectNode input = JsonNodeFactory.instance.objectNode();
        input.put("body", "x".repeat(20_000));
        input.set("numbers", numbers(500));
        ExpressionContext context = ExpressionContext.builder().input(input).build();
        // 500 iterations stay far below the iteration limit, but would build 20 MB of strings
        Expressions.Compiled copies = expressions.compile("input.numbers.map(n, input.body + input.body)");
        assertThatThrownBy(() -> expressions.evaluate(copies, context))
                .isInstanceOfSatisfying(ExpressionException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.LIMIT_EXCEEDED);
                    assertThat(e.problem()).contains("cost limit 1000000");
                });
    }

    @Test
    void theCostLimitCannotBeDodgedByAnAbsorbingOr() {
        Expressions tight = new Expressions(new ExpressionLimits(4096, 64, 10_000, 500, 1_000, 10));
        ExpressionContext context = contextWithNumbers(1_000);
        assertThatThrownBy(() -> tight.test(tight.compile("input.numbers.map(n, n + 1).size() > 0 || true"), context))
                .isInstanceOfSatisfying(ExpressionException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.LIMIT_EXCEEDED));
    }

    @Test
    void hugeRegexProgramsAreRefused() {
        ExpressionContext context = ExpressionContext.builder().input(json("{'body': 'aaa'}")).build();
        Expressions.Compiled regex = expressions.compile("input.body.matches('(a|b){1,900}')");
        assertThatThrownBy(() -> expressions.evaluate(regex, context))
                .isInstanceOfSatisfying(ExpressionException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.LIMIT_EXCEEDED);
                    assertThat(e.problem()).startsWith("the regular expression is too complex");
                });
    }

    @Test
    void limitsMustBePositive() {
        assertThatThrownBy(() -> new ExpressionLimits(0, 64, 10_000, 1, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxSourceLength");
    }

    private static ExpressionContext contextWithNumbers(int count) {
        ObjectNode input = JsonNodeFactory.instance.objectNode();
        input.set("numbers", numbers(count));
        return ExpressionContext.builder().input(input).build();
    }

    private static ArrayNode numbers(int count) {
        ArrayNode numbers = JsonNodeFactory.instance.arrayNode(count);
        for (int i = 0; i < count; i++) {
            numbers.add(i);
        }
        return numbers;
    }
}
