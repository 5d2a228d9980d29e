package dev.plinth.platform.console;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium on the console, the way {@link ConsoleBrowserTest} drives it: sign in through the
 * form, open a route, save a screenshot to {@code target/console-screenshots/}.
 */
final class ConsoleBrowser implements AutoCloseable {

    final WebDriver driver;
    final WebDriverWait wait;
    private final int port;

    private ConsoleBrowser(int port) {
        this.port = port;
        ChromeOptions options = new ChromeOptions();
        options.setBinary(ConsoleBrowserTest.CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-dev-shm-usage", "--window-size=1280,1000");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(ConsoleBrowserTest.CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(60));
    }

    /** Whether Chromium and chromedriver are installed where the browser tests expect them. */
    static boolean available() {
        return Files.isExecutable(ConsoleBrowserTest.CHROMIUM) && Files.isExecutable(ConsoleBrowserTest.CHROMEDRIVER);
    }

    static ConsoleBrowser start(int port) {
        return new ConsoleBrowser(port);
    }

    void signOut() {
        driver.get(url("/console/"));
        driver.manage().deleteAllCookies();
    }

    void signIn(String tenant, String email, String password) {
        open("/login");
        WebElement field = wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("email")));
        field.sendKeys(email);
        driver.findElement(By.name("password")).sendKeys(password);
        if (tenant != null) {
            driver.findElement(By.name("tenant")).sendKeys(tenant);
        }
        driver.findElement(By.xpath("//button[normalize-space()='Sign in']")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), email));
    }

    void open(String route) {
        driver.get(url("/console/#" + route));
        driver.navigate().refresh();
    }

    void screenshot(String name) {
        try {
            Files.createDirectories(ConsoleBrowserTest.SCREENSHOTS);
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), ConsoleBrowserTest.SCREENSHOTS.resolve(name + ".png"),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
