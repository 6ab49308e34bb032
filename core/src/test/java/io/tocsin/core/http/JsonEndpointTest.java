package io.tocsin.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tocsin.core.config.ConfigException;
import java.time.Duration;
import java.time.Instant;
import okhttp3.Headers;
import org.junit.jupiter.api.Test;

class JsonEndpointTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    @Test
    void retryAfterInSecondsAsADateOrFromTheRateLimitReset() {
        assertThat(JsonEndpoint.retryAfter(Headers.of("Retry-After", "29"), NOW)).isEqualTo(Duration.ofSeconds(29));
        assertThat(JsonEndpoint.retryAfter(Headers.of("Retry-After", "Thu, 26 Nov 2026 12:05:00 GMT"), NOW))
                .isEqualTo(Duration.ofMinutes(5));
        assertThat(JsonEndpoint.retryAfter(Headers.of("X-RateLimit-Reset", Long.toString(NOW.getEpochSecond() + 3600)), NOW))
                .isEqualTo(Duration.ofHours(1));
        assertThat(JsonEndpoint.retryAfter(Headers.of(), NOW)).as("no hint: a minute").isEqualTo(Duration.ofMinutes(1));
        assertThat(JsonEndpoint.retryAfter(Headers.of("Retry-After", "soon"), NOW)).isEqualTo(Duration.ofMinutes(1));
        assertThat(JsonEndpoint.retryAfter(Headers.of("Retry-After", "0"), NOW)).isEqualTo(Duration.ofSeconds(1));
        assertThat(JsonEndpoint.retryAfter(Headers.of("Retry-After", "999999999"), NOW)).as("at most a day").isEqualTo(Duration.ofDays(1));
    }

    @Test
    void redactHidesTheAddress() {
        assertThat(JsonEndpoint.redact("no data for 2001:db8::1 (2001:db8::1)", "2001:db8::1")).isEqualTo("no data for <ip> (<ip>)");
        assertThat(JsonEndpoint.redact("nothing", null)).isEqualTo("nothing");
    }

    @Test
    void retryDelaysDoubleUpToTheMaximumAndReset() {
        RetryDelays d = new RetryDelays(Duration.ofSeconds(1), Duration.ofSeconds(10));
        assertThat(d.failed()).isEqualTo(Duration.ofSeconds(1));
        assertThat(d.failed()).isEqualTo(Duration.ofSeconds(2));
        assertThat(d.failed()).isEqualTo(Duration.ofSeconds(4));
        assertThat(d.failed()).isEqualTo(Duration.ofSeconds(8));
        assertThat(d.failed()).isEqualTo(Duration.ofSeconds(10));
        assertThat(d.failed()).isEqualTo(Duration.ofSeconds(10));
        d.succeeded();
        assertThat(d.failed()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void sizes() {
        assertThat(ByteSizes.parse("k", "65536")).isEqualTo(65536);
        assertThat(ByteSizes.parse("k", "64KB")).isEqualTo(65536);
        assertThat(ByteSizes.parse("k", "16mb")).isEqualTo(16L << 20);
        assertThat(ByteSizes.parse("k", "1G")).isEqualTo(1L << 30);
        assertThat(ByteSizes.format(1L << 20)).isEqualTo("1MB");
        assertThat(ByteSizes.format(1500)).isEqualTo("1500B");
        for (String bad : new String[] {"", "0", "-1", "MB", "1.5MB", "ten"}) {
            assertThatThrownBy(() -> ByteSizes.parse("tocsin.sources.x.max-size", bad)).as(bad)
                    .isInstanceOf(ConfigException.class).hasMessageContaining("tocsin.sources.x.max-size");
        }
    }
}
