package io.tocsin.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.core.Category;
import io.tocsin.core.Checker;
import io.tocsin.core.ip.IpSet;
import io.tocsin.core.list.ListSource;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An application that fails after writing its body tag (the banner already inserted, nothing sent
 * yet): the response becomes the container's 500, which must carry no banner and no
 * {@code Tocsin-Notice: banner} (the contract puts banners on 2xx pages only).
 *
 * <p>Regression test: Jetty used to send its error page with {@code Tocsin-Notice: banner} still
 * set, and Tomcat the application's partial page, banner included, with status 500.
 */
class FailureAfterBannerIT {

    @ParameterizedTest
    @EnumSource(Container.Kind.class)
    void theErrorPageCarriesNoNoticeHeader(Container.Kind kind) throws IOException {
        try (Checker checker = Checker.builder()
                     .source(new ListSource("bl", IpSet.parse(HostileInputIT.LISTED), Category.INFECTED)).build();
             Container plain = kind.start(null, new HostileInputIT.HostileSite());
             Container filtered = kind.start(new TocsinFilter(checker, FilterOptions.builder()
                     .trustedProxies(IpSet.parse("127.0.0.1")).lookupBudget(Duration.ofSeconds(2)).build()),
                     new HostileInputIT.HostileSite())) {
            RawHttp.Response page = RawHttp.get("/page").from(HostileInputIT.LISTED).send(filtered.port());
            assertThat(page.header("Tocsin-Notice")).as("the set-up shows banners").isEqualTo("banner");

            RawHttp.Response expected = RawHttp.get("/fail-after-body").from(HostileInputIT.LISTED).send(plain.port());
            RawHttp.Response actual = RawHttp.get("/fail-after-body").from(HostileInputIT.LISTED).send(filtered.port());
            assertThat(actual.statusLine).as("the application's own error").isEqualTo(expected.statusLine);
            assertThat(actual.text()).as("%s: %s", kind, actual.statusLine).doesNotContain(HostileInputIT.BANNER);
            assertThat(actual.header("Tocsin-Notice")).as("no notice header on an error page without a notice").isNull();
        }
    }
}
