package io.tocsin.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.core.config.CheckerSettings;
import io.tocsin.core.config.Settings;
import io.tocsin.core.ip.IpSet;
import io.tocsin.core.list.ListSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sources that can list their entries: what a publisher reads. */
class EnumerableSourceTest {

    @TempDir
    Path dir;

    @Test
    void aListSourceListsItsMergedRangesWithItsListing() {
        ListSource source = new ListSource("bl", IpSet.parse("192.0.2.66, 198.51.100.0/25, 198.51.100.128/25"), Category.SPAM);
        List<ListedRange> entries = new ArrayList<>();
        assertThat(source.forEachListed(entries::add)).isTrue();
        assertThat(entries).extracting(e -> e.range().toString()).containsExactly("192.0.2.66", "198.51.100.0/24");
        assertThat(entries).allSatisfy(e -> {
            assertThat(e.listing().source()).isEqualTo("bl");
            assertThat(e.listing().categories()).containsExactly(Category.SPAM);
        });
    }

    @Test
    void aFeedListsNothingBeforeItsFirstLoadAndItsCopyAfter() throws Exception {
        Path feed = dir.resolve("feed.txt");
        Files.writeString(feed, "# a feed\n192.0.2.66\n2001:db8::/48\n");
        Settings settings = Settings.of(Map.of("tocsin.sources.f.type", "feed", "tocsin.sources.f.file", feed.toString()));
        List<Source> sources = CheckerSettings.sources(settings, getClass().getClassLoader());
        EnumerableSource source = (EnumerableSource) sources.get(0);
        assertThat(source.forEachListed(e -> { })).as("not loaded yet").isFalse();
        try (Checker checker = Checker.builder().source(source).build()) {
            checker.ready().get(30, TimeUnit.SECONDS);
            List<ListedRange> entries = new ArrayList<>();
            assertThat(source.forEachListed(entries::add)).isTrue();
            assertThat(entries).extracting(e -> e.range().toString()).containsExactly("192.0.2.66", "2001:db8::/48");
            assertThat(entries.get(0).listing().categories()).containsExactly(Category.INFECTED);
        }
    }
}
