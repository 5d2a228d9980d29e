package dev.plinth.platform.runs;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.plinth.platform.support.Api;
import dev.plinth.platform.support.PlinthTest;
import dev.plinth.platform.support.TestKeys;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/v1/runs/stats}: a tenant's runs per time bucket, counted from run history, the
 * latency of their steps, and the tokens of its LLM calls (the provider is simulated with WireMock).
 */
@PlinthTest
class RunStatsTest {

    static final String APP = """
            apiVersion: plinth.dev/v1
            kind: App
            metadata: {name: %1$s}
            spec:
              connectors:
                echo: {type: echo}
                llm: {type: llm, baseUrl: "%2$s/v1", model: stats-model}
              workflows:
                - name: greet
                  steps:
                    - {id: work, type: call, connector: echo, with: {hello: world}}
                - name: oops
                  steps:
                    - {id: stop, type: fail, errorType: broken, message: it broke}
                - name: ask
                  steps:
                    - {id: ask, type: approval, role: builder, prompt: "Go on?"}
                - name: draft
                  steps:
                    - {id: write, type: call, connector: llm, operation: chat, with: {prompt: Hello}}
            """;

    /** Steps of known, different durations, and a parallel step whose branches' own steps are not measured. */
    static final String TIMED = """
            apiVersion: plinth.dev/v1
            kind: App
            metadata: {name: %s}
            spec:
              connectors:
                echo: {type: echo}
              workflows:
                - name: fast
                  steps:
                    - {id: quick, type: call, connector: echo, with: {delayMs: 20}}
                - name: slow
                  steps:
                    - {id: prep, type: transform, value: {base: ten}}
                    - {id: nap, type: call, connector: echo, with: {delayMs: 300}}
                - name: oops
                  steps:
                    - {id: stop, type: fail, errorType: broken, message: it broke}
                - name: fan
                  steps:
                    - id: both
                      type: parallel
                      branches:
                        - name: left
                          steps:
                            - {id: l1, type: call, connector: echo, with: {delayMs: 200}}
                        - name: right
                          steps:
                            - {id: r1, type: call, connector: echo, with: {delayMs: 200}}
            """;

    @RegisterExtension
    static WireMockExtension llm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @LocalServerPort
    int port;

    Api root;

    @BeforeEach
    void setUp() {
        root = new Api(port, TestKeys.ROOT_ADMIN);
    }

    @Test
    void countsTheTenantsRunsStartedAndEndedAndTheirLlmTokensPerBucket() {
        llm.givenThat(post("/v1/chat/completions").willReturn(okJson("""
                {"model": "stats-model-2026", "choices": [{"index": 0, "finish_reason": "stop",
                  "message": {"role": "assistant", "content": "Hi."}}],
                 "usage": {"prompt_tokens": 40, "completion_tokens": 9, "total_tokens": 49}}""")));
        Api tenant = newTenant();
        String app = newApp(tenant);
        String cancelled = start(tenant, app, "ask");
        for (String workflow : new String[] {"greet", "greet", "oops", "draft", "draft"}) {
            awaitEnd(tenant, app, start(tenant, app, workflow));
        }
        assertThat(tenant.postJson("/api/v1/apps/" + app + "/runs/" + cancelled + "/cancel", "{}").status())
                .isEqualTo(200);
        start(tenant, app, "ask");

        Api.Response stats = tenant.get("/api/v1/runs/stats");

        assertThat(stats.status()).as(stats.toString()).isEqualTo(200);
        JsonNode body = stats.body();
        assertThat(body.path("bucket").asString()).isEqualTo("1m");
        JsonNode runs = body.path("runs");
        assertThat(runs.size()).as("every minute of the last hour, empty ones too").isBetween(60, 61);
        Instant first = Instant.parse(runs.get(0).path("start").asString());
        assertThat(first.getEpochSecond() % 60).as("buckets start on the minute").isZero();
        assertThat(Instant.parse(runs.get(1).path("start").asString())).isEqualTo(first.plusSeconds(60));
        assertThat(total(runs, "started")).isEqualTo(7);
        assertThat(total(runs, "completed")).isEqualTo(4);
        assertThat(total(runs, "failed")).isEqualTo(1);
        assertThat(total(runs, "cancelled")).isEqualTo(1);
        JsonNode tokens = body.path("llmTokens");
        assertThat(tokens.valueStream().map(t -> t.path("model").asString()).distinct())
                .as("the model the definition asked for").containsExactly("stats-model");
        assertThat(total(tokens, "promptTokens")).isEqualTo(80);
        assertThat(total(tokens, "completionTokens")).isEqualTo(18);

        JsonNode others = newTenant().get("/api/v1/runs/stats").body();
        assertThat(total(others.path("runs"), "started")).as("another tenant sees none of them").isZero();
        assertThat(others.path("llmTokens").isEmpty()).isTrue();
        String before = Instant.now().minus(2, ChronoUnit.HOURS).toString();
        JsonNode earlier = tenant.get("/api/v1/runs/stats?to=" + before + "&bucket=5m").body();
        assertThat(earlier.path("runs").size()).isBetween(12, 13);
        assertThat(total(earlier.path("runs"), "started")).as("nothing before the runs").isZero();
        assertThat(earlier.path("llmTokens").isEmpty()).isTrue();
        JsonNode daily = tenant.get("/api/v1/runs/stats?from=" + Instant.now().minus(3, ChronoUnit.DAYS)
                + "&bucket=1d").body();
        assertThat(total(daily.path("runs"), "started")).isEqualTo(7);
        assertThat(total(daily.path("llmTokens"), "promptTokens")).isEqualTo(80);
    }

