package io.tocsin.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.spring.app.WebmailTestApplication;
import io.tocsin.spring.web.TocsinFilterAutoConfiguration;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.AbstractFilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletContextInitializerBeans;
import org.springframework.context.ApplicationContext;

/**
 * The starter beside Spring Security: the filter runs before Security's filter chain, so block mode
 * stops a listed visitor before authentication, and Tocsin's own endpoints answer visitors who are
 * not logged in. An inline list source: no external service needed.
 */
@SpringBootTest(classes = WebmailTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "tocsin.mode=block",
                "tocsin.trusted-proxies=127.0.0.1,::1",
                "tocsin.sources.local.type=list",
                "tocsin.sources.local.entries=192.0.2.66",
        })
class TocsinSpringSecurityTest {

    @LocalServerPort
    private int port;

    @Autowired
    private ApplicationContext context;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void tocsinFilterIsOrderedBeforeSpringSecurity() {
        int tocsin = -1;
        int security = -1;
        int position = 0;
        for (var initializer : new ServletContextInitializerBeans(context)) {
            if (initializer instanceof AbstractFilterRegistrationBean<?> registration) {
                if (TocsinFilterAutoConfiguration.FILTER_NAME.equals(registration.getFilterName())) {
                    tocsin = position;
                } else if ("springSecurityFilterChain".equals(registration.getFilterName())) {
                    security = position;
                }
            }
            position++;
        }
        assertThat(security).as("Spring Security's filter chain is registered").isGreaterThanOrEqualTo(0);
        assertThat(tocsin).as("Tocsin's filter is registered").isGreaterThanOrEqualTo(0);
        assertThat(tocsin).as("Tocsin comes before Spring Security").isLessThan(security);
    }

    @Test
    void listedVisitorIsBlockedBeforeAuthentication() throws Exception {
        HttpResponse<String> response = get("/inbox", "192.0.2.66");
        assertThat(response.statusCode()).as("status: Tocsin's block, not Security's login redirect").isEqualTo(403);
        assertThat(response.headers().firstValue("Tocsin-Notice")).as("Tocsin-Notice header").hasValue("block");
    }

    @Test
    void cleanVisitorMeetsSpringSecurity() throws Exception {
        HttpResponse<String> response = get("/inbox", "192.0.2.1");
        assertThat(response.statusCode()).as("status: redirect to the login page").isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).as("login page").hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
        assertThat(response.headers().firstValue("Tocsin-Notice")).as("no Tocsin-Notice header").isEmpty();
    }

    @Test
    void noticeAnswersAVisitorWhoIsNotLoggedIn() throws Exception {
        HttpResponse<String> response = get("/_tocsin/notice", "192.0.2.66");
        assertThat(response.statusCode()).as("notice page, not a login redirect").isEqualTo(200);
        assertThat(response.body()).as("notice names the list").contains("local");
    }

    private HttpResponse<String> get(String path, String forwardedFor) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("X-Forwarded-For", forwardedFor)
                .header("Accept", "text/html")
                .header("Sec-Fetch-Dest", "document")
                .timeout(Duration.ofSeconds(10))
                .GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
