package io.tocsin.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.core.Source;
import io.tocsin.core.config.CheckerSettings;
import io.tocsin.core.config.Settings;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every configuration example in docs/SOURCES.md builds its sources, with no unknown key. */
class SourcesDocTest {

    @Test
    void examplesInTheDocumentationAreValidConfiguration() throws IOException {
        Path doc = Path.of(System.getProperty("user.dir")).resolveSibling("docs").resolve("SOURCES.md");
        String text = Files.readString(doc);
        // stop at the first section whose examples need more than this test gives them: the meta-list's
        // hold filter and weight keys (servlet-filter's MetaListDocTest reads them); the last needs
        // its own jar (SourceTypeServiceTest builds it)
        int end = text.indexOf("## Your own source types");
        int metaList = text.indexOf("## Building a meta-list");
        if (metaList >= 0 && metaList < end) {
            end = metaList;
        }
        text = text.substring(0, end);
        Matcher m = Pattern.compile("```properties\\n(.*?)```", Pattern.DOTALL).matcher(text);
        List<String> types = new ArrayList<>();
        int blocks = 0;
        while (m.find()) {
            blocks++;
            Properties p = new Properties();
            p.load(new StringReader(m.group(1)));
            Settings settings = Settings.of(p);
            List<Source> sources = CheckerSettings.sources(settings, getClass().getClassLoader());
            settings.rejectUnknown();
            for (Source s : sources) {
                types.add(s.getClass().getSimpleName());
                s.close();
            }
        }
        assertThat(blocks).isEqualTo(4);
        assertThat(types).containsExactly("CrowdsecLiveSource", "CrowdsecStreamSource", "AbuseIpDbSource",
                "HttpJsonSource", "FeedSource", "FeedSource");
    }
}
