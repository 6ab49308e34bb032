package io.tocsin.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.tocsin.core.config.ConfigException;
import io.tocsin.core.config.Settings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's table of filter keys says what the filter does: every key is read, every default applies. */
class ReadmeKeysTest {

    private static final Pattern ROW = Pattern.compile("^\\| `(tocsin\\.[a-z.-]+)` \\| ([^|]*) \\|", Pattern.MULTILINE);
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    @Test
    void everyDocumentedDefaultIsTheFiltersOwn() throws Exception {
        Map<String, String> table = filterKeys();
        assertThat(table).as("keys in the README's table").containsKeys("tocsin.enabled", "tocsin.mode", "tocsin.forwarded-header",
                "tocsin.lookup-budget", "tocsin.path", "tocsin.ack-ttl", "tocsin.brand.color", "tocsin.banner.scan-limit");
        String defaults = effective(FilterOptions.from(Settings.of(Map.of())));
        int checked = 0;
        for (Map.Entry<String, String> row : table.entrySet()) {
            Matcher code = CODE.matcher(row.getValue());
            if (!code.matches()) {
                continue; // "(none)", "built in", "random per start": nothing to set
            }
            FilterOptions options = FilterOptions.from(Settings.of(Map.of(row.getKey(), code.group(1))));
            assertThat(effective(options)).as("%s set to the README's default %s", row.getKey(), code.group(1))
                    .isEqualTo(defaults);
            checked++;
        }
        assertThat(checked).as("defaults checked").isGreaterThanOrEqualTo(8);
    }

    @Test
    void everyDocumentedKeyIsReadByTheFilter() throws Exception {
        for (String key : filterKeys().keySet()) {
            Settings settings = Settings.of(Map.of(key, "/x"));
            try {
                FilterOptions.from(settings);
            } catch (ConfigException e) {
                assertThat(e.getMessage()).as("a bad value of %s is reported with its key", key).contains(key);
                continue;
            }
            assertThatCode(settings::rejectUnknown).as("%s is a key the filter reads", key).doesNotThrowAnyException();
        }
    }

    /** The rows of the README's "Filter keys" table: key to default. */
    private static Map<String, String> filterKeys() throws Exception {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        int start = readme.indexOf("## Filter keys");
        assertThat(start).as("the README's filter keys section").isNotNegative();
        int end = readme.indexOf("\n## ", start + 1);
        Matcher row = ROW.matcher(readme.substring(start, end < 0 ? readme.length() : end));
        Map<String, String> keys = new LinkedHashMap<>();
        while (row.find()) {
            keys.put(row.group(1), row.group(2).strip());
        }
        return keys;
    }

    /** What the options make the filter do, as text; the ack secret aside, which is random unless set. */
    private static String effective(FilterOptions o) {
        return List.of(o.enabled(), o.mode(), o.trustedProxies(), o.forwardedHeader(), o.lookupBudget(), o.path(), o.ackTtl(),
                o.blockAllow(), String.valueOf(o.templates()), String.valueOf(o.siteName()), o.branding().accent(),
                String.valueOf(o.branding().supportContact()), o.branding().links(), String.valueOf(o.branding().logo()),
                o.scanLimit()).toString();
    }
}
