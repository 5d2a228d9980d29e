package dev.plinth.platform.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.plinth.platform.support.Api;
import dev.plinth.platform.support.PlinthTest;
import dev.plinth.platform.support.TestKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The web console in a real browser (headless Debian Chromium driven by Selenium) against the
 * running application. Each test leaves a screenshot of its final page in
 * {@code target/console-screenshots/}.
 */
@PlinthTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final String VIEWER_PASSWORD = "viewer-password-123";

    static final String DEFINITION = """
            apiVersion: plinth.dev/v1
            kind: App
            metadata: {name: %s}
            spec:
              connectors:
                echo: {type: echo}
              workflows:
                - name: greet
                  steps:
                    - id: work
                      type: call
                      connector: %s
                      with: {hello: "${input.name}"}
                    - {id: finish, type: succeed, output: "${steps.work.output.hello}"}
                - name: refund
                  steps:
                    - {id: ask, type: approval, role: builder, prompt: "Refund the order?", onReject: denied}
                    - {id: done, type: succeed, output: "${steps.ask.output.approver}"}
                    - {id: denied, type: fail, errorType: rejected, message: refund denied}
                - name: flaky
                  steps:
                    - id: lookup
                      type: call
                      connector: echo
                      with: {failAttempts: 1}
                      retry: {maxAttempts: 1}
                    - {id: done, type: succeed, output: "${steps.lookup.output.failAttempts}"}
            """;

    @LocalServerPort
    int port;

    WebDriver browser;
    WebDriverWait wait;
    Api api;
    String app;
    String viewerEmail;

    @BeforeAll
    void startBrowser() {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Chromium and chromedriver are needed for the console's browser tests: "
                        + "apt-get install -y chromium chromium-driver");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-dev-shm-usage", "--window-size=1280,1000");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(60));

        api = new Api(port, TestKeys.ROOT_ADMIN);
        app = "web-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(api.postJson("/api/v1/apps", "{\"name\":\"" + app + "\"}").status()).isEqualTo(201);
        Api.Response revision = api.call("POST", "/api/v1/apps/" + app + "/revisions")
                .yaml(DEFINITION.formatted(app, "echo")).send();
        assertThat(revision.status()).as(revision.toString()).isEqualTo(201);
        viewerEmail = "viewer-" + app + "@example.com";
        assertThat(api.postJson("/api/v1/console-users", "{\"email\":\"" + viewerEmail + "\",\"password\":\""
                + VIEWER_PASSWORD + "\",\"role\":\"viewer\"}").status()).isEqualTo(201);
    }

    @AfterAll
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @BeforeEach
    void signedOut() {
        browser.get(url("/console/"));
        browser.manage().deleteAllCookies();
    }

    @AfterEach
    void screenshot(TestInfo test) {
        screenshotAs(test.getTestMethod().orElseThrow().getName());
    }

    void screenshotAs(String name) {
        ConsoleBrowser.save(browser, name);
    }

    @Test
    void aBadRevisionShowsItsProblemAtTheLineAndTheFixedOneBecomesRevisionOne() {
        String fresh = "web-" + UUID.randomUUID().toString().substring(0, 8);
        signIn(TestKeys.CONSOLE_ADMIN_EMAIL, TestKeys.CONSOLE_ADMIN_PASSWORD);
        open("/apps");
        wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//summary[normalize-space()='Create an app']")))
                .click();
        browser.findElement(By.name("name")).sendKeys(fresh);
        browser.findElement(By.xpath("//button[normalize-space()='Create app']")).click();
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#main h1"), fresh));
        WebElement definition = wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("definition")));

        paste(definition, DEFINITION.formatted(fresh, "nope"));
        browser.findElement(By.xpath("//button[normalize-space()='Submit revision']")).click();

        WebElement bad = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#submit-result .line.bad")));
        assertThat(bad.getText()).contains("connector: nope");
        assertThat(browser.findElement(By.cssSelector("#submit-result .problem")).getText()).contains("nope");
        screenshotAs("aBadRevisionShowsItsProblemAtTheLine");

        paste(browser.findElement(By.name("definition")), DEFINITION.formatted(fresh, "echo"));
        browser.findElement(By.xpath("//button[normalize-space()='Submit revision']")).click();

        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("main"), "Revision 1 as submitted"));
        assertThat(api.get("/api/v1/apps/" + fresh).body().path("latestRevision").asInt()).isEqualTo(1);

        paste(wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("definition"))),
                DEFINITION.formatted(fresh, "echo").replace("with: {hello: \"${input.name}\"}",
                        "with: {hello: \"${input.name}\", polite: true}"));
        browser.findElement(By.xpath("//button[normalize-space()='Submit revision']")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("main"), "Revision 2 as submitted"));
        browser.findElement(By.xpath("//button[normalize-space()='Show diff']")).click();

        WebElement added = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".diff td.added")));
        assertThat(added.getText()).contains("polite: true");
        assertThat(browser.findElement(By.cssSelector(".diff td.removed")).getText()).doesNotContain("polite");
        // Across the page, with narrow line-number columns, so code lines do not wrap at 1280 px.
        WebElement diff = browser.findElement(By.cssSelector(".diff"));
        assertThat(diff.getSize().getWidth()).isGreaterThan(1000);
        assertThat(browser.findElement(By.cssSelector(".diff td.ln")).getSize().getWidth()).isLessThan(60);
        assertThat(added.getSize().getHeight()).as("one line, not wrapped")
                .isLessThan(2 * browser.findElement(By.cssSelector(".diff td.ln")).getSize().getHeight());
    }

    @Test
    void anAppsNewestRevisionsAreListedTheOlderOnesLoadOnRequestAndAnyTwoCompare() {
        String fresh = "rv-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(api.postJson("/api/v1/apps", "{\"name\":\"" + fresh + "\"}").status()).isEqualTo(201);
        // The page lists 50 revisions at a time: 51 make a second page holding revision 1.
        for (int i = 1; i <= 51; i++) {
            Api.Response revision = api.call("POST", "/api/v1/apps/" + fresh + "/revisions")
                    .yaml(DEFINITION.formatted(fresh, "echo").replace("Refund the order?", "Refund order " + i + "?"))
                    .send();
            assertThat(revision.status()).as(revision.toString()).isEqualTo(201);
        }
        signIn(TestKeys.CONSOLE_ADMIN_EMAIL, TestKeys.CONSOLE_ADMIN_PASSWORD);
        open("/apps/" + fresh);

        By listed = By.cssSelector("#revisions tbody td:first-child");
        wait.until(ExpectedConditions.numberOfElementsToBe(listed, 50));
        assertThat(browser.findElements(listed).get(0).getText()).isEqualTo("Revision 51");
        assertThat(browser.findElements(listed).get(49).getText()).isEqualTo("Revision 2");
        browser.findElement(By.xpath("//button[normalize-space()='Older revisions']")).click();

        wait.until(ExpectedConditions.numberOfElementsToBe(listed, 51));
        assertThat(browser.findElements(listed).get(50).getText()).isEqualTo("Revision 1");
        assertThat(browser.findElements(By.xpath("//button[normalize-space()='Older revisions']")))
                .as("nothing older is left to load").isEmpty();
        assertThat(browser.findElements(By.cssSelector("#revision-numbers option"))).as("diff suggestions").hasSize(51);

        WebElement from = browser.findElement(By.name("from"));
        from.clear();
        from.sendKeys("1");
        browser.findElement(By.xpath("//button[normalize-space()='Show diff']")).click();
        WebElement added = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".diff td.added")));
        assertThat(added.getText()).contains("Refund order 51?");
        assertThat(browser.findElement(By.cssSelector(".diff td.removed")).getText()).contains("Refund order 1?");
    }

    @Test
    void theOverviewShowsHealthAndChartsOfTheTenantsRuns() {
        api.postJson("/api/v1/apps/" + app + "/workflows/greet/runs", "{\"input\":{\"name\":\"Bo\"}}");
        signIn(TestKeys.CONSOLE_ADMIN_EMAIL, TestKeys.CONSOLE_ADMIN_PASSWORD);
        open("/overview");

        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("main"), "Plinth is up"));
        wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("svg.chart[aria-label='Runs started, completed, failed and cancelled per minute'] path")));
        wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("svg.chart[aria-label='Share of the runs ended in each minute that failed'] rect.column")));
        wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("svg.chart[aria-label='Step latency per minute, p95 and mean of all steps'] circle")));
        assertThat(browser.findElement(By.id("main")).getText()).doesNotContain("since the server started");
    }

    @Test
    void aRunStartedInTheConsoleIsFollowedLiveToItsEnd() {
        signIn(TestKeys.CONSOLE_ADMIN_EMAIL, TestKeys.CONSOLE_ADMIN_PASSWORD);
        open("/apps/" + app + "/runs");
        wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//summary[normalize-space()='Start a run']")))
                .click();
        new Select(browser.findElement(By.name("start-workflow"))).selectByValue("greet");
        paste(browser.findElement(By.name("input")), "{\"name\": \"Ann\"}");
        browser.findElement(By.xpath("//button[normalize-space()='Start run']")).click();

        wait.until(ExpectedConditions.textToBe(By.cssSelector("#run-status .badge"), "completed"));
        wait.until(ExpectedConditions.textToBe(By.id("run-live"), "Followed live until the run ended."));
        assertThat(browser.findElement(By.id("main")).getText()).contains("Ann");
        assertThat(browser.findElements(By.cssSelector("svg.chart rect.bar"))).isNotEmpty();
    }

    @Test
    void aFailedRunIsRetriedFromItsFailedStepInTheConsole() {
        Api.Response started = api.postJson("/api/v1/apps/" + app + "/workflows/flaky/runs", "{\"input\":{}}");
        String run = started.body().path("id").asString();
        signIn(TestKeys.CONSOLE_ADMIN_EMAIL, TestKeys.CONSOLE_ADMIN_PASSWORD);
        open("/apps/" + app + "/runs/" + run);
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#run-status .badge"), "failed"));

        browser.findElement(By.xpath("//button[normalize-space()='Retry from the failed step']")).click();

        wait.until(ExpectedConditions.textToBe(By.cssSelector("#run-status .badge"), "completed"));
        assertThat(browser.findElements(By.cssSelector("tr[data-step='lookup']"))).as("two attempts").hasSize(2);
    }

    @Test
    void anApiKeyIsShownOnceWhenCreatedAndCanBeRevoked() {
        signIn(TestKeys.CONSOLE_ADMIN_EMAIL, TestKeys.CONSOLE_ADMIN_PASSWORD);
        open("/keys");
        String name = "ci-" + UUID.randomUUID().toString().substring(0, 8);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("key-name"))).sendKeys(name);
        new Select(browser.findElement(By.name("key-role"))).selectByValue("viewer");
        browser.findElement(By.xpath("//button[normalize-space()='Create key']")).click();

        String key = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("new-key"))).getText();
        screenshotAs("anApiKeyIsShownOnceWhenCreated");
        assertThat(api.as(key).get("/api/v1/me").body().path("role").asString()).isEqualTo("viewer");

        By row = By.xpath("//tr[td[normalize-space()='" + name + "']]");
        // Keys are listed oldest first; on a busy tenant the new one is on a later page.
        while (browser.findElements(row).isEmpty()) {
            WebElement next = browser.findElement(By.linkText("Next page"));
            next.click();
            wait.until(ExpectedConditions.stalenessOf(next));
        }
        WebElement revoke = browser.findElement(row).findElement(By.xpath(".//button[normalize-space()='Revoke']"));
        assertThat(revoke.getAccessibleName()).startsWith("Revoke key " + name);
        revoke.click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.xpath("//tr[td[normalize-space()='" + name + "']]"), "revoked"));
        assertThat(api.as(key).get("/api/v1/me").status()).isEqualTo(401);
    }

    @Test
    void aRevisionIsDeployedToStagingAndPromotedToProdWithConfirmations() {
        signIn(TestKeys.CONSOLE_ADMIN_EMAIL, TestKeys.CONSOLE_ADMIN_PASSWORD);
        open("/apps/" + app + "/deployments");
        WebElement revision = wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("deploy-revision")));
        revision.clear();
        revision.sendKeys("1");
        new Select(browser.findElement(By.name("deploy-environment"))).selectByValue("staging");
        browser.findElement(By.xpath("//button[normalize-space()='Deploy…']")).click();
        org.openqa.selenium.Alert confirmDeploy = wait.until(ExpectedConditions.alertIsPresent());
        assertThat(confirmDeploy.getText()).contains("Deploy revision 1").contains("staging runs nothing yet");
        confirmDeploy.accept();
        By stagingActive = By.cssSelector("tr[data-environment='staging'] .active-revision");
        By settled = By.xpath("//section[h2='History']//tbody/tr[1]//span[contains(@class,'badge')]"
                + "[normalize-space()='active' or normalize-space()='failed']");
        // Pre-flight checks run in the background; on a loaded machine they can take a while.
        WebDriverWait checks = new WebDriverWait(browser, Duration.ofSeconds(180));
        checks.until(ExpectedConditions.presenceOfElementLocated(settled));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(driver -> !"nothing deployed".equals(driver.findElement(stagingActive).getText()));
        assertThat(browser.findElement(stagingActive).getText())
                .as(() -> "deployment history: " + browser.findElement(By.xpath("//section[h2='History']")).getText())
                .isEqualTo("Revision 1");

        new Select(browser.findElement(By.name("promote-from"))).selectByValue("staging");
        new Select(browser.findElement(By.name("promote-to"))).selectByValue("prod");
        browser.findElement(By.xpath("//button[normalize-space()='Promote…']")).click();
        org.openqa.selenium.Alert confirmPromote = wait.until(ExpectedConditions.alertIsPresent());
        assertThat(confirmPromote.getText()).contains("from staging to prod").contains("it will run revision 1");
        confirmPromote.accept();

        By prodPromoted = By.xpath("//section[h2='History']//tbody/tr[td[2]='prod'][1]//span[contains(@class,'badge')]"
                + "[normalize-space()='active' or normalize-space()='failed']");
        checks.until(ExpectedConditions.presenceOfElementLocated(prodPromoted));
        // The history row and the matrix are drawn from two requests: let the matrix catch up.
        By prodActive = By.cssSelector("tr[data-environment='prod'] .active-revision");
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(driver -> !"nothing deployed".equals(driver.findElement(prodActive).getText()));
        assertThat(browser.findElement(prodActive).getText())
                .as(() -> "deployment history: " + browser.findElement(By.xpath("//section[h2='History']")).getText())
                .isEqualTo("Revision 1");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("deploy-message"),
                "Promotion of revision 1 from staging to prod succeeded: prod now runs revision 1."));
        screenshotAs("aRevisionIsDeployedAndPromoted-history");

        // The tenant-wide matrix, from the navigation: this app's row shows revision 1 in both.
        browser.findElement(By.cssSelector("nav a[href='#/deployments']")).click();
        By row = By.cssSelector("#deploy-matrix tr[data-app='" + app + "']");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("deploy-matrix")));
        // Apps are listed by name; on a busy tenant this one may be on a later page.
        while (browser.findElements(row).isEmpty()) {
            WebElement next = browser.findElement(By.linkText("Next page"));
            next.click();
            wait.until(ExpectedConditions.stalenessOf(next));
        }
        WebElement matrixRow = browser.findElement(row);
        assertThat(matrixRow.findElement(By.cssSelector("td[data-environment='staging']")).getText())
                .isEqualTo("Revision 1");
        assertThat(matrixRow.findElement(By.cssSelector("td[data-environment='prod']")).getText())
                .isEqualTo("Revision 1");
        assertThat(matrixRow.findElement(By.cssSelector("td[data-environment='dev']")).getText())
                .isEqualTo("nothing deployed");
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'})", matrixRow);
        matrixRow.findElement(By.linkText(app)).click();
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#main h1"), "Deployments of " + app));
        browser.navigate().back();
        wait.until(ExpectedConditions.presenceOfElementLocated(row));
    }

    @Test
    void aRollbackConfirmationNamesTheRevisionItGoesBackToAndThePageSaysItSucceeded() {
        String fresh = "rb-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(api.postJson("/api/v1/apps", "{\"name\":\"" + fresh + "\"}").status()).isEqualTo(201);
        for (String prompt : List.of("Refund the order?", "Refund it?")) {
            Api.Response revision = api.call("POST", "/api/v1/apps/" + fresh + "/revisions")
                    .yaml(DEFINITION.formatted(fresh, "echo").replace("Refund the order?", prompt)).send();
            assertThat(revision.status()).as(revision.toString()).isEqualTo(201);
        }
        deployActive(fresh, 1, "dev");
        deployActive(fresh, 2, "dev");
        signIn(TestKeys.CONSOLE_ADMIN_EMAIL, TestKeys.CONSOLE_ADMIN_PASSWORD);
        open("/apps/" + fresh + "/deployments");

        new Select(wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("rollback-environment"))))
                .selectByValue("dev");
        browser.findElement(By.xpath("//button[normalize-space()='Roll back…']")).click();
        org.openqa.selenium.Alert confirm = wait.until(ExpectedConditions.alertIsPresent());
        assertThat(confirm.getText()).contains("Roll back " + fresh + " in dev: revision 2 stops and revision 1");
        confirm.accept();

        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("deploy-message"),
                "Rollback of dev to revision 1 succeeded: dev now runs revision 1."));
        assertThat(browser.findElement(By.cssSelector("tr[data-environment='dev'] .active-revision")).getText())
                .isEqualTo("Revision 1");
        assertThat(api.get("/api/v1/apps/" + fresh + "/deployments?status=active&environment=dev").body()
                .at("/items/0/revision").asInt()).isEqualTo(1);
    }

    @Test
    void theConsoleFitsANarrowScreen() {
        signIn(TestKeys.CONSOLE_ADMIN_EMAIL, TestKeys.CONSOLE_ADMIN_PASSWORD);
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(400, 900));
        try {
            for (String route : List.of("/apps", "/apps/" + app, "/apps/" + app + "/runs", "/deployments")) {
                open(route);
                wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#main h1")));
                assertThat(browser.findElement(By.cssSelector("#main h1")).getText()).as(route)
                        .isNotEqualTo("Something went wrong");
                Object overflow = ((JavascriptExecutor) browser).executeScript(
                        "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
                assertThat(((Number) overflow).intValue()).as("horizontal overflow on " + route).isLessThanOrEqualTo(0);
            }
        } finally {
            screenshotAs("theConsoleFitsANarrowScreen-400px");
            browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1000));
        }
    }

    @Test
    void theConsoleIsUsedWithTheKeyboardAlone() {
        open("/login");
        WebElement email = wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("email")));
        wait.until(driver -> email.equals(driver.switchTo().activeElement()));
        // Typed into whatever has the focus, moving on with Tab and submitting with Enter: no clicks.
        focused().sendKeys(TestKeys.CONSOLE_ADMIN_EMAIL, Keys.TAB);
        assertThat(focused().getAttribute("name")).isEqualTo("password");
        focused().sendKeys(TestKeys.CONSOLE_ADMIN_PASSWORD, Keys.ENTER);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), TestKeys.CONSOLE_ADMIN_EMAIL));

        // From the page's content back to the main navigation, then into the Apps page.
        wait.until(driver -> "main".equals(focused().getAttribute("id")));
        tabUntil(Keys.SHIFT, "Apps");
        assertThat(focused().getAttribute("href")).endsWith("#/apps");
        focused().sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#main h1"), "Apps"));
        wait.until(driver -> browser.findElement(By.id("main")).equals(focused())
                || browser.findElement(By.id("main")).findElements(By.xpath(".//*")).contains(focused()));
        assertThat(browser.findElement(By.cssSelector("nav a[href='#/apps']")).getAttribute("aria-current"))
                .isEqualTo("page");

        // The skip link moves the focus to the content and stays on the page it was used on.
        open("/apps/" + app + "/runs");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tbody")));
        wait.until(driver -> "main".equals(focused().getAttribute("id")));
        tabUntil(Keys.SHIFT, "Skip to content");
        focused().sendKeys(Keys.ENTER);
        wait.until(driver -> "main".equals(focused().getAttribute("id")));
        assertThat(browser.getCurrentUrl()).endsWith("#/apps/" + app + "/runs");
        assertThat(browser.findElement(By.cssSelector("#main h1")).getText()).isNotEqualTo("Overview");
    }

    /** The element that has the keyboard focus. */
    WebElement focused() {
        return browser.switchTo().activeElement();
    }

    /** Presses Tab (with {@code modifier}, e.g. Shift to go back) until the focused element reads {@code text}. */
    void tabUntil(Keys modifier, String text) {
        for (int presses = 0; presses < 40; presses++) {
            if (text.equals(focused().getText().trim())) {
                return;
            }
            focused().sendKeys(Keys.chord(modifier, Keys.TAB));
        }
        throw new AssertionError("'" + text + "' was not reached with the keyboard; the focus is on "
                + focused().getTagName() + " '" + focused().getText() + "'");
    }

    @Test
    void anApprovalStepIsApprovedInTheConsole() {
        String run = openNewRefundRun();

        WebElement approve = wait.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector(".approval[data-step='ask'] button.primary")));
        assertThat(browser.findElement(By.cssSelector(".approval")).getText()).contains("Refund the order?");
        approve.click();

        wait.until(ExpectedConditions.textToBe(By.cssSelector("#run-status .badge"), "completed"));
        assertThat(api.get("/api/v1/apps/" + app + "/runs/" + run).body().path("output").asString())
                .isEqualTo("user:" + TestKeys.CONSOLE_ADMIN_EMAIL);
    }

    @Test
    void aDeploymentWhosePreflightCheckFailsSaysWhyAndChangesNothing() {
        String fresh = "pf-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(api.postJson("/api/v1/apps", "{\"name\":\"" + fresh + "\"}").status()).isEqualTo(201);
        Api.Response revision = api.call("POST", "/api/v1/apps/" + fresh + "/revisions")
                .yaml(DEFINITION.formatted(fresh, "echo").replace("echo: {type: echo}",
                        "echo: {type: echo, apiKey: \"${secret:absent-" + fresh + "}\"}")).send();
        assertThat(revision.status()).as(revision.toString()).isEqualTo(201);
        signIn(TestKeys.CONSOLE_ADMIN_EMAIL, TestKeys.CONSOLE_ADMIN_PASSWORD);
        open("/apps/" + fresh + "/deployments");

        new Select(wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("deploy-environment"))))
                .selectByValue("dev");
        browser.findElement(By.xpath("//button[normalize-space()='Deploy…']")).click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();

        WebElement message = new WebDriverWait(browser, Duration.ofSeconds(180)).until(
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#deploy-message .notice.error")));
        assertThat(message.getText()).startsWith("Deployment of revision 1 to dev failed — check 'secrets' failed")
                .contains("absent-" + fresh).contains("Nothing changed in dev");
        assertThat(browser.findElement(By.cssSelector("tr[data-environment='dev'] .active-revision")).getText())
                .isEqualTo("nothing deployed");
    }

    @Test
    void anApprovalStepIsRejectedInTheConsoleAndTheRunFails() {
        String run = openNewRefundRun();

        WebElement reject = wait.until(ExpectedConditions.elementToBeClickable(
                By.xpath("//div[contains(@class,'approval')][@data-step='ask']//button[normalize-space()='Reject']")));
        browser.findElement(By.name("comment")).sendKeys("not this time");
        reject.click();

        wait.until(ExpectedConditions.textToBe(By.cssSelector("#run-status .badge"), "failed"));
        assertThat(browser.findElements(By.cssSelector(".approval"))).isEmpty();
        assertThat(api.get("/api/v1/apps/" + app + "/runs/" + run).body().at("/error/type").asString())
                .isEqualTo("rejected");
    }

    @Test
    void aRunWaitingForApprovalShowsAsWaitingAndIsCancelledInTheConsole() {
        String run = openNewRefundRun();

        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".approval[data-step='ask']")));
        WebElement bar = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("svg.chart rect.bar.waiting")));
        assertThat(bar.findElement(By.tagName("title")).getAttribute("textContent")).contains("waiting (approval)");
        assertThat(browser.findElement(By.cssSelector("svg.chart rect.wait")).getAttribute("fill"))
                .as("waits are hatched").startsWith("url(#wait-hatch-");
        assertThat(browser.findElement(By.cssSelector("tr[data-step='ask'] .badge")).getText()).isEqualTo("waiting");

        browser.findElement(By.xpath("//button[normalize-space()='Cancel run']")).click();
        org.openqa.selenium.Alert confirm = wait.until(ExpectedConditions.alertIsPresent());
        assertThat(confirm.getText()).contains("Cancel this run");
        confirm.accept();

        wait.until(ExpectedConditions.textToBe(By.cssSelector("#run-status .badge"), "cancelled"));
        assertThat(api.get("/api/v1/apps/" + app + "/runs/" + run).body().path("status").asString())
                .isEqualTo("cancelled");
    }

    @Test
    void aUserIsErasedFromMemoryAfterConfirmationWithAReceipt() {
        String user = "erase-" + UUID.randomUUID().toString().substring(0, 8);
        String sessions = "/api/v1/apps/" + app + "/memory/users/" + user + "/sessions";
        assertThat(api.postJson(sessions + "/chat/messages",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"my order is late\"}]}").status())
                .as("a message to erase").isIn(200, 201);
        signIn(TestKeys.CONSOLE_ADMIN_EMAIL, TestKeys.CONSOLE_ADMIN_PASSWORD);
        open("/apps/" + app + "/memory");
        wait.until(ExpectedConditions.elementToBeClickable(By.linkText(user))).click();
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath("//li[button='chat']"))).getText())
                .contains("chat · 1 message ·");
        wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//button[normalize-space()='chat']"))).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("ol.messages"), "my order is late"));

        browser.findElement(By.name("confirm-user")).sendKeys(user);
        browser.findElement(By.xpath("//button[normalize-space()='Erase user']")).click();

        WebElement receipt = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".receipt")));
        assertThat(receipt.getText()).contains("\"messages\": 1").contains(user)
                .contains("Deleted 1 session, 1 message, 0 facts");
        assertThat(browser.switchTo().activeElement().getAttribute("id")).as("the receipt has the focus")
                .isEqualTo("erase-receipt");
        assertThat(browser.findElement(By.id("main")).getText()).as("nothing of the user is left on the page")
                .doesNotContain("my order is late").doesNotContain("Sessions of");
        assertThat(api.get(sessions).body().path("items").isEmpty()).isTrue();
    }

    @Test
    void aLongConversationOpensAtItsNewestMessagesAndLoadsTheEarlierOnesOnRequest() {
        String user = "long-" + UUID.randomUUID().toString().substring(0, 8);
        // The page reads 50 messages at a time: 60 make a newest page of 11 to 60 and an earlier one of 1 to 10.
        String batch = IntStream.rangeClosed(1, 60)
                .mapToObj(i -> "{\"role\":\"user\",\"content\":\"message " + i + "\"}")
                .collect(Collectors.joining(",", "{\"messages\":[", "]}"));
        Api.Response appended = api.postJson("/api/v1/apps/" + app + "/memory/users/" + user
                + "/sessions/long/messages", batch);
        assertThat(appended.status()).as(appended.toString()).isEqualTo(201);
        signIn(TestKeys.CONSOLE_ADMIN_EMAIL, TestKeys.CONSOLE_ADMIN_PASSWORD);
        open("/apps/" + app + "/memory?user=" + user);

        wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//button[normalize-space()='long']"))).click();
        By shown = By.cssSelector("ol.messages li");
        wait.until(ExpectedConditions.numberOfElementsToBe(shown, 50));
        assertThat(sequenceNumbers(shown)).isEqualTo(IntStream.rangeClosed(11, 60).boxed().toList());
        assertThat(browser.findElements(shown).get(49).getText()).contains("message 60");

        browser.findElement(By.xpath("//button[normalize-space()='Earlier messages']")).click();

        wait.until(ExpectedConditions.numberOfElementsToBe(shown, 60));
        assertThat(sequenceNumbers(shown)).isEqualTo(IntStream.rangeClosed(1, 60).boxed().toList());
        assertThat(browser.findElements(shown).get(0).getText()).endsWith("message 1");
        assertThat(browser.findElements(By.xpath("//button[normalize-space()='Earlier messages']")))
                .as("nothing earlier is left to load").isEmpty();
    }

    List<Integer> sequenceNumbers(By messages) {
        return browser.findElements(messages).stream()
                .map(message -> Integer.valueOf(message.getDomAttribute("data-seq"))).toList();
    }

    @Test
    void aViewerSeesNoWriteControlsAndTheServerRefusesAForgedWrite() {
        Api.Response started = api.postJson("/api/v1/apps/" + app + "/workflows/refund/runs", "{\"input\":{}}");
        String run = started.body().path("id").asString();
        signIn(viewerEmail, VIEWER_PASSWORD);

        open("/apps/" + app);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("main"), "Revision 1 as submitted"));
        assertThat(browser.findElements(By.name("definition"))).isEmpty();
        assertThat(browser.findElement(By.cssSelector("a[href='#/keys']")).isDisplayed()).isFalse();

        open("/apps/" + app + "/runs/" + run);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("main"), "Your role can only read this run"));
        List<WebElement> buttons = browser.findElements(By.cssSelector("#main button"));
        assertThat(buttons).as("a viewer gets no action buttons").isEmpty();

        Object status = ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch('/console/session').then(r => r.json()).then(s =>
                    fetch(arguments[0], {method: 'POST', headers: {'Content-Type': 'application/json',
                        [s.csrfHeader]: s.csrfToken}, body: JSON.stringify({approved: true})}))
                  .then(r => done(r.status));
                """, "/api/v1/apps/" + app + "/runs/" + run + "/approvals/ask");
        assertThat(((Number) status).intValue()).isEqualTo(403);
        assertThat(api.get("/api/v1/apps/" + app + "/runs/" + run).body().path("status").asString())
                .isEqualTo("running");
    }

    /** Deploys through the API and waits for the pre-flight checks; asserts the deployment became active. */
    void deployActive(String app, int revision, String environment) {
        Api.Response accepted = api.postJson("/api/v1/apps/" + app + "/deployments",
                "{\"revision\":" + revision + ",\"environment\":\"" + environment + "\"}");
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        String path = "/api/v1/apps/" + app + "/deployments/" + accepted.body().path("id").asString();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> !List.of("pending", "checking").contains(api.get(path).body().path("status").asString()));
        assertThat(api.get(path).body().path("status").asString()).isEqualTo("active");
    }

    /** Starts a run of the refund workflow (it waits for an approval), signs in and opens the run's page. */
    String openNewRefundRun() {
        String run = api.postJson("/api/v1/apps/" + app + "/workflows/refund/runs", "{\"input\":{}}").body()
                .path("id").asString();
        signIn(TestKeys.CONSOLE_ADMIN_EMAIL, TestKeys.CONSOLE_ADMIN_PASSWORD);
        open("/apps/" + app + "/runs/" + run);
        return run;
    }

    void signIn(String email, String password) {
        open("/login");
        WebElement field = wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("email")));
        field.sendKeys(email);
        browser.findElement(By.name("password")).sendKeys(password);
        browser.findElement(By.xpath("//button[normalize-space()='Sign in']")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), email));
    }

    void open(String route) {
        browser.get(url("/console/#" + route));
        browser.navigate().refresh();
    }

    void paste(WebElement textarea, String text) {
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1];", textarea, text);
    }

    String url(String path) {
        return "http://localhost:" + port + path;
    }
}
