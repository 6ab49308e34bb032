package io.tocsin.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.core.Checker;
import io.tocsin.core.config.CheckerSettings;
import io.tocsin.core.config.Settings;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The meta-list configurations of docs/SOURCES.md are complete and valid for the filter and the
 * checker alike: every key is read, every weight parses, every threshold can be reached.
 */
class MetaListDocTest {

    @Test
    void workedConfigurationsAreValid() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "SOURCES.md"));
        String section = doc.substring(doc.indexOf("## Building a meta-list"));
        Matcher m = Pattern.compile("```properties\\n(.*?)```", Pattern.DOTALL).matcher(section);
        int blocks = 0;
        while (m.find()) {
            blocks++;
            Properties p = new Properties();
            p.load(new StringReader(m.group(1)));
            Settings settings = Settings.of(p);
            FilterOptions.from(settings);
            Checker.Builder builder = CheckerSettings.builder(settings);
            settings.rejectUnknown();
            assertThat(builder.reach()).as("block %d reaches its threshold", blocks)
                    .isGreaterThanOrEqualTo(new java.math.BigDecimal(p.getProperty("tocsin.notify-threshold")));
        }
        assertThat(blocks).as("strict, lenient, trying it").isEqualTo(3);
    }
}