    @Test
    void measuresTheStepLatencyOfTheTenantsRunsPerBucketByStepTypeAndOverall() {
        Api tenant = newTenant();
        String app = "timed-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(tenant.postJson("/api/v1/apps", "{\"name\":\"" + app + "\"}").status()).isEqualTo(201);
        assertThat(tenant.call("POST", "/api/v1/apps/" + app + "/revisions").yaml(TIMED.formatted(app)).send()
                .status()).isEqualTo(201);
        List<String> runIds = new ArrayList<>();
        for (String workflow : new String[] {"fast", "fast", "fast", "slow", "slow", "oops", "fan"}) {
            String run = start(tenant, app, workflow);
            awaitEnd(tenant, app, run);
            runIds.add(run);
        }
        // What the figures must be, from each run's end and its own step attempts (GET .../history).
        Map<Instant, Map<String, List<Double>>> expected = new TreeMap<>();
        for (String run : runIds) {
            Instant ended = Instant.parse(tenant.get("/api/v1/apps/" + app + "/runs/" + run).body()
                    .path("endedAt").asString());
            Map<String, List<Double>> bucket = expected.computeIfAbsent(ended.truncatedTo(ChronoUnit.MINUTES),
                    start -> new TreeMap<>());
            for (JsonNode attempt : tenant.get("/api/v1/apps/" + app + "/runs/" + run + "/history").body()) {
                if (attempt.path("endedAt").isNull()) {
                    continue; // an attempt still open is not measured
                }
                double millis = Duration.between(Instant.parse(attempt.path("startedAt").asString()),
                        Instant.parse(attempt.path("endedAt").asString())).toNanos() / 1e6;
                bucket.computeIfAbsent(attempt.path("type").asString(), type -> new ArrayList<>()).add(millis);
                bucket.computeIfAbsent("", type -> new ArrayList<>()).add(millis);
            }
        }

        Api.Response stats = tenant.get("/api/v1/runs/stats");

        assertThat(stats.status()).as(stats.toString()).isEqualTo(200);
        JsonNode latency = stats.body().path("stepLatency");
        Map<Instant, Map<String, JsonNode>> measured = new TreeMap<>();
        latency.path("overall").forEach(b -> measured.computeIfAbsent(Instant.parse(b.path("start").asString()),
                start -> new TreeMap<>()).put("", b));
        latency.path("byStepType").forEach(b -> measured.computeIfAbsent(Instant.parse(b.path("start").asString()),
                start -> new TreeMap<>()).put(b.path("stepType").asString(), b));
        assertThat(measured.keySet()).isEqualTo(expected.keySet());
        expected.forEach((start, types) -> {
            assertThat(measured.get(start).keySet()).as("step types at " + start).isEqualTo(types.keySet());
            types.forEach((type, durations) -> {
                JsonNode figures = measured.get(start).get(type);
                String what = (type.isEmpty() ? "all steps" : type) + " at " + start;
                assertThat(figures.path("attempts").asLong()).as(what).isEqualTo(durations.size());
                assertThat(figures.path("meanMillis").asDouble()).as(what)
                        .isCloseTo(durations.stream().mapToDouble(d -> d).average().orElseThrow(), within(0.01));
                assertThat(figures.path("p95Millis").asDouble()).as(what).isCloseTo(p95(durations), within(0.01));
            });
        });
        assertThat(latency.path("byStepType").valueStream().filter(b -> b.path("stepType").asString().equals("call"))
                .mapToLong(b -> b.path("attempts").asLong()).sum())
                .as("the calls of fast and slow, not those inside the parallel step's branches").isEqualTo(5);
        assertThat(latency.path("byStepType").valueStream().filter(b -> b.path("stepType").asString().equals("call"))
                .mapToDouble(b -> b.path("p95Millis").asDouble()).max().orElseThrow())
                .as("the slow call waited 300 ms").isGreaterThanOrEqualTo(300);

