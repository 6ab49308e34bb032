package io.tocsin.core.faults;

import static io.tocsin.core.faults.FaultChecker.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.core.SourceHealth;
import io.tocsin.core.SourceResult;
import io.tocsin.core.Verdict;
import io.tocsin.core.faults.FaultyHttpServer.Reply;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Faults of a feed URL, from a local HTTP server: a download cut short (under a header promising
 * more, or at a line boundary), an HTML error page with status 200 or 503, and silence. The last good
 * copy keeps serving, nobody is listed by the broken copy, health says what happened, and the next
 * good copy is taken.
 */
class FeedFaultIT {

    private static final String LISTED = "192.0.2.66";
    /** 200 entries, so that losing most of them shows as a broken download. */
    private static final String GOOD = "# test feed\n" + LISTED + "\n198.51.100.0/24\n"
            + IntStream.range(0, 200).mapToObj(i -> "203.0.113." + i + "/32").collect(Collectors.joining("\n")) + "\n";
    private static final String HTML = "<!DOCTYPE html>\n<html><head><title>503 Service Unavailable</title></head>\n"
            + "<body><h1>Service Unavailable</h1>\n<p>Your IP 192.0.2.1 cannot reach this page</p>\n</body></html>\n";

    private static FaultChecker feed(FaultyHttpServer server) {
        return new FaultChecker("tocsin.sources.f.type", "feed", "tocsin.sources.f.url", server.url("/feed.txt"),
                "tocsin.sources.f.refresh", "100ms", "tocsin.sources.f.timeout", "1s");
    }

    @Test
    void brokenDownloadsKeepTheLastGoodCopyAndListNobodyNew() throws Exception {
        try (FaultyHttpServer server = new FaultyHttpServer()) {
            server.reply(Reply.ok("text/plain", GOOD));
            try (FaultChecker c = feed(server)) {
                assertThat(c.health("f").isUp()).isTrue();
                assertThat(c.fullCheck(LISTED).shouldNotify()).isTrue();

                int cut = GOOD.indexOf("203.0.113.7/32") + 5; // mid-line
                List<Reply> faults = List.of(
                        Reply.truncated("text/plain", GOOD, cut),
                        new Reply(200, "text/plain", GOOD.substring(0, cut).getBytes(), -1, false), // honest length, cut mid-line
                        Reply.ok("text/plain", GOOD.substring(0, GOOD.indexOf("203.0.113.3/32"))), // cut at a line boundary
                        Reply.ok("text/html", HTML),
                        Reply.status(503, "text/html", HTML),
                        Reply.silence());
                for (Reply fault : faults) {
                    server.reply(fault);
                    await("a refresh that fails: " + fault.status(), () -> c.health("f").reason().startsWith("refresh failed"));
                    c.checker.invalidateAll();
                    assertThat(c.fullCheck(LISTED).shouldNotify()).as("the last good copy still lists").isTrue();
                    assertThat(c.fullCheck("192.0.2.1").listed()).as("nothing from the error page").isFalse();
                    assertThat(c.health("f").state()).isEqualTo(SourceHealth.State.UP);

                    server.reply(Reply.ok("text/plain", GOOD + "192.0.2.99\n"));
                    await("the next good copy", () -> !c.health("f").reason().startsWith("refresh failed"));
                    c.checker.invalidateAll();
                    assertThat(c.fullCheck("203.0.113.150").listed()).isTrue();
                    server.reply(Reply.ok("text/plain", GOOD));
                    await("back to the first copy", () -> {
                        c.checker.invalidateAll();
                        return !c.fullCheck("192.0.2.99").listed();
                    });
                }
            }
        }
    }

    @Test
    void anErrorPageAtStartIsNotLoadedAndFailsOpenUntilAGoodCopyComes() throws Exception {
        try (FaultyHttpServer server = new FaultyHttpServer()) {
            server.reply(Reply.ok("text/html", HTML));
            try (FaultChecker c = feed(server)) {
                assertThat(c.health("f").state()).isEqualTo(SourceHealth.State.SUSPENDED);
                assertThat(c.health("f").reason()).contains("malformed");
                Verdict v = c.boundedFailOpen("192.0.2.1");
                assertThat(v.errors()).singleElement().satisfies(e -> assertThat(e.kind()).isEqualTo(SourceResult.Failure.SUSPENDED));

                server.reply(Reply.ok("text/plain", GOOD));
                await("the first good copy", () -> c.health("f").isUp());
                assertThat(c.healthEvents).anySatisfy(h -> assertThat(h.isUp()).isTrue());
                c.checker.invalidateAll();
                assertThat(c.fullCheck(LISTED).shouldNotify()).isTrue();
            }
        }
    }
}
