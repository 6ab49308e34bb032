package io.tocsin.servlet;

import static io.tocsin.servlet.RawHttp.get;
import static io.tocsin.servlet.RawHttp.post;
import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.core.Category;
import io.tocsin.core.Checker;
import io.tocsin.core.ip.IpSet;
import io.tocsin.core.list.ListSource;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The listener hears what listed visitors do, over real HTTP through Jetty: a banner shown, the
 * notice page opened, the banner dismissed, "continue" used; each in the filter's mode and the
 * visitor's language. A clean visitor, and a post without the form's {@code from} field, count nothing.
 */
class VisitorActionsIT {

    @Test
    void bannerShownDetailsDismissedContinued() throws Exception {
        List<String> heard = new CopyOnWriteArrayList<>();
        NoticeListener listener = new NoticeListener() {
            @Override
            public void noticeShown(Mode mode) {
            }

            @Override
            public void visitorActed(Mode mode, VisitorAction action, Locale language) {
                heard.add(mode.id() + " " + action.id() + " " + language.toLanguageTag());
            }
        };
        try (Checker checker = Checker.builder().source(new ListSource("bl", IpSet.parse("127.0.0.1"), Category.INFECTED)).build();
             Container jetty = Container.jetty(new TocsinFilter(checker, FilterOptions.builder()
                     .lookupBudget(Duration.ofSeconds(2)).noticeListener(listener).build()), new TestSite())) {
            RawHttp.Response page = get("/page").header("Accept-Language", "de-AT").send(jetty.port());
            assertThat(page.header("Tocsin-Notice")).isEqualTo("banner");
            String body = new String(page.body, java.nio.charset.StandardCharsets.UTF_8);
            assertThat(body).as("the banner's form says where the post comes from")
                    .contains("<input type=\"hidden\" name=\"from\" value=\"banner\">");
            RawHttp.Response notice = get("/_tocsin/notice?return=%2Fpage").header("Accept-Language", "fr").send(jetty.port());
            assertThat(new String(notice.body, java.nio.charset.StandardCharsets.UTF_8))
                    .contains("<input type=\"hidden\" name=\"from\" value=\"notice\">");
            post("/_tocsin/ack").header("Accept-Language", "ar").form("return=%2Fpage&from=banner").send(jetty.port());
            post("/_tocsin/ack").form("return=%2Fpage&from=notice").send(jetty.port());
            post("/_tocsin/ack").form("return=%2Fpage").send(jetty.port());
            assertThat(heard).containsExactly("banner shown de", "banner details-opened fr", "banner dismissed ar",
                    "banner continued en");
        }
    }
}
