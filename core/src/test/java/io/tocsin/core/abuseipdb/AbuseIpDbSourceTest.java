package io.tocsin.core.abuseipdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tocsin.core.Category;
import io.tocsin.core.SourceResult;
import io.tocsin.core.SourceResult.Failure;
import io.tocsin.core.config.ConfigException;
import io.tocsin.core.http.MutableClock;
import io.tocsin.core.http.SourceFixture;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@code abuseipdb} source against MockWebServer answering as AbuseIPDB's APIv2 documents. */
class AbuseIpDbSourceTest {

    /** The documented example answer of {@code GET /api/v2/check?…&verbose}. */
    static String checkAnswer(String ip, int score, int totalReports, String reportCategories) {
        return """
                {
                  "data": {
                    "ipAddress": "%s",
                    "isPublic": true,
                    "ipVersion": 4,
                    "isWhitelisted": false,
                    "abuseConfidenceScore": %d,
                    "countryCode": "CN",
                    "countryName": "China",
                    "usageType": "Data Center/Web Hosting/Transit",
                    "isp": "Tencent Cloud Computing (Beijing) Co. Ltd",
                    "domain": "tencent.com",
                    "hostnames": [],
                    "isTor": false,
                    "totalReports": %d,
                    "numDistinctUsers": 1,
                    "lastReportedAt": "2018-12-20T20:55:14+00:00",
                    "reports": [
                      {
                        "reportedAt": "2018-12-20T20:55:14+00:00",
                        "comment": "Dec 20 20:55:14 srv206 sshd[13937]: Invalid user oracle from %s",
                        "categories": [%s],
                        "reporterId": 1,
                        "reporterCountryCode": "US",
                        "reporterCountryName": "United States"
                      }
                    ]
                  }
                }
                """.formatted(ip, score, totalReports, ip, reportCategories);
    }

    private static final String RATE_LIMITED = "{\"errors\":[{\"detail\":\"Daily rate limit of 1000 requests exceeded for this endpoint."
            + " See headers for additional details.\",\"status\":429}]}";
    private static final String UNAUTHORIZED = "{\"errors\":[{\"detail\":\"Authentication failed. Your API key is either missing,"
            + " incorrect, or revoked. Note: The APIv2 key differs from the APIv1 key.\",\"status\":401}]}";

