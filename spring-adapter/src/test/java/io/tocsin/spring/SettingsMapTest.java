package io.tocsin.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tocsin.core.config.CheckerSettings;
import io.tocsin.core.config.ConfigException;
import io.tocsin.core.config.Settings;
import io.tocsin.servlet.FilterOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Every key the starter writes back is one the core or the filter reads: each source type with all
 * its keys set goes through the real parsers, then {@link Settings#rejectUnknown()} fails on any
 * key nobody read (a misspelt flat key in {@link SettingsMap}).
 */
class SettingsMapTest {

    @TempDir
    Path dir;

    @Test
    void topLevelKeys() {
        Map<String, String> flat = flat(Map.ofEntries(
                Map.entry("tocsin.mode", "interstitial"),
                Map.entry("tocsin.notify-categories", "infected,attacker"),
                Map.entry("tocsin.trusted-proxies", "10.0.0.0/8, 192.168.0.1"),
                Map.entry("tocsin.forwarded-header", "x-forwarded-for"),
                Map.entry("tocsin.lookup-budget", "75ms"),
                Map.entry("tocsin.lookup-deadline", "5s"),
                Map.entry("tocsin.max-in-flight", "500"),
                Map.entry("tocsin.path", "/_warn"),
                Map.entry("tocsin.ack-ttl", "2h"),
                Map.entry("tocsin.ack-secret", "s3cret"),
                Map.entry("tocsin.templates", "classpath:mail-templates/"),
                Map.entry("tocsin.site-name", "Example Mail"),
                Map.entry("tocsin.support-contact", "help@example.org"),
                Map.entry("tocsin.brand.logo", "/logo.svg"),
                Map.entry("tocsin.brand.color", "#0b5394"),
                Map.entry("tocsin.brand.links", "Help|/help,Status|https://status.example.org/"),
                Map.entry("tocsin.banner.scan-limit", "128KB"),
                Map.entry("tocsin.block.allow", "/help/**,/favicon.ico"),
                Map.entry("tocsin.cache.max-size", "5000"),
                Map.entry("tocsin.cache.listed-ttl", "2h"),
                Map.entry("tocsin.cache.clean-ttl", "90m"),
                Map.entry("tocsin.cache.error-ttl", "1m"),
                Map.entry("tocsin.filter.order", "7"),
                Map.entry("tocsin.filter.dispatcher-types", "request")));
        assertThat(flat).as("flat keys")
                .containsEntry("tocsin.mode", "interstitial")
                .containsEntry("tocsin.notify-categories", "infected,attacker")
                .containsEntry("tocsin.trusted-proxies", "10.0.0.0/8,192.168.0.1")
                .containsEntry("tocsin.forwarded-header", "x-forwarded-for")
                .containsEntry("tocsin.lookup-budget", "75ms")
                .containsEntry("tocsin.cache.clean-ttl", "90m")
                .containsEntry("tocsin.banner.scan-limit", "131072")
                .containsEntry("tocsin.support-contact", "help@example.org")
                .containsEntry("tocsin.brand.color", "#0b5394")
                .containsEntry("tocsin.brand.links", "Help|/help,Status|https://status.example.org/")
                .doesNotContainKeys("tocsin.filter.order", "tocsin.filter.dispatcher-types");
        parseAll(flat);
    }

    @Test
    void yamlStyleListsBecomeCommaLists() {
        Map<String, String> flat = flat(Map.of(
                "tocsin.trusted-proxies[0]", "10.0.0.0/8",
                "tocsin.trusted-proxies[1]", "::1",
                "tocsin.sources.zen.type", "dnsbl",
                "tocsin.sources.zen.zone", "zen.example",
                "tocsin.sources.zen.servers[0]", "127.0.0.1:5353",
                "tocsin.sources.zen.servers[1]", "[::1]:5353"));
        assertThat(flat).containsEntry("tocsin.trusted-proxies", "10.0.0.0/8,::1")
                .containsEntry("tocsin.sources.zen.servers", "127.0.0.1:5353,[::1]:5353");
        parseAll(flat);
    }

    @Test
    void dnsblKeys() {
        Map<String, String> keys = new LinkedHashMap<>(Map.of("type", "dnsbl", "zone", "zen.example",
                "codes", "127.0.0.4-127.0.0.7=infected,127.0.0.10=policy", "servers", "127.0.0.1:5353",
                "timeout", "500ms", "txt", "true", "health-check", "false", "health-interval", "10m", "category", "spam"));
        // the keys every source has
        keys.putAll(Map.of("max-rate", "2.5", "circuit-breaker.failures", "3", "circuit-breaker.open-for", "1m"));
        parseAll(flat(source("zen", keys)));
        parseAll(flat(source("hp", Map.of("type", "dnsbl", "preset", "httpbl", "access-key", "abcdefghijkl",
                "max-age-days", "30", "min-threat", "25"))));
    }

    @Test
    void listKeys() {
        parseAll(flat(source("local", Map.of("type", "list", "entries", "192.0.2.66, 198.51.100.0/24", "category", "infected"))));
    }

    @Test
    void feedKeys() throws Exception {
        Path file = Files.writeString(dir.resolve("feed.txt"), "192.0.2.66\n");
        parseAll(flat(source("feed", Map.of("type", "feed", "file", file.toString(), "refresh", "10m", "category", "attacker",
                "max-shrink", "50", "max-errors", "3", "max-size", "1MB"))));
        parseAll(flat(source("remote", Map.of("type", "feed", "url", "http://127.0.0.1:9/feed.txt", "refresh", "1h",
                "connect-timeout", "2s", "timeout", "20s", "header.X-Feed-Key", "k"))));
    }

    @Test
    void crowdsecKeys() {
        Map<String, String> keys = new LinkedHashMap<>(Map.of("type", "crowdsec", "url", "http://127.0.0.1:9/", "api-key", "k",
                "mode", "stream", "refresh", "30s", "category", "attacker",
                "scenario-categories", "crowdsecurity/ssh-bf=attacker", "types", "ban,captcha", "timeout", "2s"));
        keys.putAll(Map.of("connect-timeout", "1s", "max-in-flight", "16", "max-response-size", "2MB"));
        parseAll(flat(source("cs", keys)));
    }

    @Test
    void abuseIpDbKeys() {
        Map<String, String> keys = new LinkedHashMap<>(Map.of("type", "abuseipdb", "url", "http://127.0.0.1:9/api/v2/check",
                "api-key", "k", "min-score", "90", "max-age-days", "30", "verbose", "true", "category", "attacker",
                "daily-quota", "1000"));
        parseAll(flat(source("abuse", keys)));
    }

    @Test
    void httpJsonKeys() {
        parseAll(flat(source("api", Map.of("type", "http-json", "url", "http://127.0.0.1:9/check/{ip}",
                "pointer", "/score", "reason-pointer", "/reason", "threshold", "0.5", "category", "infected",
                "header.X-Api-Key", "k"))));
    }

    @Test
    void sourceValuesInSpringBootsForms() {
        Map<String, String> dnsbl = flat(source("zen", Map.of("type", "dnsbl", "zone", "zen.example", "timeout", "500",
                "health-interval", "PT10M", "txt", "yes", "health-check", "off", "category", "SPAM")));
        assertThat(dnsbl).as("flat keys")
                .containsEntry("tocsin.sources.zen.timeout", "500ms")
                .containsEntry("tocsin.sources.zen.health-interval", "10m")
                .containsEntry("tocsin.sources.zen.txt", "true")
                .containsEntry("tocsin.sources.zen.health-check", "false");
        parseAll(dnsbl);
        Map<String, String> feed = flat(source("remote", Map.of("type", "feed", "url", "http://127.0.0.1:9/feed.txt",
                "max-size", "1MB", "header.X-Feed-Key", "k")));
        assertThat(feed).as("flat keys").containsEntry("tocsin.sources.remote.max-size", "1048576")
                .containsEntry("tocsin.sources.remote.header.X-Feed-Key", "k");
        parseAll(feed);
    }

    @Test
    void sourceKeysInSpringBootsOtherSpellings() {
        // environment variables, as a container or a secret store sets them
        Map<String, Object> variables = Map.of("TOCSIN_SOURCES_ABUSE_TYPE", "abuseipdb", "TOCSIN_SOURCES_ABUSE_APIKEY", "k",
                "TOCSIN_SOURCES_ABUSE_MAX_AGE_DAYS", "30", "TOCSIN_SOURCES_ABUSE_URL", "http://127.0.0.1:9/api/v2/check",
                "TOCSIN_SOURCES_ABUSE_CIRCUITBREAKER_OPENFOR", "1m");
        TocsinProperties fromEnvironment = new Binder(ConfigurationPropertySources.from(
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables))).bind("tocsin", TocsinProperties.class).get();
        Map<String, String> flat = fromEnvironment.toSettingsMap();
        assertThat(flat).as("flat keys from the environment")
                .containsEntry("tocsin.sources.abuse.type", "abuseipdb")
                .containsEntry("tocsin.sources.abuse.api-key", "k")
                .containsEntry("tocsin.sources.abuse.max-age-days", "30")
                .containsEntry("tocsin.sources.abuse.circuit-breaker.open-for", "1m");
        parseAll(flat);
        // camelCase and snake_case in a properties or YAML file
        TocsinProperties camel = new Binder(new MapConfigurationPropertySource(Map.of("tocsin.sources.zen.type", "dnsbl",
                "tocsin.sources.zen.zone", "zen.example", "tocsin.sources.zen.healthCheck", "false",
                "tocsin.sources.zen.circuit_breaker.failures", "3"))).bind("tocsin", TocsinProperties.class).get();
        assertThat(camel.toSettingsMap()).as("flat keys from camelCase and snake_case")
                .containsEntry("tocsin.sources.zen.health-check", "false")
                .containsEntry("tocsin.sources.zen.circuit-breaker.failures", "3");
        parseAll(camel.toSettingsMap());
    }

    @Test
    void aSourceKeyNoSourceTypeReadsFailsWithItsName() {
        Map<String, String> flat = flat(source("local", Map.of("type", "list", "entries", "192.0.2.66", "entires", "192.0.2.1")));
        assertThatThrownBy(() -> parseAll(flat)).as("misspelt key")
                .isInstanceOf(ConfigException.class).hasMessageContaining("tocsin.sources.local.entires");
    }

    private static Map<String, String> source(String name, Map<String, String> keys) {
        Map<String, String> out = new LinkedHashMap<>();
        keys.forEach((k, v) -> out.put("tocsin.sources." + name + "." + k, v));
        return out;
    }

    private static Map<String, String> flat(Map<String, String> properties) {
        TocsinProperties bound = new Binder(new MapConfigurationPropertySource(properties))
                .bind("tocsin", Bindable.of(TocsinProperties.class)).orElseGet(TocsinProperties::new);
        Map<String, String> flat = bound.toSettingsMap();
        for (Map.Entry<String, String> e : properties.entrySet()) {
            String key = e.getKey().replaceAll("\\[\\d+]$", "");
            if (!key.startsWith("tocsin.filter.") && !key.endsWith("]")) {
                assertThat(flat).as("written back").containsKey(key);
            }
        }
        return flat;
    }

    /** Runs the real parsers over {@code flat}, then fails on any key neither read. */
    private static void parseAll(Map<String, String> flat) {
        Settings settings = Settings.of(flat);
        FilterOptions.from(settings);
        // builds (and at once closes) the checker: sources pointing at closed loopback ports fail fast
        CheckerSettings.builder(settings).build().close();
        settings.rejectUnknown();
    }
}
