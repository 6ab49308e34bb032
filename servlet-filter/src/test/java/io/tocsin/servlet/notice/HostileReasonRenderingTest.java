package io.tocsin.servlet.notice;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.core.Category;
import io.tocsin.core.Listing;
import io.tocsin.core.Verdict;
import io.tocsin.core.ip.IpAddress;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A list's reason is untrusted text: the notice shows it escaped, short, and unable to reorder the page. */
class HostileReasonRenderingTest {

    private static final NoticeRenderer.Links LINKS =
            new NoticeRenderer.Links("/_tocsin/tocsin.css", "/_tocsin/notice?return=%2F", "/_tocsin/ack", "/");

    private static String noticeFor(String reason) {
        IpAddress ip = IpAddress.parse("192.0.2.98");
        Verdict verdict = Verdict.of(ip, List.of(new Listing("bl", Category.INFECTED, List.of("127.0.0.4"), reason)), List.of(),
                Set.of(Category.INFECTED));
        return new NoticeRenderer(null, null).notice(Locale.ENGLISH, LINKS, verdict, false);
    }

    @Test
    void bidiOverridesInAReasonAreDroppedSoTheyCannotReverseTheText() {
        String page = noticeFor("listed: \u202Emoc.elpmaxe\u202C, \u2066isolated\u2069 \u200Fmark");
        assertThat(page).contains("listed: moc.elpmaxe, isolated mark");
        assertThat(page).doesNotContain("\u202E", "\u202C", "\u2066", "\u2069", "\u200F", "&#8238;", "&#8236;", "&#8294;", "&#8297;", "&#8207;");
    }

    @Test
    void theCutNeverSplitsACharacter() {
        String page = noticeFor("x".repeat(Listing.MAX_REASON_LENGTH - 1) + "\uD83D\uDE00" + "y".repeat(100));
        assertThat(page).as("half an emoji, as a character reference").doesNotContain("&#55357;");
        assertThat(page).contains("x".repeat(Listing.MAX_REASON_LENGTH - 1) + "\u2026");
    }

    @Test
    void markupIsEscapedAndTenKilobytesAreCut() {
        String page = noticeFor("<script>alert(1)</script>" + "x".repeat(10 * 1024));
        assertThat(page).doesNotContain("<script>alert(1)").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(page).doesNotContain("x".repeat(Listing.MAX_REASON_LENGTH));
    }
}
