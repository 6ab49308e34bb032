package io.tocsin.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.core.config.Settings;
import io.tocsin.servlet.FilterOptions;
import io.tocsin.servlet.Mode;
import io.tocsin.servlet.NoticeListener;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FilterOptionsCopyTest {

    @Test
    void copiesEverySettingAndAddsTheListener() {
        // every key FilterOptions reads, set away from its default
        FilterOptions original = FilterOptions.from(Settings.of(Map.ofEntries(
                Map.entry("tocsin.enabled", "false"),
                Map.entry("tocsin.mode", "interstitial"),
                Map.entry("tocsin.trusted-proxies", "10.0.0.0/8"),
                Map.entry("tocsin.forwarded-header", "forwarded"),
                Map.entry("tocsin.lookup-budget", "75ms"),
                Map.entry("tocsin.path", "/_warn"),
                Map.entry("tocsin.ack-ttl", "2h"),
                Map.entry("tocsin.ack-secret", "s3cret"),
                Map.entry("tocsin.block.allow", "/help/**"),
                Map.entry("tocsin.templates", "classpath:tocsin-templates/"),
                Map.entry("tocsin.site-name", "Example Mail"),
                Map.entry("tocsin.support-contact", "help@example.org"),
                Map.entry("tocsin.brand.logo", "/logo.svg"),
                Map.entry("tocsin.brand.color", "#0b5394"),
                Map.entry("tocsin.brand.links", "Help|/help"),
                Map.entry("tocsin.banner.scan-limit", "2048"))));
        NoticeListener listener = mode -> { };

        FilterOptions copy = FilterOptionsCopy.withNoticeListener(original, listener);

        assertThat(copy).as("copy").hasToString(original.toString());
        assertThat(copy.ackSecret()).as("ack secret").isEqualTo(original.ackSecret());
        assertThat(copy.clock()).as("clock").isSameAs(original.clock());
        assertThat(copy.noticeListener()).as("listener").isSameAs(listener);
        assertThat(copy.mode()).isEqualTo(Mode.INTERSTITIAL);
    }

    @Test
    void aRandomAckSecretStaysRandom() {
        FilterOptions copy = FilterOptionsCopy.withNoticeListener(FilterOptions.builder().build(), mode -> { });
        assertThat(copy.ackSecretGiven()).as("secret given").isFalse();
    }
}
