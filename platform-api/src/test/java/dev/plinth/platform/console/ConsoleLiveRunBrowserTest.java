package dev.plinth.platform.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.plinth.platform.support.Api;
import dev.plinth.platform.support.PlinthTest;
import dev.plinth.platform.support.TestKeys;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The console's run page following a run over its server-sent event stream, and the runs page's
 * time and id filters, in a real browser. Screenshots go to {@code target/console-screenshots/}.
 */
@PlinthTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleLiveRunBrowserTest {

    static final String DEFINITION = """
            apiVersion: plinth.dev/v1
            kind: App
            metadata: {name: %s}
            spec:
              workflows:
                - name: gated
                  steps:
                    - {id: hold, type: awaitSignal, signal: paid, timeout: PT5M, onTimeout: late}
                    - {id: done, type: succeed, output: "${steps.hold.output.amount}"}
                    - {id: late, type: fail, message: no payment}
                - name: quick
                  steps:
                    - {id: done, type: succeed}
            """;

    @LocalServerPort
    int port;

    ConsoleBrowser browser;
    Api api;
    String app;

    @BeforeAll
    void startBrowser() {
        assumeTrue(ConsoleBrowser.available(), ConsoleBrowser.INSTALL_HINT);
        browser = new ConsoleBrowser(port);
        api = new Api(port, TestKeys.ROOT_ADMIN);
        app = "live-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(api.postJson("/api/v1/apps", "{\"name\":\"" + app + "\"}").status()).isEqualTo(201);
        Api.Response revision = api.call("POST", "/api/v1/apps/" + app + "/revisions")
                .yaml(DEFINITION.formatted(app)).send();
        assertThat(revision.status()).as(revision.toString()).isEqualTo(201);
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
        browser.signIn(TestKeys.CONSOLE_ADMIN_EMAIL, TestKeys.CONSOLE_ADMIN_PASSWORD);
    }

    @AfterEach
    void screenshot(TestInfo test) {
        browser.screenshot(test.getTestMethod().orElseThrow().getName());
    }

    String start(String workflow) {
        Api.Response started = api.postJson("/api/v1/apps/" + app + "/workflows/" + workflow + "/runs",
                "{\"input\":{}}");
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        return started.body().path("id").asString();
    }

    @Test
    void aRunWaitingForASignalIsFollowedLiveOverTheEventStreamWithoutPolling() {
        String run = start("gated");
        browser.open("/apps/" + app + "/runs/" + run);
        browser.wait.until(ExpectedConditions.attributeToBe(By.id("run-live"), "data-mode", "live"));
        assertThat(browser.driver.findElement(By.id("run-live")).getText()).startsWith("Live");
        WebElement payload = browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("signal-payload")));

        browser.paste(payload, "{\"amount\": 42}");
        browser.driver.findElement(By.xpath("//button[normalize-space()='Send signal']")).click();

        browser.wait.until(ExpectedConditions.textToBe(By.cssSelector("#run-status .badge"), "completed"));
        browser.wait.until(ExpectedConditions.textToBe(By.id("run-live"), "Followed live until the run ended."));
        assertThat(browser.driver.findElement(By.id("main")).getText()).contains("42");
        // Polling would have fetched the run and its history; the stream brought both.
        @SuppressWarnings("unchecked")
        List<String> fetched = (List<String>) browser.script(
                "return performance.getEntriesByType('resource').map(e => e.name);");
        String base = "/api/v1/apps/" + app + "/runs/" + run;
        assertThat(fetched).as("requests of the run page").anyMatch(name -> name.endsWith(base + "/timeline"))
                .noneMatch(name -> name.endsWith(base) || name.endsWith(base + "/history"));
    }

    @Test
    void runsAreFilteredByStartTimeAndFoundByIdPrefix() {
        String first = start("quick");
        String second = start("quick");
        browser.open("/apps/" + app + "/runs");
        By rows = By.cssSelector("tbody tr[data-run]");
        browser.wait.until(ExpectedConditions.numberOfElementsToBeMoreThan(rows, 1));

        browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath(
                "//label[normalize-space()='Run id or prefix']")));
        browser.driver.findElement(By.name("run-id")).sendKeys(second.substring(0, 8));
        browser.driver.findElement(By.xpath("//button[normalize-space()='Filter']")).click();
        browser.wait.until(ExpectedConditions.urlContains("id=" + second.substring(0, 8)));
        // The table is drawn again when the filtered page arrives: rows read meanwhile may be gone.
        browser.wait.ignoring(StaleElementReferenceException.class).until(driver -> driver.findElements(rows).stream()
                .allMatch(row -> row.getAttribute("data-run").startsWith(second.substring(0, 8))));
        assertThat(browser.driver.findElements(By.cssSelector("tr[data-run='" + second + "']"))).hasSize(1);
        assertThat(browser.driver.findElements(By.cssSelector("tr[data-run='" + first + "']"))).isEmpty();

        browser.open("/apps/" + app + "/runs");
        WebElement from = browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("from")));
        assertThat(browser.driver.findElement(By.xpath("//label[normalize-space()='Started from']"))
                .getAttribute("for")).isEqualTo(from.getAttribute("id"));
        browser.paste(from, "2099-01-01T00:00");
        browser.driver.findElement(By.xpath("//button[normalize-space()='Filter']")).click();
        browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("tbody"), "No runs match."));
        assertThat(browser.driver.findElement(By.name("from")).getAttribute("value")).isEqualTo("2099-01-01T00:00");

        WebElement to = browser.driver.findElement(By.name("to"));
        browser.paste(browser.driver.findElement(By.name("from")), "2000-01-01T00:00");
        browser.paste(to, "1999-01-01T00:00");
        browser.driver.findElement(By.xpath("//button[normalize-space()='Filter']")).click();
        WebElement problem = browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(
                "#main .notice.error")));
        assertThat(problem.getText()).contains("from must not be after to");
    }
}
