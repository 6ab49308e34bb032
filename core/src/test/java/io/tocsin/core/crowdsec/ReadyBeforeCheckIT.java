package io.tocsin.core.crowdsec;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.core.Checker;
import io.tocsin.core.Listing;
import io.tocsin.core.Verdict;
import io.tocsin.core.config.CheckerSettings;
import io.tocsin.core.config.Settings;
import io.tocsin.testing.CrowdsecLapi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A one-shot check, as the {@code check} command does it: build a checker from configuration, wait
 * for {@link Checker#ready()}, ask once. Stream and feed sources must have loaded by then, so the
 * very first answer already holds their listings.
 */
class ReadyBeforeCheckIT {

    @TempDir
    Path dir;

    @Test
    void firstCheckAfterReadySeesStreamAndFeedData() throws Exception {
        Path feed = dir.resolve("feed.txt");
        Files.writeString(feed, "# test feed\n192.0.2.66\n2001:db8::/32\n");
        try (CrowdsecLapi lapi = CrowdsecLapi.start()) {
            lapi.addDecision("192.0.2.66", Duration.ofHours(1), "crowdsecurity/ssh-bf", "ban");
            Settings settings = Settings.of(Map.of(
                    "tocsin.sources.cs.type", "crowdsec",
                    "tocsin.sources.cs.mode", "stream",
                    "tocsin.sources.cs.refresh", "1h", // no second poll: the first load must be enough
                    "tocsin.sources.cs.url", lapi.url(),
                    "tocsin.sources.cs.api-key", lapi.apiKey(),
                    "tocsin.sources.blocklist.type", "feed",
                    "tocsin.sources.blocklist.file", feed.toString(),
                    "tocsin.sources.blocklist.category", "attacker"));
            try (Checker checker = CheckerSettings.builder(settings).build()) {
                checker.ready().get(30, TimeUnit.SECONDS);
                Verdict v = checker.check("192.0.2.66", Duration.ofSeconds(5));
                assertThat(v.errors()).isEmpty();
                assertThat(v.listings()).extracting(Listing::source).containsExactlyInAnyOrder("cs", "blocklist");
                assertThat(v.shouldNotify()).isTrue();
                Verdict v6 = checker.check("2001:db8::1", Duration.ofSeconds(5));
                assertThat(v6.listings()).extracting(Listing::source).containsExactly("blocklist");
                assertThat(v6.shouldNotify()).as("attacker is not a notify category by default").isFalse();
                Verdict clean = checker.check("198.51.100.1", Duration.ofSeconds(5));
                assertThat(clean.listed()).isFalse();
                assertThat(clean.errors()).isEmpty();
            }
        }
    }
}
