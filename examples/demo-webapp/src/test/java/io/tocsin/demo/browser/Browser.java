package io.tocsin.demo.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * One headless Chromium session through the Debian {@code chromedriver}: both executables are given,
 * so Selenium Manager never runs and nothing is downloaded. The flags keep Chromium off the network
 * (every host but 127.0.0.1 and localhost fails to resolve). A missing browser fails the test: CI
 * installs {@code chromium} and {@code chromium-driver}.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    final ChromeDriver driver;
    private final ChromeDriverService service;

    private Browser(ChromeDriverService service, ChromeDriver driver) {
        this.service = service;
        this.driver = driver;
    }

    /** A session with JavaScript on or (by content setting, as a visitor would turn it off) off. */
    static Browser start(boolean javascript) {
        assertThat(Files.isExecutable(CHROMIUM)).as("%s (Debian package chromium)", CHROMIUM).isTrue();
        assertThat(Files.isExecutable(CHROMEDRIVER)).as("%s (Debian package chromium-driver)", CHROMEDRIVER).isTrue();
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toString());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
                "--disable-dev-shm-usage", "--hide-scrollbars", "--force-device-scale-factor=1", "--lang=en-US",
                "--window-size=1280,900");
        if (!javascript) {
            options.setExperimentalOption("prefs", Map.of("profile.managed_default_content_settings.javascript", 2));
        }
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        Browser browser = new Browser(service, driver);
        browser.driver.executeCdpCommand("Network.enable", Map.of());
        return browser;
    }

    /** Sends {@code Accept-Language: tags} with every request from now on. */
    void language(String tags) {
        driver.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of("Accept-Language", tags)));
    }

    /** Emulates a viewport of {@code width} by {@code height} CSS pixels, as a phone ({@code mobile}) or a desktop. */
    void viewport(int width, int height, boolean mobile) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
                "deviceScaleFactor", 1, "mobile", mobile));
    }

    void get(String url) {
        driver.get(url);
        await(() -> "complete".equals(((JavascriptExecutor) driver).executeScript("return document.readyState")), "page " + url + " loaded");
    }

    /**
     * Polls {@code condition} until it holds, for at most 10 seconds (a navigation after a form post
     * has no event WebDriver can wait for).
     */
    void await(java.util.function.BooleanSupplier condition, String what) {
        io.tocsin.testing.Poll.until(what, Duration.ofSeconds(10), condition);
    }

    Object script(String js, Object... args) {
        return driver.executeScript(js, args);
    }

    /** The banner's shadow root (declarative shadow DOM: present with and without JavaScript). */
    SearchContext bannerShadow() {
        WebElement host = driver.findElement(org.openqa.selenium.By.id("tocsin-banner"));
        return host.getShadowRoot();
    }

    /** Console messages at level SEVERE since the last call (CSP violations, failed loads, script errors). */
    List<String> consoleErrors() {
        List<String> errors = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            // the demo portal has no favicon; its 404 is the portal's, not something Tocsin shows
            if (e.getLevel().intValue() >= Level.SEVERE.intValue() && !e.getMessage().contains("/favicon.ico ")) {
                errors.add(e.getMessage());
            }
        }
        return errors;
    }

    /** Forgets cookies (the ack cookie above all), so the next page shows the notice again. */
    void forget() {
        driver.manage().deleteAllCookies();
    }

    /** A PNG of the viewport, base64-encoded as Chromium returns it. */
    String screenshotBase64() {
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png"));
        return (String) shot.get("data");
    }

    /** A PNG of the viewport, or of the whole page when {@code fullPage}. */
    void screenshot(Path file, boolean fullPage) throws java.io.IOException {
        Map<String, Object> params = new java.util.HashMap<>();
        params.put("format", "png");
        if (fullPage) {
            Number width = (Number) script("return document.documentElement.clientWidth");
            Number height = (Number) script("return Math.max(document.documentElement.scrollHeight, document.body.scrollHeight)");
            params.put("captureBeyondViewport", true);
            params.put("clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1));
        }
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", params);
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
        }
    }
}
