package dev.plinth.platform.observability;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.plinth.platform.support.Api;
import dev.plinth.platform.support.PlinthTest;
import dev.plinth.platform.support.TestKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The metrics catalogue ({@code observability/README.md}) against what {@code /actuator/prometheus}
 * exposes, both ways, after exercising every feature that registers a meter: workflow runs with a
 * retried step, memory writes, embeddings and retention purges. Then the exposition through
 * Prometheus's own linter.
 */
@PlinthTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsCatalogueTest {

    /** Catalogued meters registered by modules that are not in this build yet (see the catalogue). */
    static final Set<String> NOT_IN_THIS_BUILD = Set.of();

    /** An OpenAI-compatible endpoint (a third-party system), so an llm step spends tokens. */
    @RegisterExtension
    static WireMockExtension llm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    /**
     * promtool lint findings accepted on standard (non-Plinth) families, and why. Plinth's own meters
     * must have none.
     */
    static final Map<String, String> ACCEPTED_LINT = Map.of(
            "no help text",
            "Spring Boot's HTTP server and scheduling observations and Kafka's per-node client metrics carry "
                    + "no description, so Micrometer writes no HELP line",
            "metric names should not contain abbreviated units",
            "Kafka client metrics (..._time_ns_total) and the JVM binders keep the names Kafka and Micrometer "
                    + "give them, which every Kafka and JVM dashboard expects",
            "non-histogram and non-summary metrics should not have \"_count\" suffix",
            "kafka_*_connection_count and system_cpu_count are gauges so named by Kafka and Micrometer");

    static final Pattern UUID_LIKE = Pattern.compile("(?i).*[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}.*");
    static final String USER = "catalogue-user-4711";
    static final String SESSION = "catalogue-session-0815";

    static final String APP = """
            apiVersion: plinth.dev/v1
            kind: App
            metadata: {name: %s}
            spec:
              memory:
                retention: {messages: PT1S}
              connectors:
                orders: {type: echo}
                warehouse: {type: echo}
                assistant: {type: llm, baseUrl: "%s/v1", model: catalogue-model}
              environments:
                dev:
                  runsOn: {warehouse: agent}
              workflows:
                - name: ask
                  steps:
                    - {id: answer, type: call, connector: assistant, operation: chat, with: {prompt: hello}}
                - name: remote
                  steps:
                    - {id: count, type: call, connector: warehouse}
                - name: metered
                  steps:
                    - id: lookup
                      type: call
                      connector: orders
                      with: {failAttempts: 1}
                      retry: {maxAttempts: 2, backoff: fixed, initialDelay: PT0.1S}
                    - id: done
                      type: succeed
            """;

    @LocalServerPort
    int port;

    Api api;
    Catalogue catalogue;
    String exposition;
    String waitingForAgent;

    @AfterAll
    void cancelTheRunWaitingForAnAgent() {
        if (waitingForAgent != null) {
            api.postJson(waitingForAgent + "/cancel", "{}");
        }
    }

    @BeforeAll
    void exerciseEveryMeteredFeatureAndScrape() {
        api = new Api(port, TestKeys.ROOT_ADMIN);
        catalogue = Catalogue.read();
        String app = "metrics-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(api.postJson("/api/v1/apps", "{\"name\":\"" + app + "\"}").status()).isEqualTo(201);
        Api.Response revision = api.call("POST", "/api/v1/apps/" + app + "/revisions").yaml(APP.formatted(app, llm.baseUrl())).send();
        assertThat(revision.status()).as(revision.toString()).isEqualTo(201);

        Api.Response run = api.postJson("/api/v1/apps/" + app + "/workflows/metered/runs", "{\"input\":{}}");
        assertThat(run.status()).as(run.toString()).isEqualTo(202);
        llm.stubFor(post("/v1/chat/completions").willReturn(okJson("""
                {"model": "catalogue-model", "choices": [{"index": 0, "finish_reason": "stop",
                  "message": {"role": "assistant", "content": "hi"}}],
                 "usage": {"prompt_tokens": 5, "completion_tokens": 1, "total_tokens": 6}}""")));
        assertThat(api.postJson("/api/v1/apps/" + app + "/workflows/ask/runs", "{\"input\":{}}").status())
                .isEqualTo(202);

        // A deployment's pre-flight checks, then a run in its environment whose step waits for a
        // deploy agent (none runs here): the deployment and agent-queue meters.
        Api.Response deployment = api.postJson("/api/v1/apps/" + app + "/deployments",
                "{\"revision\":1,\"environment\":\"dev\"}");
        assertThat(deployment.status()).as(deployment.toString()).isEqualTo(202);
        String deploymentId = deployment.body().path("id").asString();
        await().atMost(Duration.ofSeconds(60)).until(() -> "active".equals(
                api.get("/api/v1/apps/" + app + "/deployments/" + deploymentId).body().path("status").asString()));
        Api.Response remote = api.postJson("/api/v1/apps/" + app + "/workflows/remote/runs?environment=dev",
                "{\"input\":{}}");
        assertThat(remote.status()).as(remote.toString()).isEqualTo(202);
        waitingForAgent = "/api/v1/apps/" + app + "/runs/" + remote.body().path("id").asString();
        String agentKey = api.postJson("/api/v1/keys", "{\"name\":\"catalogue-agent\",\"role\":\"agent\"}").body()
                .path("key").asString();
        Api.Response registered = api.as(agentKey).postJson("/api/v1/agent/register",
                "{\"name\":\"catalogue-agent\",\"environment\":\"staging\",\"version\":\"test\"}");
        assertThat(registered.status()).as(registered.toString()).isIn(200, 201);
        String user = "/api/v1/apps/" + app + "/memory/users/" + USER;
        assertThat(api.postJson(user + "/sessions/" + SESSION + "/messages",
                "{\"role\":\"user\",\"content\":\"the parcel never arrived\"}").status()).isEqualTo(201);
        assertThat(api.postJson(user + "/facts", "{\"key\":\"city\",\"text\":\"lives in Lyon\"}").status())
                .isEqualTo(201);

        // Runs end, texts get embedded and the one-second retention purges in the background.
        Set<String> expected = catalogue.entries().stream()
                .filter(entry -> !NOT_IN_THIS_BUILD.contains(entry.meter()))
                .map(entry -> entry.type().equals("timer") ? entry.prometheus() + "_count" : entry.prometheus())
                .collect(Collectors.toSet());
        exposition = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(this::scrape, text -> names(text).containsAll(expected));
        // Kept for reading when a check below fails.
        try {
            Files.writeString(Path.of("target/prometheus-exposition.txt"), exposition);
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    @Test
    void everyExposedPlinthFamilyIsCatalogued() {
        Set<String> uncatalogued = new LinkedHashSet<>();
        for (Exposition.Sample sample : Exposition.parse(exposition).named("plinth_")) {
            if (catalogue.bySample(sample.name()) == null) {
                uncatalogued.add(sample.name());
            }
        }
        assertThat(uncatalogued).as("plinth_* samples missing from the catalogue in observability/README.md")
                .isEmpty();
    }

    @Test
    void everyCataloguedMeterIsExposedAndNoPendingOneSilentlyExists() {
        Set<String> exposed = names(exposition);
        for (Catalogue.Entry entry : catalogue.entries()) {
            String sample = entry.type().equals("timer") ? entry.prometheus() + "_count" : entry.prometheus();
            if (NOT_IN_THIS_BUILD.contains(entry.meter())) {
                assertThat(exposed).as("%s is exposed now: take it off NOT_IN_THIS_BUILD", entry.meter())
                        .doesNotContain(sample);
            } else {
                assertThat(exposed).as("catalogued %s", entry.meter()).contains(sample);
            }
        }
        assertThat(NOT_IN_THIS_BUILD).isSubsetOf(catalogue.entries().stream().map(Catalogue.Entry::meter).toList());
    }

    @Test
    void tagsAreExactlyTheCataloguedOnesAndCarryNoIds() {
        for (Exposition.Sample sample : Exposition.parse(exposition).named("plinth_")) {
            Catalogue.Entry entry = catalogue.bySample(sample.name());
            Set<String> allowed = new HashSet<>(entry.tags());
            allowed.add("application");
            Set<String> tags = new HashSet<>(sample.labels().keySet());
            if (sample.name().endsWith("_bucket")) {
                assertThat(tags.remove("le")).as("bucket of %s", sample.name()).isTrue();
            }
            assertThat(tags).as("tags of %s", sample).isEqualTo(allowed);
            for (Map.Entry<String, String> tag : sample.labels().entrySet()) {
                assertThat(tag.getValue()).as("%s of %s", tag.getKey(), sample.name())
                        .doesNotMatch(UUID_LIKE).doesNotContain(USER).doesNotContain(SESSION);
            }
        }
    }

    @Test
    void theExpositionPassesPromtoolCheckMetrics() {
        ExternalTool.Result result = new ExternalTool("promtool", "prometheus").run(exposition, Map.of(),
                "check", "metrics");
        List<String> findings = result.output().lines().filter(line -> !line.isBlank()).toList();
        assertThat(result.exitCode()).as("promtool exit code (3 = lint findings only): %s", findings)
                .isIn(0, 3);
        for (String finding : findings) {
            assertThat(finding).as("promtool finding on Plinth's own meter").doesNotStartWith("plinth_");
            assertThat(ACCEPTED_LINT.keySet()).as("promtool finding not accepted: %s", finding)
                    .anyMatch(finding::endsWith);
        }
    }

    private String scrape() {
        Api.Response response = api.get("/actuator/prometheus");
        assertThat(response.status()).isEqualTo(200);
        return response.text();
    }

    private static Set<String> names(String text) {
        return Exposition.parse(text).samples().stream().map(Exposition.Sample::name).collect(Collectors.toSet());
    }
}
