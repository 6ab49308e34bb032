package io.tocsin.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.core.Category;
import io.tocsin.core.Checker;
import io.tocsin.core.SourceLimits;
import io.tocsin.core.dnsbl.DnsblSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's configuration tables state core's defaults as core has them: each default is written
 * once, as a constant in core ({@link Checker}, {@link SourceLimits}, {@link DnsblSource}), and this
 * test holds the README to it. Rows whose key core does not read (the filter's) are not its business.
 */
class ReadmeDefaultsTest {

    /** A README row: the key cell and the default cell, backticks kept. */
    private record Row(String key, String defaultValue) {
    }

    private static Map<String, Row> rows() throws IOException {
        Path readme = Path.of(System.getProperty("user.dir")).resolveSibling("README.md");
        Matcher m = Pattern.compile("(?m)^\\| (`tocsin\\.[^|]*) \\| ([^|]*) \\|").matcher(Files.readString(readme));
        Map<String, Row> rows = new LinkedHashMap<>();
        while (m.find()) {
            String key = m.group(1).replace("`", "");
            rows.putIfAbsent(key, new Row(key, m.group(2).strip()));
        }
        return rows;
    }

    /** The values written in backticks in a default cell, e.g. {@code 1h}, {@code 15m}, {@code 30s}. */
    private static List<String> values(Row row) {
        List<String> values = new ArrayList<>();
        Matcher m = Pattern.compile("`([^`]*)`").matcher(row.defaultValue());
        while (m.find()) {
            values.add(m.group(1));
        }
        return values;
    }

    private static Row row(Map<String, Row> rows, String key) {
        assertThat(rows).as("README has a row for %s", key).containsKey(key);
        return rows.get(key);
    }

    private static void durations(Map<String, Row> rows, String key, Duration... expected) {
        List<String> written = values(row(rows, key));
        assertThat(written).as("defaults of %s in the README", key).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat(Durations.parse(key, written.get(i))).as("%s, value %s, against core", key, i + 1).isEqualTo(expected[i]);
            assertThat(written.get(i)).as("%s written as core formats it", key).isEqualTo(Durations.format(expected[i]));
        }
    }

    private static void number(Map<String, Row> rows, String key, long expected) {
        assertThat(values(row(rows, key))).as("default of %s in the README", key).containsExactly(Long.toString(expected));
    }

    @Test
    void theCheckersDefaults() throws IOException {
        Map<String, Row> rows = rows();
        Set<Category> notify = EnumSet.noneOf(Category.class);
        for (String id : values(row(rows, "tocsin.notify-categories"))) {
            notify.add(Category.of(id));
        }
        assertThat(notify).as("tocsin.notify-categories").isEqualTo(Checker.DEFAULT_NOTIFY_CATEGORIES);
        number(rows, "tocsin.cache.max-size", Checker.DEFAULT_CACHE_MAXIMUM_SIZE);
        durations(rows, "tocsin.cache.listed-ttl / clean-ttl / error-ttl",
                Checker.DEFAULT_LISTED_TTL, Checker.DEFAULT_CLEAN_TTL, Checker.DEFAULT_ERROR_TTL);
        durations(rows, "tocsin.lookup-deadline", Checker.DEFAULT_SOURCE_DEADLINE);
        number(rows, "tocsin.max-in-flight", Checker.DEFAULT_MAX_IN_FLIGHT);
    }

    @Test
    void everySourcesDefaults() throws IOException {
        Map<String, Row> rows = rows();
        number(rows, "tocsin.sources.NAME.circuit-breaker.failures", SourceLimits.DEFAULT.failureThreshold());
        durations(rows, "tocsin.sources.NAME.circuit-breaker.open-for", SourceLimits.DEFAULT.openFor());
        assertThat(row(rows, "tocsin.sources.NAME.max-rate").defaultValue()).as("max-rate: the operator's rate, else no cap")
                .endsWith("else `0`");
    }

    @Test
    void dnsblDefaults() throws IOException {
        Map<String, Row> rows = rows();
        durations(rows, "tocsin.sources.NAME.timeout", DnsblSource.DEFAULT_TIMEOUT);
        durations(rows, "tocsin.sources.NAME.health-interval", DnsblSource.DEFAULT_HEALTH_INTERVAL);
    }

    @Test
    void theReadmeNamesEveryKeyTheCheckerReads() throws IOException {
        Map<String, Row> rows = rows();
        // every key CheckerSettings reads for the checker itself, given its README default, is known and
        // gives the same checker as no key at all
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("tocsin.notify-categories", String.join(",", values(row(rows, "tocsin.notify-categories"))));
        keys.put("tocsin.cache.max-size", values(row(rows, "tocsin.cache.max-size")).get(0));
        List<String> ttls = values(row(rows, "tocsin.cache.listed-ttl / clean-ttl / error-ttl"));
        keys.put("tocsin.cache.listed-ttl", ttls.get(0));
        keys.put("tocsin.cache.clean-ttl", ttls.get(1));
        keys.put("tocsin.cache.error-ttl", ttls.get(2));
        keys.put("tocsin.lookup-deadline", values(row(rows, "tocsin.lookup-deadline")).get(0));
        keys.put("tocsin.max-in-flight", values(row(rows, "tocsin.max-in-flight")).get(0));
        Settings settings = Settings.of(keys);
        try (Checker fromReadme = CheckerSettings.builder(settings).build();
             Checker plain = Checker.builder().build()) {
            settings.rejectUnknown();
            assertThat(fromReadme.toString()).isEqualTo(plain.toString());
        }
    }
}
