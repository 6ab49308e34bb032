package io.tocsin.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tocsin.core.Category;
import io.tocsin.core.Checker;
import io.tocsin.core.dnsbl.DnsblSource;
import io.tocsin.core.list.ListSource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

    private static Settings settings(String... keysAndValues) {
        java.util.LinkedHashMap<String, String> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return Settings.of(map);
    }

    @Test
    void parsesDurationsInEveryUnit() {
        assertThat(Durations.parse("k", "250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse("k", "30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("k", "15m")).isEqualTo(Duration.ofMinutes(15));
        assertThat(Durations.parse("k", "1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("k", "1d")).isEqualTo(Duration.ofDays(1));
        assertThat(Durations.parse("k", "PT2S")).isEqualTo(Duration.ofSeconds(2));
        assertThat(Durations.format(Duration.ofMinutes(15))).isEqualTo("15m");
    }

    @Test
    void badValuesNameTheKeyAndTheValue() {
        assertThatThrownBy(() -> settings("tocsin.lookup-budget", "50 ms").duration("lookup-budget", null))
                .isInstanceOf(ConfigException.class)
                .hasMessage("tocsin.lookup-budget: \"50 ms\" is not a duration (examples: 250ms, 30s, 15m, 1h, 1d)");
        assertThatThrownBy(() -> settings("tocsin.enabled", "yes").bool("enabled", true))
                .hasMessage("tocsin.enabled: \"yes\" is not a boolean (allowed: true, false)");
        assertThatThrownBy(() -> settings("tocsin.notify-categories", "infected,bogus").categories("notify-categories", null))
                .hasMessage("tocsin.notify-categories: \"bogus\" is not a category (allowed: infected, spam, attacker, proxy, policy, other)");
        assertThatThrownBy(() -> settings("tocsin.cache.max-size", "-1").number("cache.max-size", 1, 0, 10))
                .hasMessage("tocsin.cache.max-size: \"-1\" is out of range (allowed: 0 to 10)");
        assertThatThrownBy(() -> settings("tocsin.trusted-proxies", "10.0.0.0/8, 10.0.0.300").ipSet("trusted-proxies"))
                .hasMessageContaining("tocsin.trusted-proxies").hasMessageContaining("10.0.0.300");
    }

    @Test
    void unknownKeysAreRejectedAfterAllReadersRan() {
        Settings s = settings("tocsin.enabled", "true", "tocsin.lookup-budgett", "50ms", "other.key", "ignored");
        s.bool("enabled", true);
        assertThatThrownBy(s::rejectUnknown).as("no key read is near enough to suggest")
                .hasMessage("tocsin.lookup-budgett: \"50ms\" is not a known key");
        s.duration("lookup-budget", java.time.Duration.ofMillis(50));
        assertThatThrownBy(s::rejectUnknown).as("the key read nearest to it")
                .hasMessage("tocsin.lookup-budgett: \"50ms\" is not a known key (did you mean tocsin.lookup-budget?)");
    }

    @Test
    void keysUnderAMisspeltPrefixFailWithTheKeyMeant() {
        for (String key : List.of("tocsn.mode", "Tocsin.mode", "tocisn.mode", "toscin.mode", "tcosin.mode", "tocsin_.mode")) {
            Settings s = settings(key, "block", "tocsin.enabled", "true");
            s.bool("enabled", true);
            assertThatThrownBy(s::rejectUnknown).as(key)
                    .hasMessage(key + ": \"block\" is not a Tocsin key: its prefix is misspelt (did you mean tocsin.mode?)");
            assertThat(s.misspelt()).as("%s is kept aside", key).containsOnlyKeys(key);
            assertThat(s.asMap()).as("%s is no tocsin.* key", key).doesNotContainKey(key);
        }
        for (String key : List.of("spring.mode", "toc.mode", "logging.level.io.tocsin", "tocsinmode", "tocsn")) {
            Settings s = settings(key, "x");
            assertThatCode(s::rejectUnknown).as("%s is another program's key", key).doesNotThrowAnyException();
        }
    }

    @Test
    void aScopeChecksOnlyItsOwnKeys() {
        Settings s = settings("tocsin.sources.bl.type", "list", "tocsin.sources.bl.entrie", "192.0.2.1", "tocsin.mode", "banner",
                "tocsn.path", "/x");
        Settings sources = s.scope("sources.");
        sources.string("bl.type");
        sources.string("bl.entries");
        assertThatThrownBy(sources::rejectUnknown)
                .hasMessage("tocsin.sources.bl.entrie: \"192.0.2.1\" is not a known key (did you mean tocsin.sources.bl.entries?)");
    }

    @Test
    void buildsACheckerWithSourcesFromFlatKeys() {
        Settings s = settings(
                "tocsin.notify-categories", "infected, spam",
                "tocsin.cache.max-size", "500",
                "tocsin.cache.clean-ttl", "5m",
                "tocsin.sources.local.type", "list",
                "tocsin.sources.local.entries", "127.0.0.1, ::1",
                "tocsin.sources.bl.type", "dnsbl",
                "tocsin.sources.bl.zone", "bl.test",
                "tocsin.sources.bl.servers", "127.0.0.1:5353, [::1]:5353",
                "tocsin.sources.bl.codes", "127.0.0.4=infected,127.0.0.10-127.0.0.11=policy",
                "tocsin.sources.bl.health-check", "false",
                "tocsin.sources.bl.txt", "true");
        try (Checker checker = CheckerSettings.builder(s).build()) {
            s.rejectUnknown();
            assertThat(checker.notifyCategories()).containsExactly(Category.INFECTED, Category.SPAM);
            assertThat(checker.sources()).extracting(source -> source.name()).containsExactly("bl", "local");
            assertThat(checker.sources().get(0)).isInstanceOf(DnsblSource.class);
            assertThat(checker.sources().get(1)).isInstanceOf(ListSource.class);
            assertThat(checker.toString()).contains("cache=500", "clean=PT5M");
        }
    }

    @Test
    void sourceErrorsNameTheKey() {
        assertThatThrownBy(() -> CheckerSettings.builder(settings("tocsin.sources.x.type", "dnbsl")))
                .hasMessageStartingWith("tocsin.sources.x.type: \"dnsbl\"".replace("dnsbl", "dnbsl"))
                .hasMessageContaining("allowed: dnsbl, list");
        assertThatThrownBy(() -> CheckerSettings.builder(settings("tocsin.sources.x.zone", "bl.test")))
                .hasMessage("tocsin.sources.x.type is required");
        assertThatThrownBy(() -> CheckerSettings.builder(settings("tocsin.sources.x.type", "dnsbl")))
                .hasMessage("tocsin.sources.x.zone is required for a dnsbl source without a preset");
        assertThatThrownBy(() -> CheckerSettings.builder(settings("tocsin.sources.x.type", "dnsbl",
                "tocsin.sources.x.zone", "bl.test", "tocsin.sources.x.servers", "dns.example:53")))
                .hasMessageContaining("tocsin.sources.x.servers").hasMessageContaining("dns.example:53");
        assertThatThrownBy(() -> CheckerSettings.builder(settings("tocsin.sources.x.type", "dnsbl",
                "tocsin.sources.x.preset", "spamhaus")))
                .hasMessageContaining("tocsin.sources.x.preset: \"spamhaus\" is not a preset");
        assertThatThrownBy(() -> CheckerSettings.builder(settings("tocsin.sources.x.type", "dnsbl",
                "tocsin.sources.x.preset", "httpbl")))
                .hasMessageContaining("tocsin.sources.x.access-key");
        assertThatThrownBy(() -> CheckerSettings.builder(settings("tocsin.sources.x.type", "dnsbl",
                "tocsin.sources.x.zone", "bl.test", "tocsin.sources.x.codes", "127.0.0.4=bad")))
                .hasMessageContaining("tocsin.sources.x.codes: \"127.0.0.4=bad\"");
        assertThatThrownBy(() -> CheckerSettings.builder(settings("tocsin.sources.x.type", "list")))
                .hasMessage("tocsin.sources.x.entries is required for a source of type list");
    }

    @Test
    void loadsAPropertiesFileAndNamesAMissingOne(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("tocsin.properties");
        java.nio.file.Files.writeString(file, "tocsin.mode = block\nunrelated=1\n");
        assertThat(Settings.load(file).asMap()).isEqualTo(Map.of("tocsin.mode", "block"));
        assertThatThrownBy(() -> Settings.load(dir.resolve("missing.properties")))
                .hasMessageContaining("missing.properties").hasMessageContaining("names no file");
    }

    @Test
    void weightsAndThresholdComeFromTheirKeys() {
        try (Checker checker = CheckerSettings.builder(settings(
                "tocsin.notify-threshold", "1.5",
                "tocsin.sources.campus.type", "list", "tocsin.sources.campus.entries", "10.0.0.0/8",
                "tocsin.sources.campus.weight", "-100",
                "tocsin.sources.weak.type", "list", "tocsin.sources.weak.entries", "192.0.2.0/24",
                "tocsin.sources.weak.weight", "0.75",
                "tocsin.sources.strong.type", "list", "tocsin.sources.strong.entries", "192.0.2.66")).build()) {
            assertThat(checker.notifyThreshold()).isEqualTo(1.5);
            assertThat(checker.weights()).containsEntry("campus", -100.0).containsEntry("weak", 0.75).containsEntry("strong", 1.0);
            assertThat(checker.check("192.0.2.66", Duration.ofSeconds(5)).score()).isEqualTo(1.75);
            assertThat(checker.check("192.0.2.66", Duration.ofSeconds(5)).shouldNotify()).isTrue();
            assertThat(checker.check("192.0.2.67", Duration.ofSeconds(5)).shouldNotify()).as("0.75 < 1.5").isFalse();
        }
    }

    @Test
    void badWeightsAndThresholdsFailNamingKeyAndValue() {
        String[][] cases = {
            {"tocsin.sources.bl.weight", "heavy", "tocsin.sources.bl.weight: \"heavy\" is not a number (write a decimal such as 1, 0.5 or -100)"},
            {"tocsin.sources.bl.weight", "NaN", "tocsin.sources.bl.weight: \"NaN\" is not a number"},
            {"tocsin.sources.bl.weight", "Infinity", "tocsin.sources.bl.weight: \"Infinity\" is not a number"},
            {"tocsin.notify-threshold", "0", "tocsin.notify-threshold: \"0\" must be greater than zero"},
            {"tocsin.notify-threshold", "-1", "tocsin.notify-threshold: \"-1\" must be greater than zero"},
            {"tocsin.notify-threshold", "one", "tocsin.notify-threshold: \"one\" is not a number"},
            {"tocsin.notify-threshold", "3", "tocsin.notify-threshold: \"3\" cannot be reached: the highest weights of all sources add up to 1"},
            {"tocsin.sources.bl.codes", "127.0.0.4=infected:x", "tocsin.sources.bl.codes: \"127.0.0.4=infected:x\" is not a code mapping"},
        };
        for (String[] c : cases) {
            Settings s = settings("tocsin.sources.bl.type", "dnsbl", "tocsin.sources.bl.zone", "bl.test",
                    "tocsin.sources.bl.servers", "127.0.0.1:53", c[0], c[1]);
            assertThatThrownBy(() -> CheckerSettings.builder(s)).as(c[0] + "=" + c[1])
                    .isInstanceOf(ConfigException.class).hasMessageStartingWith(c[2]);
        }
    }

    @Test
    void codeWeightsCountTowardsTheReachableScore() {
        Checker.Builder builder = CheckerSettings.builder(settings("tocsin.sources.bl.type", "dnsbl",
                "tocsin.sources.bl.zone", "bl.test", "tocsin.sources.bl.servers", "127.0.0.1:53",
                "tocsin.sources.bl.codes", "127.0.0.4=infected:3", "tocsin.notify-threshold", "3"));
        assertThat(builder.reach()).isEqualByComparingTo("3");
        builder.build().close();
    }
}
