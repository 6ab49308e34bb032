package io.tocsin.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tocsin.core.Source;
import io.tocsin.core.ip.IpAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each source says where a visitor looks an address up: the filter knows no list operator by name. */
class LookupUrlTest {

    private static final IpAddress VISITOR = IpAddress.parse("192.0.2.66");

    /** The lookup page of the one source configured by {@code keyValues} (keys under {@code tocsin.sources.s.}). */
    private static Optional<String> lookupUrl(String... keyValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put("tocsin.sources.s." + keyValues[i], keyValues[i + 1]);
        }
        Settings settings = Settings.of(map);
        List<Source> sources = CheckerSettings.sources(settings, LookupUrlTest.class.getClassLoader());
        try {
            settings.rejectUnknown();
            return sources.get(0).lookupUrl(VISITOR);
        } finally {
            sources.forEach(Source::close);
        }
    }

    @Test
    void dnsblPresetsAndWellKnownZonesLinkToTheirOperator() {
        assertThat(lookupUrl("type", "dnsbl", "preset", "spamhaus-zen", "servers", "127.0.0.1")).contains("https://check.spamhaus.org/");
        assertThat(lookupUrl("type", "dnsbl", "preset", "httpbl", "access-key", "abcdefghijkl", "servers", "127.0.0.1"))
                .contains("https://www.projecthoneypot.org/search_ip.php");
        assertThat(lookupUrl("type", "dnsbl", "zone", "zen.spamhaus.org", "servers", "127.0.0.1")).as("Spamhaus zone without preset")
                .contains("https://check.spamhaus.org/");
        assertThat(lookupUrl("type", "dnsbl", "zone", "cbl.abuseat.org", "servers", "127.0.0.1")).as("the CBL, now Spamhaus's")
                .contains("https://check.spamhaus.org/");
        assertThat(lookupUrl("type", "dnsbl", "zone", "bl.example.org", "servers", "127.0.0.1")).as("an unknown zone").isEmpty();
        assertThat(lookupUrl("type", "dnsbl", "preset", "spamhaus-zen", "servers", "127.0.0.1", "lookup-url", "https://mirror.example.org/{ip}"))
                .as("configured beats the preset's").contains("https://mirror.example.org/192.0.2.66");
    }

    @Test
    void apisLinkToTheirOwnPageOfTheAddress() {
        assertThat(lookupUrl("type", "crowdsec", "url", "http://127.0.0.1:1/", "api-key", "k"))
                .contains("https://app.crowdsec.net/cti/192.0.2.66");
        assertThat(lookupUrl("type", "crowdsec", "mode", "stream", "url", "http://127.0.0.1:1/", "api-key", "k"))
                .contains("https://app.crowdsec.net/cti/192.0.2.66");
        assertThat(lookupUrl("type", "abuseipdb", "api-key", "k")).contains("https://www.abuseipdb.com/check/192.0.2.66");
        assertThat(lookupUrl("type", "abuseipdb", "api-key", "k", "lookup-url", "https://intranet.example.org/abuse?ip={ip}"))
                .contains("https://intranet.example.org/abuse?ip=192.0.2.66");
    }

    @Test
    void listsFeedsAndOwnServicesHaveNoneUnlessConfigured() {
        assertThat(lookupUrl("type", "list", "entries", "192.0.2.66")).isEmpty();
        assertThat(lookupUrl("type", "feed", "url", "http://127.0.0.1:1/feed.txt")).isEmpty();
        assertThat(lookupUrl("type", "http-json", "url", "http://127.0.0.1:1/{ip}", "pointer", "/listed")).isEmpty();
        assertThat(lookupUrl("type", "list", "entries", "192.0.2.66", "lookup-url", "https://it.example.org/ip/{ip}"))
                .contains("https://it.example.org/ip/192.0.2.66");
        assertThat(lookupUrl("type", "feed", "url", "http://127.0.0.1:1/feed.txt", "lookup-url", "https://feeds.example.org/"))
                .as("a page without {ip}").contains("https://feeds.example.org/");
        assertThat(lookupUrl("type", "http-json", "url", "http://127.0.0.1:1/{ip}", "pointer", "/listed",
                "lookup-url", "https://rep.example.org/{ip}")).contains("https://rep.example.org/192.0.2.66");
    }

    @Test
    void aLookupUrlMustBeAPlainHttpsUrl() {
        for (String bad : List.of("http://lists.example.org/{ip}", "javascript:alert(1)", "https://", "https://x.example/\"onclick=\"", "/local/{ip}")) {
            assertThatThrownBy(() -> lookupUrl("type", "list", "entries", "192.0.2.66", "lookup-url", bad))
                    .as(bad).isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("tocsin.sources.s.lookup-url: ")
                    .hasMessageContaining("is not an https:// URL");
        }
    }
}
