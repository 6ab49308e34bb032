package io.tocsin.spring.app;

import io.tocsin.core.Verdict;
import io.tocsin.servlet.TocsinFilter;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A tiny application behind Spring Security, as the end-to-end tests' subject: a public home page,
 * an inbox that needs a login (Spring Security's own login page), and the actuator endpoints open.
 */
// the webmail has no Redis: Boot's Redis auto-configuration is on the test class path only for
// TocsinRedisConnectionFactoryTest, and would otherwise make a factory for localhost:6379 here
@SpringBootApplication(excludeName = { "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
        "org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration" })
@RestController
public class WebmailTestApplication {

    public static final String HOME = "<!DOCTYPE html>\n<html><head><title>Mail</title></head>\n"
            + "<body class=\"home\"><h1>Welcome to Mail</h1></body></html>\n";

    @GetMapping(path = "/", produces = MediaType.TEXT_HTML_VALUE)
    String home() {
        return HOME;
    }

    @GetMapping(path = "/inbox", produces = MediaType.TEXT_HTML_VALUE)
    String inbox() {
        return "<!DOCTYPE html><html><body><h1>Inbox</h1></body></html>";
    }

    /** What the filter left for the application, observe-style. */
    @GetMapping(path = "/api/verdict", produces = MediaType.TEXT_PLAIN_VALUE)
    String verdict(HttpServletRequest request) {
        Object verdict = request.getAttribute(TocsinFilter.VERDICT_ATTRIBUTE);
        return verdict instanceof Verdict v ? "notify=" + v.shouldNotify() : "none";
    }

    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/", "/api/verdict", "/actuator/**", "/error").permitAll()
                        .anyRequest().authenticated())
                .formLogin(Customizer.withDefaults());
        return http.build();
    }
}
