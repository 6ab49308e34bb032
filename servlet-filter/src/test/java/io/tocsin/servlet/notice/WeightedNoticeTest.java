package io.tocsin.servlet.notice;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.core.Category;
import io.tocsin.core.Listing;
import io.tocsin.core.Verdict;
import io.tocsin.core.ip.IpAddress;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The notice page's list table says which lists counted, when weights made a difference. */
class WeightedNoticeTest {

    private static final IpAddress IP = IpAddress.parse("192.0.2.66");
    private static final NoticeRenderer.Links LINKS =
            new NoticeRenderer.Links("/_tocsin/tocsin.css", "/_tocsin/notice?return=%2F", "/_tocsin/ack", "/");

    @Test
    void defaultWeightsKeepTheTableAsItWas() {
        Verdict v = Verdict.of(IP, List.of(new Listing("zen", Category.INFECTED, List.of("127.0.0.4"), null)), List.of(),
                EnumSet.of(Category.INFECTED));
        String page = new NoticeRenderer(null, null).notice(Locale.ENGLISH, LINKS, v, false);
        assertThat(page).doesNotContain("tocsin-counted").doesNotContain("<th scope=\"col\">Counted</th>");
    }

    @Test
    void weightedListsSayWhetherTheyCounted() {
        Verdict v = Verdict.of(IP, List.of(
                new Listing("xbl", Category.INFECTED, List.of("127.0.0.4"), null).withWeight(2),
                new Listing("pbl", Category.POLICY, List.of("127.0.0.10"), null)), List.of(), EnumSet.of(Category.INFECTED), 1.5);
        String page = new NoticeRenderer(null, null).notice(Locale.ENGLISH, LINKS, v, false);
        assertThat(page).contains("<th scope=\"col\">Counted</th>")
                .contains("<td class=\"tocsin-counted\">Yes, weight 2</td>")
                .contains("<td class=\"tocsin-counted\">No</td>");
        assertThat(new NoticeRenderer(null, null).notice(Locale.GERMAN, LINKS, v, false))
                .contains("<th scope=\"col\">Gez&#228;hlt</th>".replace("&#228;", "ä"))
                .contains("Ja, Gewicht 2");
    }

    @Test
    void everyLanguageHasTheColumnsTexts() {
        Messages m = new Messages();
        for (Locale l : m.languages()) {
            for (String key : List.of("notice.counted", "notice.counted.yes", "notice.counted.against", "notice.counted.no")) {
                assertThat(m.get(l, key)).as("%s in %s", key, l).isNotEqualTo(key).isNotBlank();
            }
            assertThat(m.get(l, "notice.counted.yes")).as("weight slot in %s", l).contains("{weight}");
        }
    }
}
