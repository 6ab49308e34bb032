package io.tocsin.demo.webmail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The webmail's pages fit a phone: signed in, with Tocsin's banner shown (this machine is listed),
 * nothing scrolls sideways and "Sign out" stays on screen. Regression test for an inbox that was
 * 425 px wide on a 390 px screen.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebmailLayoutIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @LocalServerPort
    int port;

    private ChromeDriver driver;

    @BeforeAll
    void signIn() {
        assertThat(Files.isExecutable(CHROMIUM)).as("%s (Debian package chromium)", CHROMIUM).isTrue();
        assertThat(Files.isExecutable(CHROMEDRIVER)).as("%s (Debian package chromium-driver)", CHROMEDRIVER).isTrue();
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toString());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
                "--disable-dev-shm-usage", "--hide-scrollbars", "--lang=en-US", "--window-size=1280,900");
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        driver.get("http://127.0.0.1:" + port + "/login");
        driver.findElement(By.name("username")).sendKeys("demo");
        driver.findElement(By.name("password")).sendKeys("demo");
        driver.findElement(By.cssSelector("main form button[type=submit]")).click();
        assertThat(driver.getCurrentUrl()).as("signed in").endsWith("/inbox");
    }

    @AfterAll
    void quit() {
        if (driver != null) {
            driver.quit();
        }
    }

    @ParameterizedTest(name = "{0} at {1}x{2}")
    @CsvSource({"/inbox, 390, 844, true", "/inbox, 1280, 800, false", "/messages/1, 390, 844, true", "/login, 390, 844, true"})
    void fitsTheScreen(String path, int width, int height, boolean mobile) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
        driver.get("http://127.0.0.1:" + port + path);
        assertThat(driver.findElements(By.id("tocsin-banner"))).as("the banner is shown (this machine is listed)").hasSize(1);

        // a phone zooms out to show a page that overflows, so compare with the screen, not innerWidth
        @SuppressWarnings("unchecked")
        List<Number> widths = (List<Number>) driver.executeScript(
                "return [document.documentElement.scrollWidth, window.innerWidth];");
        assertThat(widths.get(0).intValue()).as("%s: page width on a %d px screen", path, width).isLessThanOrEqualTo(width);
        assertThat(widths.get(1).intValue()).as("%s: layout viewport on a %d px screen (wider: zoomed out)", path, width)
                .isLessThanOrEqualTo(width);

        if (!path.equals("/login")) {
            @SuppressWarnings("unchecked")
            List<Number> control = (List<Number>) driver.executeScript(
                    "const r = document.querySelector('header.bar > :last-child').getBoundingClientRect();"
                            + "return [r.left, r.right];");
            assertThat(control.get(0).doubleValue()).as("%s: the header's last control, left edge", path).isGreaterThanOrEqualTo(0);
            assertThat(control.get(1).doubleValue()).as("%s: the header's last control (Sign out on the inbox), right edge", path)
                    .isLessThanOrEqualTo(width);
        }
    }
}