    private MockWebServer server;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T12:00:00Z"));

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start(InetAddress.getLoopbackAddress(), 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private SourceFixture source(String... extra) {
        String[] base = {"type", "abuseipdb", "url", server.url("/").toString(), "api-key", "k3y"};
        String[] all = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return new SourceFixture("aipdb", all).start(clock);
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
    }

    @Test
    void sendsTheDocumentedRequest() throws InterruptedException {
        server.enqueue(json(200, checkAnswer("118.25.6.39", 0, 0, "18")));
        try (SourceFixture s = source("max-age-days", "90", "verbose", "true")) {
            s.query("118.25.6.39");
        }
        RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(r.getUrl().encodedPath()).isEqualTo("/api/v2/check");
        assertThat(r.getUrl().queryParameter("ipAddress")).isEqualTo("118.25.6.39");
        assertThat(r.getUrl().queryParameter("maxAgeInDays")).isEqualTo("90");
        assertThat(r.getUrl().queryParameterNames()).contains("verbose");
        assertThat(r.getHeaders().get("Key")).isEqualTo("k3y");
        assertThat(r.getHeaders().get("Accept")).isEqualTo("application/json");
        assertThat(r.getHeaders().get("User-Agent")).matches("tocsin/\\d+\\.\\d+\\.\\d+.*");
    }

    @Test
    void scoreAtThresholdIsAnAttackerBelowItIsClean() {
        server.enqueue(json(200, checkAnswer("118.25.6.39", 75, 12, "18,22")));
        server.enqueue(json(200, checkAnswer("118.25.6.40", 74, 3, "18")));
        try (SourceFixture s = source()) {
            SourceResult r = s.query("118.25.6.39");
            assertThat(r).isInstanceOf(SourceResult.Listed.class);
            SourceResult.Listed l = (SourceResult.Listed) r;
            assertThat(l.listing().categories()).containsExactly(Category.ATTACKER);
            assertThat(l.listing().codes()).containsExactly("abuseConfidenceScore=75");
            assertThat(l.listing().reason()).isEqualTo("abuse confidence 75%, 12 reports");
            assertThat(s.query("118.25.6.40")).isEqualTo(SourceResult.NOT_LISTED);
        }
    }

    @Test
    void exploitedHostReportsMeanInfectedOnlyWhenVerboseAndOverTheThreshold() {
        server.enqueue(json(200, checkAnswer("192.0.2.5", 100, 1, "20")));
        server.enqueue(json(200, checkAnswer("192.0.2.6", 30, 1, "20")));
        try (SourceFixture s = source("verbose", "true")) {
            SourceResult.Listed l = (SourceResult.Listed) s.query("192.0.2.5");
            assertThat(l.listing().categories()).containsExactlyInAnyOrder(Category.ATTACKER, Category.INFECTED);
            assertThat(l.listing().reason()).contains("exploited host");
            assertThat(s.query("192.0.2.6")).isEqualTo(SourceResult.NOT_LISTED);
        }
        server.enqueue(json(200, checkAnswer("192.0.2.5", 100, 1, "20")));
        try (SourceFixture s = source("verbose", "false", "min-score", "50", "category", "spam")) {
            SourceResult.Listed l = (SourceResult.Listed) s.query("192.0.2.5");
            assertThat(l.listing().categories()).containsExactly(Category.SPAM);
        }
    }

    @Test
    void whitelistedIsNeverListed() {
        server.enqueue(json(200, checkAnswer("8.8.8.8", 100, 5, "18").replace("\"isWhitelisted\": false", "\"isWhitelisted\": true")));
        try (SourceFixture s = source()) {
            assertThat(s.query("8.8.8.8")).isEqualTo(SourceResult.NOT_LISTED);
        }
    }

    @Test
    void tooManyRequestsPausesForRetryAfterWithoutAskingAgain() {
        server.enqueue(new MockResponse.Builder().code(429).setHeader("Content-Type", "application/json")
                .setHeader("Retry-After", "29").setHeader("X-RateLimit-Limit", "1000")
                .setHeader("X-RateLimit-Remaining", "0").setHeader("X-RateLimit-Reset", "1545973200")
                .body(RATE_LIMITED).build());
        server.enqueue(json(200, checkAnswer("192.0.2.7", 100, 1, "18")));
        try (SourceFixture s = source()) {
            SourceResult first = s.query("192.0.2.7");
            assertThat(first).isInstanceOf(SourceResult.Failed.class);
            assertThat(((SourceResult.Failed) first).kind()).isEqualTo(Failure.OVERLOADED);
            assertThat(((SourceResult.Failed) first).message()).contains("429").contains("29s");
            SourceResult paused = s.query("192.0.2.7");
            assertThat(((SourceResult.Failed) paused).kind()).isEqualTo(Failure.OVERLOADED);
            assertThat(((SourceResult.Failed) paused).message()).contains("paused until 2026-11-26T12:00:29Z");
            assertThat(server.getRequestCount()).as("the paused query did not reach the service").isEqualTo(1);
            assertThat(s.source.health().isUp()).isFalse();
            clock.advance(Duration.ofSeconds(30));
            assertThat(s.query("192.0.2.7")).isInstanceOf(SourceResult.Listed.class);
            assertThat(server.getRequestCount()).isEqualTo(2);
            assertThat(s.source.health().isUp()).isTrue();
        }
    }

    @Test
    void lastRequestOfTheQuotaPausesUntilTheReset() {
        Instant reset = clock.instant().plus(Duration.ofHours(3));
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .setHeader("X-RateLimit-Limit", "1000").setHeader("X-RateLimit-Remaining", "0")
                .setHeader("X-RateLimit-Reset", Long.toString(reset.getEpochSecond()))
                .body(checkAnswer("192.0.2.8", 100, 1, "18")).build());
        try (SourceFixture s = source()) {
            assertThat(s.query("192.0.2.8")).as("the answer itself still counts").isInstanceOf(SourceResult.Listed.class);
            SourceResult next = s.query("192.0.2.9");
            assertThat(((SourceResult.Failed) next).kind()).isEqualTo(Failure.OVERLOADED);
            assertThat(server.getRequestCount()).isEqualTo(1);
        }
    }