        JsonNode others = newTenant().get("/api/v1/runs/stats").body().path("stepLatency");
        assertThat(others.path("overall").isEmpty()).as("another tenant sees none of them").isTrue();
        assertThat(others.path("byStepType").isEmpty()).isTrue();
        assertThat(tenant.get("/api/v1/runs/stats?to=" + Instant.now().minus(2, ChronoUnit.HOURS))
                .body().at("/stepLatency/overall").isEmpty()).as("nothing before the runs").isTrue();
        Api.Response bad = tenant.get("/api/v1/runs/stats?bucket=2m&to=soon");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.contentType()).contains("application/problem+json");
        assertThat(bad.pointers()).containsExactlyInAnyOrder("/bucket", "/to");
    }

    /** The 95th percentile as Postgres's percentile_cont computes it: interpolated between neighbours. */
    static double p95(List<Double> durations) {
        List<Double> sorted = durations.stream().sorted().toList();
        double position = 0.95 * (sorted.size() - 1);
        int below = (int) Math.floor(position);
        int above = (int) Math.ceil(position);
        return sorted.get(below) + (position - below) * (sorted.get(above) - sorted.get(below));
    }

    @Test
    void badParametersAreRefusedWithAPointerEach() {
        Api.Response bucket = root.get("/api/v1/runs/stats?bucket=7m");
        assertThat(bucket.status()).isEqualTo(422);
        assertThat(bucket.contentType()).contains("application/problem+json");
        assertThat(bucket.pointers()).containsExactly("/bucket");

        assertThat(root.get("/api/v1/runs/stats?from=yesterday&to=2026-13-01&bucket=1x").pointers())
                .containsExactlyInAnyOrder("/bucket", "/from", "/to");
        Instant now = Instant.now();
        assertThat(root.get("/api/v1/runs/stats?from=" + now + "&to=" + now.minusSeconds(3600)).pointers())
                .containsExactly("/to");
        Api.Response tooMany = root.get("/api/v1/runs/stats?from=" + now.minus(Duration.ofDays(2)) + "&bucket=1m");
        assertThat(tooMany.status()).isEqualTo(422);
        assertThat(tooMany.pointers()).containsExactly("/from");
        assertThat(root.get("/api/v1/runs/stats?from=" + now.minus(Duration.ofDays(2)) + "&bucket=5m").status())
                .as("the same window in wider buckets").isEqualTo(200);
        assertThat(new Api(port, "plk_not_a_key").get("/api/v1/runs/stats").status()).isEqualTo(401);
    }

    Api newTenant() {
        String name = "stats-" + UUID.randomUUID().toString().substring(0, 8);
        Api.Response created = root.postJson("/api/v1/tenants", "{\"name\":\"" + name + "\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return root.as(created.body().at("/adminKey/key").asString());
    }

    String newApp(Api tenant) {
        String app = "stats-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(tenant.postJson("/api/v1/apps", "{\"name\":\"" + app + "\"}").status()).isEqualTo(201);
        Api.Response revision = tenant.call("POST", "/api/v1/apps/" + app + "/revisions")
                .yaml(APP.formatted(app, llm.baseUrl())).send();
        assertThat(revision.status()).as(revision.toString()).isEqualTo(201);
        return app;
    }

    String start(Api tenant, String app, String workflow) {
        Api.Response started = tenant.postJson("/api/v1/apps/" + app + "/workflows/" + workflow + "/runs",
                "{\"input\":{}}");
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        return started.body().path("id").asString();
    }

    void awaitEnd(Api tenant, String app, String runId) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> !"running".equals(
                tenant.get("/api/v1/apps/" + app + "/runs/" + runId).body().path("status").asString()));
    }

    static long total(JsonNode buckets, String count) {
        long sum = 0;
        for (JsonNode bucket : buckets) {
            sum += bucket.path(count).asLong();
        }
        return sum;
    }
}
