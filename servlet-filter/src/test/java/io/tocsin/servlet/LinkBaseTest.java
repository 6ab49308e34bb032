package io.tocsin.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.servlet.notice.NoticeRenderer;
import org.junit.jupiter.api.Test;

/** The links of Tocsin's own path, made once per context path, are what each page's banner needs. */
class LinkBaseTest {

    @Test
    void linksFollowTheContextPathAndThePage() {
        Site.LinkBase base = new Site.LinkBase("/_tocsin");
        for (int round = 0; round < 2; round++) { // the made part is reused, and remade when the context changes
            assertThat(base.links("", "/inbox?folder=a b")).isEqualTo(new NoticeRenderer.Links("/_tocsin/tocsin.css",
                    "/_tocsin/notice?return=%2Finbox%3Ffolder%3Da+b", "/_tocsin/ack", "/inbox?folder=a b"));
            assertThat(base.links("/mail", "/mail/")).isEqualTo(new NoticeRenderer.Links("/mail/_tocsin/tocsin.css",
                    "/mail/_tocsin/notice?return=%2Fmail%2F", "/mail/_tocsin/ack", "/mail/"));
        }
    }
}
