package io.tocsin.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.tocsin.core.Checker;
import io.tocsin.spring.app.WebmailTestApplication;
import io.tocsin.testing.Rbldnsd;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The starter in a real Spring Boot application (Tomcat, Spring Security, Actuator) against a real
 * rbldnsd zone: a listed visitor behind a trusted proxy gets the banner, a clean one gets the page
 * as the application wrote it, and the health and metrics endpoints show Tocsin.
 */
@SpringBootTest(classes = WebmailTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "tocsin.mode=banner",
                "tocsin.trusted-proxies=127.0.0.1,::1",
                // long enough that the first request waits for rbldnsd: the test needs no retries
                "tocsin.lookup-budget=5s",
                "tocsin.sources.bl.type=dnsbl",
                "tocsin.sources.bl.zone=bl.test",
                "tocsin.sources.bl.codes=127.0.0.4-127.0.0.7=infected,127.0.0.10=policy",
                "management.endpoints.web.exposure.include=health,metrics",
                "management.endpoint.health.show-details=always",
        })
class TocsinSpringBootIT {

    private static final String LISTED = "192.0.2.66";
    private static final String CLEAN = "192.0.2.1";

    private static Rbldnsd dns;

    @LocalServerPort
    private int port;

    @Autowired
    private Checker checker;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void startRbldnsd() {
        dns = Rbldnsd.builder().ip4set("bl.test", LISTED + " :127.0.0.4:infected: sober").start();
    }

    @AfterAll
    static void stopRbldnsd() {
        if (dns != null) {
            dns.close();
        }
    }

    @DynamicPropertySource
    static void dnsServer(DynamicPropertyRegistry registry) {
        registry.add("tocsin.sources.bl.servers", () -> dns.servers());
    }

    @BeforeEach
    void zoneChecked() throws Exception {
        // the zone is suspended until its RFC 5782 test points have been checked
        checker.ready().get(10, TimeUnit.SECONDS);
        assertThat(checker.health().get("bl").isUp()).as("bl.test passed its health check: %s", checker.health()).isTrue();
    }

    @Test
    void listedVisitorBehindTrustedProxyGetsTheBanner() throws Exception {
        HttpResponse<String> response = get("/", LISTED);
        assertThat(response.statusCode()).as("status").isEqualTo(200);
        assertThat(response.headers().firstValue("Tocsin-Notice")).as("Tocsin-Notice header").hasValue("banner");
        assertThat(response.body()).as("body").contains("id=\"tocsin-banner\"").contains("<h1>Welcome to Mail</h1>");
        assertThat(response.body().indexOf("id=\"tocsin-banner\""))
                .as("banner right after <body>").isGreaterThan(response.body().indexOf("<body class=\"home\">"));
    }

    @Test
    void cleanVisitorGetsThePageUntouched() throws Exception {
        HttpResponse<String> response = get("/", CLEAN);
        assertThat(response.statusCode()).as("status").isEqualTo(200);
        assertThat(response.headers().firstValue("Tocsin-Notice")).as("no Tocsin-Notice header").isEmpty();
        assertThat(response.body()).as("body exactly as the application wrote it").isEqualTo(WebmailTestApplication.HOME);
    }

    @Test
    void springSecurityLoginPageGetsTheBannerToo() throws Exception {
        // Tocsin runs before Spring Security's filter chain, so it wraps the pages Security renders itself
        HttpResponse<String> response = get("/login", LISTED);
        assertThat(response.statusCode()).as("status").isEqualTo(200);
        assertThat(response.body()).as("Spring Security's login page").contains("id=\"tocsin-banner\"");
    }

    @Test
    void verdictIsARequestAttribute() throws Exception {
        assertThat(get("/api/verdict", LISTED).body()).as("listed visitor's verdict").isEqualTo("notify=true");
        assertThat(get("/api/verdict", CLEAN).body()).as("clean visitor's verdict").isEqualTo("notify=false");
    }

    @Test
    void healthShowsTheSource() throws Exception {
        HttpResponse<String> response = get("/actuator/health", CLEAN);
        assertThat(response.statusCode()).as("status").isEqualTo(200);
        DocumentContext health = JsonPath.parse(response.body());
        assertThat(health.read("$.components.tocsin.status", String.class)).as("tocsin status").isEqualTo("UP");
        assertThat(health.read("$.components.tocsin.details.sources.bl.state", String.class)).as("bl state").isEqualTo("UP");
        assertThat(health.read("$.components.tocsin.details.degraded", Boolean.class)).as("degraded").isFalse();
    }

    @Test
    void metricsCountTheLookups() throws Exception {
        String listedIp = "192.0.2.66";
        get("/", listedIp);
        get("/", listedIp); // cached: not a second lookup
        get("/", "203.0.113.77");
        HttpResponse<String> all = get("/actuator/metrics/tocsin.lookups", CLEAN);
        assertThat(all.statusCode()).as("metric exists").isEqualTo(200);
        assertThat(all.body()).as("tags").contains("\"tag\":\"source\"").contains("\"bl\"").contains("\"tag\":\"outcome\"");
        HttpResponse<String> listed = get("/actuator/metrics/tocsin.lookups?tag=source:bl&tag=outcome:listed", CLEAN);
        assertThat(count(listed)).as("one lookup of the listed address, then the cache").isEqualTo(1.0);
        HttpResponse<String> clean = get("/actuator/metrics/tocsin.lookups?tag=outcome:clean", CLEAN);
        assertThat(count(clean)).as("clean lookups counted (203.0.113.77 and the clean visitor)").isGreaterThanOrEqualTo(2.0);
        HttpResponse<String> duration = get("/actuator/metrics/tocsin.lookup.duration?tag=source:bl", CLEAN);
        assertThat(duration.body()).as("lookup timer").contains("\"statistic\":\"COUNT\"").contains("TOTAL_TIME");
        HttpResponse<String> notices = get("/actuator/metrics/tocsin.notices?tag=mode:banner", CLEAN);
        assertThat(count(notices)).as("banners counted").isGreaterThanOrEqualTo(2.0);
        HttpResponse<String> cache = get("/actuator/metrics/cache.gets?tag=cache:tocsin.verdicts&tag=result:hit", CLEAN);
        assertThat(count(cache)).as("verdict cache hits counted").isGreaterThanOrEqualTo(1.0);
    }

    private static double count(HttpResponse<String> metric) {
        assertThat(metric.statusCode()).as("metric found: %s", metric.uri()).isEqualTo(200);
        List<Double> counts = JsonPath.parse(metric.body()).read("$.measurements[?(@.statistic == 'COUNT')].value");
        assertThat(counts).as("COUNT of %s", metric.uri()).hasSize(1);
        return counts.get(0);
    }

    private HttpResponse<String> get(String path, String forwardedFor) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("X-Forwarded-For", forwardedFor)
                .header("Accept", "text/html,application/json;q=0.9,*/*;q=0.8")
                .header("Sec-Fetch-Dest", "document")
                .timeout(Duration.ofSeconds(10))
                .GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
