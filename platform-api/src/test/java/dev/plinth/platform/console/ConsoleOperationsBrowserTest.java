package dev.plinth.platform.console;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.plinth.platform.support.Api;
import dev.plinth.platform.support.PlinthTest;
import dev.plinth.platform.support.TestKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The console's operations pages in a real browser: deploy agents and their task queue, and the
 * overview's run history, error rate, step latency and LLM tokens. A tenant of its own keeps every
 * count exact. Screenshots go to {@code target/console-screenshots/}.
 */
@PlinthTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleOperationsBrowserTest {

    static final String PASSWORD = "operations-password-1";

    /** Runs on the Plinth workers: one that completes (slowly), one that fails, one that asks an LLM. */
    static final String ACTIVITY = """
            apiVersion: plinth.dev/v1
            kind: App
            metadata: {name: %1$s}
            spec:
              connectors:
                echo: {type: echo}
                llm: {type: llm, baseUrl: "%2$s/v1", model: %3$s}
              workflows:
                - name: greet
                  steps:
                    - {id: work, type: call, connector: echo, with: {hello: world, delayMs: 150}}
                - name: oops
                  steps:
                    - {id: stop, type: fail, errorType: broken, message: it broke}
                - name: ask
                  steps:
                    - {id: draft, type: call, connector: llm, operation: chat, with: {prompt: Hello}}
            """;

    /** Its connector runs on the staging environment's deploy agents. */
    static final String AGENTIC = """
            apiVersion: plinth.dev/v1
            kind: App
            metadata: {name: %s}
            spec:
              connectors:
                db: {type: echo}
              environments:
                staging:
                  runsOn: {db: agent}
              workflows:
                - name: lookup
                  steps:
                    - {id: find, type: call, connector: db, with: {id: 7}}
            """;

    @RegisterExtension
    static WireMockExtension llm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @LocalServerPort
    int port;

    ConsoleBrowser browser;
    Api admin;
    String tenant;
    String email;
    String model;

    @BeforeAll
    void setUp() {
        assumeTrue(ConsoleBrowser.available(), "Chromium and chromedriver are needed for the console's browser "
                + "tests: apt-get install -y chromium chromium-driver");
        tenant = "ops-" + UUID.randomUUID().toString().substring(0, 8);
        Api.Response created = new Api(port, TestKeys.ROOT_ADMIN).postJson("/api/v1/tenants",
                "{\"name\":\"" + tenant + "\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        admin = new Api(port, created.body().at("/adminKey/key").asString());
        email = "ops@" + tenant + ".example.com";
        assertThat(admin.postJson("/api/v1/console-users", "{\"email\":\"" + email + "\",\"password\":\""
                + PASSWORD + "\",\"role\":\"admin\"}").status()).isEqualTo(201);
        model = "model-" + tenant;
        browser = ConsoleBrowser.start(port);
    }

    @AfterAll
    void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void signedIn() {
        browser.signOut();
        browser.signIn(tenant, email, PASSWORD);
    }

    @AfterEach
    void screenshot(TestInfo test) {
        browser.screenshot(test.getTestMethod().orElseThrow().getName());
    }

    @Test
    void theAgentsPageShowsALiveAgentTheTaskItHoldsAndTheTaskWaiting() {
        String app = newApp(AGENTIC.formatted("agt-" + tenant));
        deployToStaging(app);
        Api agentApi = admin.as(createKey("agent"));
        Api.Response registered = agentApi.postJson("/api/v1/agent/register",
                "{\"name\":\"edge-1\",\"environment\":\"staging\",\"version\":\"1.4.2\"}");
        assertThat(registered.status()).as(registered.toString()).isEqualTo(200);
        String agentId = registered.body().path("id").asString();
        for (int i = 0; i < 2; i++) {
            assertThat(admin.postJson("/api/v1/apps/" + app + "/workflows/lookup/runs?environment=staging",
                    "{\"input\":{}}").status()).isEqualTo(202);
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> admin.get("/api/v1/environments/staging/agent-tasks").body().size() == 2);
        Api.Response leased = agentApi.postJson("/api/v1/agent/tasks/lease",
                "{\"agent\":\"" + agentId + "\",\"max\":1}");
        assertThat(leased.body().path("tasks").size()).as(leased.toString()).isEqualTo(1);

        browser.open("/agents");

        WebElement row = browser.wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#agents tr[data-agent='edge-1']")));
        assertThat(row.getText()).contains("staging").contains("1.4.2").contains("live").contains("find");
        WebElement queue = browser.driver.findElement(By.cssSelector("[data-environment='staging']"));
        assertThat(queue.getText()).contains("1 waiting, 1 leased").contains("edge-1").contains("waiting");
        assertThat(browser.driver.findElement(By.cssSelector("a[href='#/agents']")).getAttribute("aria-current"))
                .isEqualTo("page");
    }

    @Test
    void theOverviewShowsTheTenantsRunsErrorRateStepLatencyAndLlmTokensAndNothingFromActuatorMetrics() {
        llm.givenThat(post("/v1/chat/completions").willReturn(okJson("""
                {"model": "%s", "choices": [{"index": 0, "finish_reason": "stop",
                  "message": {"role": "assistant", "content": "Hello to you."}}],
                 "usage": {"prompt_tokens": 40, "completion_tokens": 9, "total_tokens": 49}}""".formatted(model))));
        String app = newApp(ACTIVITY.formatted("act-" + tenant, llm.baseUrl(), model));
        for (String workflow : new String[] {"greet", "greet", "oops", "ask"}) {
            awaitEnd(app, admin.postJson("/api/v1/apps/" + app + "/workflows/" + workflow + "/runs",
                    "{\"input\":{}}").body().path("id").asString());
        }

        browser.open("/overview");

        browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("runs-last-hour"),
                "Last hour: 4 started, 3 completed, 1 failed, 0 cancelled"));
        WebElement runs = browser.driver.findElement(By.cssSelector(
                "svg.chart[aria-label='Runs started, completed, failed and cancelled per minute']"));
        assertThat(runs.findElements(By.tagName("path"))).as("a line per outcome").hasSize(4);
        assertThat(runs.findElements(By.tagName("path")).stream().map(line -> line.getAttribute("stroke")
                + " " + line.findElement(By.tagName("title")).getAttribute("textContent")))
                .as("outcomes in their colours").contains("#16a34a completed", "#dc2626 failed", "#9ca3af cancelled");

        // Error rate: failed out of ended runs in each minute the runs ended in (they may straddle two).
        List<WebElement> columns = browser.driver.findElements(By.cssSelector(
                "svg.chart[aria-label='Share of the runs ended in each minute that failed'] rect.column"));
        assertThat(columns).isNotEmpty();
        int failed = 0;
        int ended = 0;
        for (WebElement column : columns) {
            Matcher counts = Pattern.compile("(\\d+) of (\\d+) ended runs failed")
                    .matcher(column.findElement(By.tagName("title")).getAttribute("textContent"));
            assertThat(counts.find()).isTrue();
            failed += Integer.parseInt(counts.group(1));
            ended += Integer.parseInt(counts.group(2));
            assertThat(Double.parseDouble(column.getAttribute("data-value")))
                    .isEqualTo((double) Integer.parseInt(counts.group(1)) / Integer.parseInt(counts.group(2)) * 100);
        }
        assertThat(failed).as("failed runs").isEqualTo(1);
        assertThat(ended).as("ended runs").isEqualTo(4);

        // Step latency: the points drawn are the tenant's figures from /api/v1/runs/stats.
        JsonNode latency = admin.get("/api/v1/runs/stats").body().path("stepLatency");
        List<String> expected = new ArrayList<>();
        latency.path("overall").forEach(b -> {
            expected.add("p95 " + b.path("p95Millis").asDouble());
            expected.add("mean " + b.path("meanMillis").asDouble());
        });
        assertThat(expected).isNotEmpty();
        assertThat(points("Step latency per minute, p95 and mean of all steps"))
                .containsExactlyInAnyOrderElementsOf(expected);
        List<String> byType = new ArrayList<>();
        latency.path("byStepType").forEach(b -> byType.add(b.path("stepType").asString() + " "
                + b.path("p95Millis").asDouble()));
        assertThat(points("p95 step latency per minute by step type")).containsExactlyInAnyOrderElementsOf(byType);
        assertThat(byType).anyMatch(point -> point.startsWith("call "));
        assertThat(latency.path("byStepType").valueStream().filter(b -> b.path("stepType").asString().equals("call"))
                .mapToDouble(b -> b.path("p95Millis").asDouble()).max().orElseThrow())
                .as("the greeting waited 150 ms").isGreaterThanOrEqualTo(150);

        WebElement tokens = browser.driver.findElement(By.cssSelector(
                "svg.chart[aria-label='LLM tokens in the last hour by model, input and output']"));
        assertThat(tokens.getText()).contains(model + " · input").contains("40 tokens")
                .contains(model + " · output").contains("9 tokens");
        assertThat(browser.driver.findElements(By.cssSelector(
                "svg.chart[aria-label='LLM tokens per minute by model'] path"))).hasSize(1);

        // Nothing from the installation's metrics, which hold every tenant's meters; health is the
        // public probe, the same for every caller.
        @SuppressWarnings("unchecked")
        List<String> fetched = (List<String>) browser.script(
                "return performance.getEntriesByType('resource').map(e => e.name);");
        assertThat(fetched).anyMatch(name -> name.contains("/api/v1/runs/stats"))
                .filteredOn(name -> name.contains("/actuator/"))
                .allMatch(name -> name.endsWith("/actuator/health"));
    }

    /** The points of a line chart with dots, as "series value". */
    List<String> points(String chart) {
        return browser.driver.findElements(By.cssSelector("svg.chart[aria-label='" + chart + "'] circle")).stream()
                .map(dot -> dot.getAttribute("data-series") + " " + Double.parseDouble(dot.getAttribute("data-value")))
                .toList();
    }

    String newApp(String definition) {
        String name = definition.substring(definition.indexOf("{name: ") + 7, definition.indexOf('}'));
        assertThat(admin.postJson("/api/v1/apps", "{\"name\":\"" + name + "\"}").status()).isEqualTo(201);
        Api.Response revision = admin.call("POST", "/api/v1/apps/" + name + "/revisions").yaml(definition).send();
        assertThat(revision.status()).as(revision.toString()).isEqualTo(201);
        return name;
    }

    void deployToStaging(String app) {
        Api.Response accepted = admin.postJson("/api/v1/apps/" + app + "/deployments",
                "{\"revision\":1,\"environment\":\"staging\"}");
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        String path = "/api/v1/apps/" + app + "/deployments/" + accepted.body().path("id").asString();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> !Set.of("pending", "checking").contains(admin.get(path).body().path("status").asString()));
        assertThat(admin.get(path).body().path("status").asString()).isEqualTo("active");
    }

    String createKey(String role) {
        Api.Response created = admin.postJson("/api/v1/keys", "{\"name\":\"" + role + " key\",\"role\":\"" + role
                + "\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.body().path("key").asString();
    }

    void awaitEnd(String app, String runId) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> !"running".equals(
                admin.get("/api/v1/apps/" + app + "/runs/" + runId).body().path("status").asString()));
    }
}
