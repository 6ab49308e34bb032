package io.tocsin.servlet.notice;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The renderer keeps the banners it made last whole: the same language, links and script give the
 * same array again, and whatever shares a slot never gives another page's, language's or script's banner.
 */
class RecentBannersTest {

    private static NoticeRenderer.Links links(String back) {
        // new strings every time, as a visit makes them
        String base = new StringBuilder("/_tocsin").toString();
        return new NoticeRenderer.Links(base + "/tocsin.css", base + "/notice?return=" + back.replace("/", "%2F"),
                base + "/ack", back);
    }

    @Test
    void aPageAskedForAgainGetsTheSameArray() {
        NoticeRenderer r = new NoticeRenderer(null, null);
        byte[] first = r.bannerBytes(Locale.ENGLISH, links("/inbox"), true);
        byte[] again = r.bannerBytes(Locale.ENGLISH, links("/inbox"), true);
        assertThat(again).isSameAs(first);
        assertThat(new String(again, StandardCharsets.US_ASCII)).isEqualTo(r.banner(Locale.ENGLISH, links("/inbox"), true));
    }

    @Test
    void everyBannerIsItsOwnPagesLanguagesAndScripts() {
        NoticeRenderer r = new NoticeRenderer(null, null);
        Locale[] languages = {Locale.ENGLISH, Locale.GERMAN, Locale.FRENCH};
        for (int round = 0; round < 3; round++) { // later rounds find slots filled by other pages
            for (int page = 0; page < 300; page++) {
                Locale language = languages[page % languages.length];
                boolean script = (page + round) % 2 == 0;
                String back = "/page/" + page;
                String banner = new String(r.bannerBytes(language, links(back), script), StandardCharsets.US_ASCII);
                assertThat(banner).as("page %d, round %d", page, round)
                        .contains("value=\"" + back + "\"")
                        .contains("return=%2Fpage%2F" + page + "\"")
                        .contains("lang=\"" + language.getLanguage() + "\"");
                assertThat(banner.contains("tocsin.js")).isEqualTo(script);
                assertThat(banner).isEqualTo(new NoticeRenderer(null, null).banner(language, links(back), script));
            }
        }
    }
}