    @Test
    void dailyQuotaStopsAskingUntilTheNextUtcDay() {
        for (int i = 0; i < 3; i++) {
            server.enqueue(json(200, checkAnswer("192.0.2.10", 0, 0, "18")));
        }
        try (SourceFixture s = source("daily-quota", "2")) {
            assertThat(s.query("192.0.2.10")).isEqualTo(SourceResult.NOT_LISTED);
            assertThat(s.query("192.0.2.10")).isEqualTo(SourceResult.NOT_LISTED);
            SourceResult third = s.query("192.0.2.10");
            assertThat(((SourceResult.Failed) third).kind()).isEqualTo(Failure.OVERLOADED);
            assertThat(((SourceResult.Failed) third).message()).contains("daily-quota of 2");
            clock.advance(Duration.ofHours(12));
            assertThat(s.query("192.0.2.10")).isEqualTo(SourceResult.NOT_LISTED);
            assertThat(server.getRequestCount()).isEqualTo(3);
        }
    }

    @Test
    void wrongKeySaysSo() {
        server.enqueue(json(401, UNAUTHORIZED));
        try (SourceFixture s = source()) {
            SourceResult.Failed f = (SourceResult.Failed) s.query("192.0.2.11");
            assertThat(f.kind()).isEqualTo(Failure.ERROR);
            assertThat(f.message()).contains("HTTP 401").contains("api-key").contains("Authentication failed");
        }
    }

    @Test
    void unprocessableAnswerNeverShowsTheAddress() {
        server.enqueue(json(422, "{\"errors\":[{\"detail\":\"The ip address 192.0.2.12 must be a valid IPv4 or IPv6 address"
                + " (e.g. 8.8.8.8 or 2001:4860:4860::8888).\",\"status\":422,\"source\":{\"parameter\":\"ip\"}}]}"));
        try (SourceFixture s = source()) {
            SourceResult.Failed f = (SourceResult.Failed) s.query("192.0.2.12");
            assertThat(f.message()).contains("HTTP 422").contains("<ip>").doesNotContain("192.0.2.12");
        }
    }

    @Test
    void wronglyTypedOrMissingFieldsAreErrors() {
        server.enqueue(json(200, checkAnswer("192.0.2.13", 90, 1, "18").replace("\"abuseConfidenceScore\": 90", "\"abuseConfidenceScore\": \"90\"")));
        server.enqueue(json(200, "{\"errors\":[]}"));
        server.enqueue(json(200, "[]"));
        try (SourceFixture s = source()) {
            assertThat(((SourceResult.Failed) s.query("192.0.2.13")).message()).contains("abuseConfidenceScore");
            assertThat(((SourceResult.Failed) s.query("192.0.2.13")).message()).contains("\"data\"");
            assertThat(((SourceResult.Failed) s.query("192.0.2.13")).message()).contains("\"data\"");
        }
    }

    @Test
    void badConfigurationNamesTheKey() {
        assertThatThrownBy(() -> new SourceFixture("a", "type", "abuseipdb"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tocsin.sources.a.api-key");
        assertThatThrownBy(() -> new SourceFixture("a", "type", "abuseipdb", "api-key", "k", "min-score", "101"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tocsin.sources.a.min-score").hasMessageContaining("101");
        assertThatThrownBy(() -> new SourceFixture("a", "type", "abuseipdb", "api-key", "k", "url", "ftp://x"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tocsin.sources.a.url");
    }
}
