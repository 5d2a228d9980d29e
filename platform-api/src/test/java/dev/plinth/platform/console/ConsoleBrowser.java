package dev.plinth.platform.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Debian Chromium on the console, as {@link ConsoleBrowserTest} drives it: signing in,
 * opening a route, pasting into a field and saving a screenshot to {@code target/console-screenshots/}.
 */
final class ConsoleBrowser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    static final String INSTALL_HINT = "Chromium and chromedriver are needed for the console's browser tests: "
            + "apt-get install -y chromium chromium-driver";

    final WebDriver driver;
    final WebDriverWait wait;
    private final int port;

    ConsoleBrowser(int port) {
        this.port = port;
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-dev-shm-usage", "--window-size=1280,1000");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        wait = new WebDriverWait(driver, Duration.ofSeconds(60));
    }

    static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    static ConsoleBrowser start(int port) {
        return new ConsoleBrowser(port);
    }

    void signIn(String email, String password) {
        signIn(null, email, password);
    }

    /** Signs in through the form; {@code tenant} null for the root tenant. */
    void signIn(String tenant, String email, String password) {
        open("/login");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("email"))).sendKeys(email);
        driver.findElement(By.name("password")).sendKeys(password);
        if (tenant != null) {
            driver.findElement(By.name("tenant")).sendKeys(tenant);
        }
        driver.findElement(By.xpath("//button[normalize-space()='Sign in']")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), email));
    }

    void signOut() {
        driver.get(url("/console/"));
        driver.manage().deleteAllCookies();
    }

    void open(String route) {
        driver.get(url("/console/#" + route));
        driver.navigate().refresh();
    }

    void paste(WebElement field, String text) {
        script("arguments[0].value = arguments[1];", field, text);
    }

    Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    /** Saves the whole page, not only the part in the window, as {@code name.png}. */
    void screenshot(String name) {
        save(driver, name);
    }

    /**
     * Saves a full-page screenshot (Chrome DevTools {@code Page.captureScreenshot} beyond the
     * viewport), so what a test asserted further down the page is in the picture too. Very long
     * pages are cut at {@value #MAX_SHOT_HEIGHT} px.
     */
    @SuppressWarnings("unchecked")
    static void save(WebDriver driver, String name) {
        ChromeDriver chrome = (ChromeDriver) driver;
        Map<String, Object> size = (Map<String, Object>) chrome.executeCdpCommand("Page.getLayoutMetrics", Map.of())
                .get("cssContentSize");
        double width = ((Number) size.get("width")).doubleValue();
        double height = Math.min(MAX_SHOT_HEIGHT, ((Number) size.get("height")).doubleValue());
        Map<String, Object> shot = chrome.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
                "captureBeyondViewport", true, "clip", Map.of("x", 0, "y", 0, "width", width, "height", height,
                        "scale", 1)));
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.write(SCREENSHOTS.resolve(name + ".png"), Base64.getDecoder().decode((String) shot.get("data")));
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    static final int MAX_SHOT_HEIGHT = 6000;

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
