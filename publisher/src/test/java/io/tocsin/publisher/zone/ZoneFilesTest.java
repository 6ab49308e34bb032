package io.tocsin.publisher.zone;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.core.Category;
import io.tocsin.core.ip.IpRange;
import io.tocsin.publisher.PublishCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZoneFilesTest {

    @TempDir
    Path dir;

    private static final List<ZoneEntry> ENTRIES = List.of(
            new ZoneEntry(IpRange.parse("192.0.2.66"), Category.INFECTED, "infected: Win.Worm.Sober-2 (3 reports, last seen 2026-12-01)"),
            new ZoneEntry(IpRange.parse("198.51.100.0/24"), Category.SPAM, "spam: $listed by feed"),
            new ZoneEntry(IpRange.parse("2001:db8::/48"), Category.INFECTED, "infected: listed by v6"));

    @Test
    void writesRbldnsdDataAndAFeed() throws Exception {
        ZoneFiles.Written w = ZoneFiles.write(dir, "bl.test", ENTRIES, PublishCodes.defaults(), 257);
        assertThat(w.ip4set() && w.ip6trie() && w.feed()).isTrue();
        assertThat(Files.readAllLines(dir.resolve("bl.test.ip4set"))).containsExactly(
                "# bl.test: rbldnsd ip4set data published by Tocsin; 2 entries",
                "127.0.0.2 :127.0.0.2:RFC 5782 test point",
                "192.0.2.66 :127.0.0.4:infected: Win.Worm.Sober-2 (3 reports, last seen 2026-12-01)",
                "198.51.100.0/24 :127.0.0.2:spam: listed by feed");
        assertThat(Files.readAllLines(dir.resolve("bl.test.ip6trie"))).containsExactly(
                "# bl.test: rbldnsd ip6trie data published by Tocsin; 1 entry",
                "2001:db8::/48 :127.0.0.4:infected: listed by v6");
        assertThat(Files.readAllLines(dir.resolve("bl.test.txt"))).containsExactly(
                "# tocsin-publish size=257 entries=3",
                "# bl.test: addresses published by Tocsin, one address or CIDR block a line",
                "192.0.2.66", "198.51.100.0/24", "2001:db8::/48");
        assertThat(ZoneFiles.previousSize(dir, "bl.test")).isEqualTo(257);
        assertThat(Files.getPosixFilePermissions(dir.resolve("bl.test.ip4set")).toString()).contains("OTHERS_READ");
    }

    @Test
    void filesWhoseContentIsTheSameAreLeftAlone() throws Exception {
        ZoneFiles.write(dir, "bl.test", ENTRIES, PublishCodes.defaults(), 257);
        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        for (String f : List.of("bl.test.ip4set", "bl.test.ip6trie", "bl.test.txt")) {
            Files.setLastModifiedTime(dir.resolve(f), old);
        }
        ZoneFiles.Written again = ZoneFiles.write(dir, "bl.test", ENTRIES, PublishCodes.defaults(), 257);
        assertThat(again.any()).isFalse();
        assertThat(Files.getLastModifiedTime(dir.resolve("bl.test.ip4set"))).isEqualTo(old);
        ZoneFiles.Written changed = ZoneFiles.write(dir, "bl.test", ENTRIES.subList(0, 1), PublishCodes.defaults(), 1);
        assertThat(changed.ip4set()).isTrue();
        assertThat(changed.ip6trie()).isTrue();
        assertThat(Files.getLastModifiedTime(dir.resolve("bl.test.ip4set"))).isNotEqualTo(old);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no temporary file left")
                    .containsExactlyInAnyOrder("bl.test.ip4set", "bl.test.ip6trie", "bl.test.txt");
        }
    }

    @Test
    void rbldnsdTextIsOneLineWithoutDollarsAndAtMost255Bytes() {
        assertThat(ZoneFiles.rbldnsdText("a$b\nc\u0000d")).isEqualTo("ab c d");
        assertThat(ZoneFiles.rbldnsdText("ü".repeat(300)).getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(255);
    }
}
