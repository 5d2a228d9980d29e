package dev.plinth.platform.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plinth.platform.support.Api;
import dev.plinth.platform.support.InMemorySpans;
import dev.plinth.platform.support.PlinthTest;
import dev.plinth.platform.support.TestKeys;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Every HTTP request is a trace: a server span, its trace id in the response and in the request's log lines. */
@PlinthTest
@ExtendWith(OutputCaptureExtension.class)
class TracingTest {

    @LocalServerPort
    int port;

    @Autowired
    InMemorySpans spans;

    @Autowired
    LoggingSystem logging;

    @Test
    void anHttpRequestProducesAServerSpanWhoseTraceIdTheResponseAndTheLogLinesCarry(CapturedOutput output) {
        // DispatcherServlet logs each request at debug: a log line written inside the request.
        String dispatcher = "org.springframework.web.servlet.DispatcherServlet";
        logging.setLogLevel(dispatcher, LogLevel.DEBUG);
        Api.Response response;
        try {
            response = new Api(port, TestKeys.ROOT_ADMIN).call("GET", "/api/v1/me")
                    .header("X-Request-Id", "trace-test-1").send();
        } finally {
            logging.setLogLevel(dispatcher, null);
        }
        assertThat(response.status()).isEqualTo(200);
        String traceId = response.header("X-Trace-Id");
        assertThat(traceId).matches("[0-9a-f]{32}");

        // Spans leave through a batch processor, so they arrive a little after the response.
        List<SpanData> server = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> spans.find(span -> span.getTraceId().equals(traceId) && span.getKind() == SpanKind.SERVER),
                        found -> !found.isEmpty());
        assertThat(server).hasSize(1);
        SpanData span = server.get(0);
        assertThat(span.getParentSpanContext().isValid()).as("the request started the trace").isFalse();
        assertThat(span.getName()).isEqualTo("http get /api/v1/me");

        assertThat(output.getAll().lines().filter(line -> line.contains("[trace-test-1,")))
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line).contains("[trace-test-1," + traceId + ","));
    }

    @Test
    void anIncomingTraceparentIsContinued() {
        String parentTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
        Api.Response response = new Api(port, TestKeys.ROOT_ADMIN).call("GET", "/api/v1/me")
                .header("traceparent", "00-" + parentTrace + "-00f067aa0ba902b7-01").send();
        assertThat(response.header("X-Trace-Id")).isEqualTo(parentTrace);
        List<SpanData> server = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> spans.find(span -> span.getTraceId().equals(parentTrace)
                        && span.getKind() == SpanKind.SERVER), found -> !found.isEmpty());
        assertThat(server.get(0).getParentSpanId()).isEqualTo("00f067aa0ba902b7");
    }

    @Test
    void theEnginesPollsStartNoExportedTraces() {
        String traceId = new Api(port, TestKeys.ROOT_ADMIN).get("/api/v1/me").header("X-Trace-Id");
        // Spans leave in the order they finish: once this request's span is out, earlier polls' are too.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> spans.find(span -> span.getTraceId().equals(traceId)), found -> !found.isEmpty());
        String metrics = new Api(port, TestKeys.ROOT_ADMIN).get("/actuator/prometheus").text();
        assertThat(metrics).as("the timer poller ran as an observed scheduled task")
                .contains("code_namespace=\"dev.plinth.orchestrator.internal.Timers\"");
        assertThat(spans.find(span -> !span.getParentSpanContext().isValid()
                && span.getAttributes().asMap().keySet().stream().anyMatch(key -> key.getKey().equals("code.function"))))
                .isEmpty();
    }
}
