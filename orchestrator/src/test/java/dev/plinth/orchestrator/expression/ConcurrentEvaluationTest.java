package dev.plinth.orchestrator.expression;

import static dev.plinth.orchestrator.expression.Json.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ConcurrentEvaluationTest {

    private static final int THREADS = 8;
    private static final int ROUNDS = 300;

    @Test
    void oneSharedInstanceEvaluatesCorrectlyFromManyThreads() throws Exception {
        Expressions expressions = new Expressions(new ExpressionLimits(4096, 64, 10_000, 1_000_000, 1_000, 16));
        Templates templates = new Templates(expressions);
        JsonNode template = json("{'who': '${input.name}', 'total': '${input.items.map(i, i * input.factor)}',"
                + " 'line': '#${input.n}: ${input.name}'}");
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    int checked = 0;
                    for (int round = 0; round < ROUNDS; round++) {
                        int n = thread * ROUNDS + round;
                        ExpressionContext context = ExpressionContext.builder()
                                .input(json("{'name': 'user-" + n + "', 'n': " + n + ", 'factor': " + n
                                        + ", 'items': [1, 2, 3]}"))
                                .build();
                        // a different expression each round also churns the small compile cache
                        String condition = "input.n == " + n + " && input.name.endsWith('-" + n + "')";
                        assertThat(expressions.test(expressions.compile(condition), context)).isTrue();
                        assertThat(templates.resolve(template, context)).isEqualTo(json("{'who': 'user-" + n
                                + "', 'total': [" + n + ", " + 2 * n + ", " + 3 * n + "],"
                                + " 'line': '#" + n + ": user-" + n + "'}"));
                        checked++;
                    }
                    return checked;
                }));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get()).isEqualTo(ROUNDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
