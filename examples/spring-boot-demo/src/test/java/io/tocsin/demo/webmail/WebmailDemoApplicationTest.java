package io.tocsin.demo.webmail;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The demo as configured in application.properties: this machine's own address is listed. */
class WebmailDemoApplicationTest {

    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
    class ListedVisitor {

        @LocalServerPort
        int port;

        @Test
        void loginPageWarnsInItsOwnWordsAndShowsTheBanner() throws Exception {
            HttpResponse<String> login = new Browser(port).get("/login");
            assertThat(login.statusCode()).as("status").isEqualTo(200);
            assertThat(login.body()).as("the login controller's own warning, from the Verdict attribute")
                    .contains("Before you sign in:").contains("(<span>local</span>)");
            assertThat(login.body()).as("Tocsin's banner").contains("id=\"tocsin-banner\"");
            assertThat(login.headers().firstValue("Tocsin-Notice")).as("Tocsin-Notice header").hasValue("banner");
        }

        @Test
        void signInThenReadTheInboxAndTheApi() throws Exception {
            Browser browser = new Browser(port);
            HttpResponse<String> signIn = browser.signIn("demo", "demo");
            assertThat(signIn.statusCode()).as("sign-in redirect").isEqualTo(302);
            assertThat(signIn.headers().firstValue("Location")).as("to the inbox").hasValueSatisfying(l -> assertThat(l).endsWith("/inbox"));

            HttpResponse<String> inbox = browser.get("/inbox");
            assertThat(inbox.statusCode()).as("inbox status").isEqualTo(200);
            assertThat(inbox.body()).as("inbox").contains("Lunch on Friday?").contains("id=\"tocsin-banner\"");

            HttpResponse<String> api = browser.get("/api/messages");
            assertThat(api.statusCode()).as("API status").isEqualTo(200);
            assertThat(api.headers().firstValue("Content-Type")).as("API content type").hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
            assertThat(api.body()).as("JSON is never changed").startsWith("[{").doesNotContain("tocsin-banner");
            assertThat(api.headers().firstValue("Tocsin-Notice")).as("no notice on JSON").isEmpty();

            assertThat(browser.get("/api/session").body()).as("session API passes the verdict on")
                    .contains("\"infectedWarning\":true").contains("\"user\":\"demo\"");
        }

        @Test
        void dismissingTheBannerWorksBesideSpringSecurity() throws Exception {
            // Tocsin answers /_tocsin/ack before Spring Security's filter chain: no CSRF token needed,
            // Tocsin checks Origin / Sec-Fetch-Site itself
            Browser browser = new Browser(port, null, false);
            HttpResponse<String> ack = browser.post("/_tocsin/ack", "return=%2Flogin");
            assertThat(ack.statusCode()).as("acknowledgement").isEqualTo(303);
            assertThat(ack.headers().firstValue("Location")).as("back to the page").hasValue("/login");
            // sent by hand: java.net.CookieManager would send it RFC 2965 style, quoted, as no browser does
            String cookie = ack.headers().firstValue("Set-Cookie").orElseThrow().replaceFirst(";.*", "");
            assertThat(cookie).as("ack cookie").startsWith("tocsin_ack=");
            HttpResponse<String> login = browser.get("/login", cookie);
            assertThat(login.body()).as("banner dismissed").doesNotContain("tocsin-banner");
            assertThat(login.body()).as("the webmail's own warning stays").contains("Before you sign in:");
        }

        @Test
        void healthShowsTocsin() throws Exception {
            HttpResponse<String> health = new Browser(port).get("/actuator/health");
            assertThat(health.statusCode()).as("status").isEqualTo(200);
            assertThat(health.body()).as("health").contains("\"tocsin\"").contains("\"local\"");
        }
    }

    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = "tocsin.trusted-proxies=127.0.0.1,::1")
    class CleanVisitor {

        @LocalServerPort
        int port;

        @Test
        void loginPageHasNoWarning() throws Exception {
            HttpResponse<String> login = new Browser(port, "192.0.2.1").get("/login");
            assertThat(login.statusCode()).as("status").isEqualTo(200);
            assertThat(login.body()).as("login page").contains("Sign in").doesNotContain("Before you sign in:")
                    .doesNotContain("tocsin-banner");
            assertThat(login.headers().firstValue("Tocsin-Notice")).as("no Tocsin-Notice header").isEmpty();
            // Tocsin is there, and looked at the forwarded address rather than at 127.0.0.1
            assertThat(new Browser(port, "192.0.2.1").get("/_tocsin/verdict").body()).as("the visitor's own verdict")
                    .contains("\"ip\":\"192.0.2.1\"").contains("\"listed\":false");
        }
    }

    /** A minimal browser: cookies, no redirects followed, navigation headers, optionally behind a proxy. */
    static final class Browser {
        private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

        private final int port;
        private final String forwardedFor;
        private final HttpClient http;

        Browser(int port) {
            this(port, null);
        }

        Browser(int port, String forwardedFor) {
            this(port, forwardedFor, true);
        }

        Browser(int port, String forwardedFor, boolean cookies) {
            this.port = port;
            this.forwardedFor = forwardedFor;
            HttpClient.Builder b = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER);
            if (cookies) {
                b.cookieHandler(new CookieManager());
            }
            this.http = b.build();
        }

        HttpResponse<String> get(String path) throws Exception {
            return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> get(String path, String cookie) throws Exception {
            return http.send(request(path).header("Cookie", cookie).GET().build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String path, String form) throws Exception {
            return http.send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Origin", "http://127.0.0.1:" + port)
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> signIn(String user, String password) throws Exception {
            Matcher csrf = CSRF.matcher(get("/login").body());
            assertThat(csrf.find()).as("CSRF token on the login form").isTrue();
            String form = "username=" + encode(user) + "&password=" + encode(password) + "&_csrf=" + encode(csrf.group(1));
            return http.send(request("/login").header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        }

        private HttpRequest.Builder request(String path) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("Accept", "text/html,application/json;q=0.9,*/*;q=0.8")
                    .header("Sec-Fetch-Dest", "document")
                    .timeout(Duration.ofSeconds(10));
            if (forwardedFor != null) {
                b.header("X-Forwarded-For", forwardedFor);
            }
            return b;
        }

        private static String encode(String s) {
            return URLEncoder.encode(s, StandardCharsets.UTF_8);
        }
    }
}
