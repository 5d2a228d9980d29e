package dev.plinth.platform.runs;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.plinth.platform.support.Api;
import dev.plinth.platform.support.PlinthTest;
import dev.plinth.platform.support.TestKeys;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/v1/runs/stats}: a tenant's runs per time bucket, counted from run history, and the
 * tokens of its LLM calls (the provider is simulated with WireMock).
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
