package dev.plinth.orchestrator.expression;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StepIdRewriterTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        // the step id right after 'steps.' is rewritten when it has hyphens
        "steps.recent-orders.output.rows          | steps[\"recent-orders\"].output.rows",
        "steps.a-b-c_1.output                     | steps[\"a-b-c_1\"].output",
        "steps.step-2.status == 'ok'              | steps[\"step-2\"].status == 'ok'",
        "has(steps.recent-orders.output)          | has(steps[\"recent-orders\"].output)",
        "steps.a-b.output + steps.c-d.output      | steps[\"a-b\"].output + steps[\"c-d\"].output",
        "size(steps.x-y.output)>0&&steps.z.ok     | size(steps[\"x-y\"].output)>0&&steps.z.ok",
        // plain ids, other roots and deeper segments keep CEL's meaning (minus is subtraction)
        "steps.draft.output.intent                | steps.draft.output.intent",
        "steps.draft.output.total-1               | steps.draft.output.total-1",
        "vars.limit-vars.used                     | vars.limit-vars.used",
        "input.steps.a-b                          | input.steps.a-b",
        "mysteps.a-b                              | mysteps.a-b",
        "steps.a - b                              | steps.a - b",
        "steps.a-                                 | steps.a-",
        "steps[\"recent-orders\"].output          | steps[\"recent-orders\"].output",
        // nothing inside string literals is touched
        "'steps.a-b' + steps.c-d.x                | 'steps.a-b' + steps[\"c-d\"].x",
        "\"it's steps.a-b\" == r'steps.x-y\\'     | \"it's steps.a-b\" == r'steps.x-y\\'",
        "'''steps.a-b''' + steps.a-b.output       | '''steps.a-b''' + steps[\"a-b\"].output",
        "r'\\' + steps.a-b.x                       | r'\\' + steps[\"a-b\"].x",
        "'\\'' + steps.a-b.x                       | '\\'' + steps[\"a-b\"].x",
        "'unterminated steps.a-b                  | 'unterminated steps.a-b",
    })
    void rewritesOnlyHyphenatedStepIds(String source, String expected) {
        assertThat(StepIdRewriter.rewrite(source).rewritten()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // rewritten offset -> original column (1-based)
        "steps.recent-orders.output.nope | 0  | 1",
        "steps.recent-orders.output.nope | 5  | 6",
        "steps.recent-orders.output.nope | 7  | 7",
        "steps.recent-orders.output.nope | 21 | 20",
        "steps.recent-orders.output.nope | 29 | 27",
        "steps.recent-orders.output.nope | 34 | 32",
    })
    void mapsPositionsBackToTheOriginalText(String source, int rewrittenOffset, int originalColumn) {
        ExpressionSource rewritten = StepIdRewriter.rewrite(source);
        assertThat(rewritten.position(rewrittenOffset)).isEqualTo(new ExpressionSource.Position(1, originalColumn));
    }
}
