package dev.plinth.orchestrator.expression;

import static dev.plinth.orchestrator.expression.Json.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ExpressionContextTest {

    @Test
    void exposesTheRunStateAsOneJsonDocument() {
        ExpressionContext.Builder builder = ExpressionContext.builder()
                .input(json("{'a': 1}"))
                .step("fetch", "succeeded", json("{'rows': []}"), null)
                .step("notify", "failed", null, json("{'type': 'timeout'}"))
                .vars(json("{'x': true}"))
                .run("r-1", "wf", "app", 1);
        ExpressionContext context = builder.build();
        builder.step("later", "succeeded", null, null);

        assertThat(context.toJson()).isEqualTo(json("""
                {'input': {'a': 1},
                 'steps': {'fetch': {'output': {'rows': []}, 'status': 'succeeded', 'error': null},
                           'notify': {'output': null, 'status': 'failed', 'error': {'type': 'timeout'}}},
                 'vars': {'x': true},
                 'run': {'id': 'r-1', 'workflow': 'wf', 'app': 'app', 'attempt': 1}}"""));
        assertThat(context.withItem(json("'t'"), 4).toJson().get("item")).isEqualTo(json("'t'"));
        assertThat(context.withItem(json("'t'"), 4).toJson().get("index")).isEqualTo(json("4"));
    }

    @Test
    void anEmptyContextHasNullInputAndEmptyObjects() {
        assertThat(ExpressionContext.builder().build().toJson())
                .isEqualTo(json("{'input': null, 'steps': {}, 'vars': {}, 'run': {}}"));
    }

    @Test
    void varsMustBeAnObject() {
        assertThatThrownBy(() -> ExpressionContext.builder().vars(json("[1]")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("vars must be a JSON object");
    }
}
