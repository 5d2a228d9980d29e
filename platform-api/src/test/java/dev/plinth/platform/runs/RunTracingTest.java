package dev.plinth.platform.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plinth.platform.support.Api;
import dev.plinth.platform.support.InMemorySpans;
import dev.plinth.platform.support.PlinthTest;
import dev.plinth.platform.support.TestKeys;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** One trace follows a run from the API call through the outbox, Kafka and a timer into every step. */
@PlinthTest
class RunTracingTest {

    @LocalServerPort
    int port;

    @Autowired
    InMemorySpans spans;

    @Test
    void theTraceOfTheStartRequestContinuesThroughEveryTransitionAndStep() {
        Api api = new Api(port, TestKeys.ROOT_ADMIN);
        String app = "traced-" + UUID.randomUUID().toString().substring(0, 8);
        api.postJson("/api/v1/apps", "{\"name\":\"" + app + "\"}");
        String yaml = """
                apiVersion: plinth.dev/v1
                kind: App
                metadata: {name: %s}
                spec:
                  connectors: {echo: {type: echo}}
                  workflows:
                    - name: hop
                      steps:
                        - {id: first, type: call, connector: echo, with: {n: 1}}
                        - {id: nap, type: wait, duration: PT0.5S}
                        - {id: second, type: call, connector: echo, with: {n: 2}}
                """.formatted(app);
        assertThat(api.call("POST", "/api/v1/apps/" + app + "/revisions").yaml(yaml).send().status()).isEqualTo(201);

        Api.Response started = api.postJson("/api/v1/apps/" + app + "/workflows/hop/runs", "{\"input\":{}}");
        String traceId = started.header("X-Trace-Id");
        assertThat(traceId).matches("[0-9a-f]{32}");
        String run = started.body().path("id").asString();
        await().atMost(Duration.ofSeconds(90)).until(() -> "completed".equals(
                api.get("/api/v1/apps/" + app + "/runs/" + run).body().path("status").asString()));

        List<SpanData> steps = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> spans.find(span -> span.getTraceId().equals(traceId)
                        && span.getName().equals("plinth.workflow.step")), found -> found.size() == 2);
        assertThat(steps).extracting(span -> span.getAttributes().asMap().toString())
                .anySatisfy(attributes -> assertThat(attributes).contains("first"))
                .anySatisfy(attributes -> assertThat(attributes).as("after the timer fired").contains("second"));
        // Awaited like the steps: the last event's span ends just after its transaction commits, so a
        // run can read back completed a moment before that span is exported.
        List<SpanData> events = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> spans.find(span -> span.getTraceId().equals(traceId)
                        && span.getName().equals("plinth.workflow.event")), found -> found.size() >= 4);
        assertThat(events).as("start, results and the timer's wake")
                .extracting(span -> span.getAttributes().asMap().toString())
                .anySatisfy(attributes -> assertThat(attributes).contains("start"))
                .anySatisfy(attributes -> assertThat(attributes).contains("wake"));

        JsonNode history = api.get("/api/v1/apps/" + app + "/runs/" + run + "/history").body();
        assertThat(history).isNotEmpty().allSatisfy(attempt ->
                assertThat(attempt.path("traceId").asString()).as(attempt.toString()).isEqualTo(traceId));
    }
}
