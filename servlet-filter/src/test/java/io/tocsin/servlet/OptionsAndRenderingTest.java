package io.tocsin.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tocsin.core.Category;
import io.tocsin.core.Listing;
import io.tocsin.core.SourceError;
import io.tocsin.core.Verdict;
import io.tocsin.core.config.ConfigException;
import io.tocsin.core.config.Settings;
import io.tocsin.core.ip.IpAddress;
import io.tocsin.servlet.notice.NoticeRenderer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OptionsAndRenderingTest {

    @Test
    void defaultsMatchTheContract() {
        FilterOptions o = FilterOptions.from(Settings.of(Map.of()));
        assertThat(o.enabled()).as("enabled").isTrue();
        assertThat(o.mode()).as("mode").isEqualTo(Mode.BANNER);
        assertThat(o.trustedProxies().isEmpty()).as("trusted proxies").isTrue();
        assertThat(o.lookupBudget()).as("lookup budget").isEqualTo(Duration.ofMillis(50));
        assertThat(o.path()).as("path").isEqualTo("/_tocsin");
        assertThat(o.ackTtl()).as("ack ttl").isEqualTo(Duration.ofHours(24));
        assertThat(o.ackSecretGiven()).as("random secret").isFalse();
        assertThat(o.ackSecret()).as("secret length").hasSize(32);
        assertThat(o.blockAllow()).as("block allow").isEmpty();
        assertThat(o.scanLimit()).as("scan limit").isEqualTo(65536);
    }

    @Test
    void keysAreRead() {
        Settings s = Settings.of(Map.of("tocsin.enabled", "false", "tocsin.mode", "BLOCK", "tocsin.trusted-proxies", "10.0.0.0/8 ::1",
                "tocsin.lookup-budget", "250ms", "tocsin.path", "/.well-known/tocsin", "tocsin.ack-ttl", "1h",
                "tocsin.ack-secret", "xyz", "tocsin.block.allow", "/help/**, /favicon.ico", "tocsin.forwarded-header", "forwarded"));
        FilterOptions o = FilterOptions.from(s);
        s.rejectUnknown();
        assertThat(o.enabled()).as("enabled").isFalse();
        assertThat(o.mode()).as("mode").isEqualTo(Mode.BLOCK);
        assertThat(o.trustedProxies().contains(IpAddress.parse("10.9.9.9"))).as("trusted range").isTrue();
        assertThat(o.lookupBudget()).as("budget").isEqualTo(Duration.ofMillis(250));
        assertThat(o.path()).as("path").isEqualTo("/.well-known/tocsin");
        assertThat(o.ackTtl()).as("ttl").isEqualTo(Duration.ofHours(1));
        assertThat(o.ackSecret()).as("secret").isEqualTo("xyz".getBytes());
        assertThat(o.blockAllow()).as("allow").containsExactly("/help/**", "/favicon.ico");
        assertThat(o.forwardedHeader()).as("header").isEqualTo(FilterOptions.ForwardedHeader.FORWARDED);
        assertThat(Mode.OBSERVE.id()).as("mode id").isEqualTo("observe");
    }

    @Test
    void badValuesNameKeyAndValue() {
        assertBad("tocsin.mode", "loud");
        assertBad("tocsin.lookup-budget", "soon");
        assertBad("tocsin.path", "_tocsin/");
        assertBad("tocsin.path", "/_tocsin/");
        assertBad("tocsin.trusted-proxies", "proxy.example");
        assertBad("tocsin.block.allow", "help/**");
        assertBad("tocsin.ack-ttl", "0s");
        assertBad("tocsin.enabled", "yes");
    }

    private static void assertBad(String key, String value) {
        assertThatThrownBy(() -> FilterOptions.from(Settings.of(Map.of(key, value))))
                .as("%s=%s", key, value).isInstanceOf(ConfigException.class)
                .hasMessageContaining(key).hasMessageContaining(value);
    }

    @Test
    void withNoticeListenerKeepsEverythingElse() {
        FilterOptions o = FilterOptions.from(Settings.of(Map.of("tocsin.mode", "interstitial", "tocsin.path", "/x")));
        NoticeListener listener = mode -> { };
        FilterOptions copy = o.withNoticeListener(listener);
        assertThat(copy.noticeListener()).as("listener").isSameAs(listener);
        assertThat(copy.ackSecret()).as("same random secret").isEqualTo(o.ackSecret());
        assertThat(copy).as("everything else").hasToString(o.toString());
    }

    @Test
    void withNoticeListenerKeepsEverySettingAwayFromItsDefault() {
        // every key FilterOptions reads, set away from its default
        FilterOptions original = FilterOptions.from(Settings.of(Map.ofEntries(
                Map.entry("tocsin.enabled", "false"),
                Map.entry("tocsin.mode", "interstitial"),
                Map.entry("tocsin.trusted-proxies", "10.0.0.0/8"),
                Map.entry("tocsin.forwarded-header", "forwarded"),
                Map.entry("tocsin.lookup-budget", "75ms"),
                Map.entry("tocsin.path", "/_warn"),
                Map.entry("tocsin.ack-ttl", "2h"),
                Map.entry("tocsin.ack-secret", "s3cret"),
                Map.entry("tocsin.block.allow", "/help/**"),
                Map.entry("tocsin.templates", "classpath:tocsin-templates/"),
                Map.entry("tocsin.site-name", "Example Mail"),
                Map.entry("tocsin.support-contact", "help@example.org"),
                Map.entry("tocsin.brand.logo", "/logo.svg"),
                Map.entry("tocsin.brand.color", "#0b5394"),
                Map.entry("tocsin.brand.links", "Help|/help"),
                Map.entry("tocsin.banner.scan-limit", "2048"))));
        NoticeListener listener = mode -> { };

        FilterOptions copy = original.withNoticeListener(listener);

        assertThat(copy).as("copy").hasToString(original.toString());
        assertThat(copy.ackSecret()).as("ack secret").isEqualTo(original.ackSecret());
        assertThat(copy.clock()).as("clock").isSameAs(original.clock());
        assertThat(copy.noticeListener()).as("listener").isSameAs(listener);
        assertThat(copy.mode()).isEqualTo(Mode.INTERSTITIAL);
        assertThat(FilterOptions.builder().build().withNoticeListener(mode -> { }).ackSecretGiven())
                .as("a random ack secret stays random").isFalse();
    }

    @Test
    void builderRefusesASettingTwice() {
        assertThatThrownBy(() -> FilterOptions.builder().mode(Mode.BLOCK).mode(Mode.BANNER))
                .as("mode twice").isInstanceOf(IllegalStateException.class).hasMessageContaining("mode");
    }

    @Test
    void blockAllowPatterns() {
        PathPatterns p = new PathPatterns(List.of("/help/**", "/img/*.png", "/favicon.ico"));
        assertThat(p.matches("/help")).as("/help").isTrue();
        assertThat(p.matches("/help/a/b")).as("/help/a/b").isTrue();
        assertThat(p.matches("/helpdesk")).as("/helpdesk").isFalse();
        assertThat(p.matches("/img/a.png")).as("/img/a.png").isTrue();
        assertThat(p.matches("/img/a/b.png")).as("* stays in a segment").isFalse();
        assertThat(p.matches("/favicon.ico")).as("literal").isTrue();
        assertThat(p.matches("/faviconXico")).as("dot is literal").isFalse();
    }

    @Test
    void operatorTemplatesOverrideSomeFiles(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("banner.html"), "<div id=\"tocsin-banner\" class=\"mine\">{{banner.text}} <a href=\"{{notice}}\">?</a></div>\n");
        NoticeRenderer r = new NoticeRenderer(dir.toString(), "Example Mail");
        NoticeRenderer.Links links = new NoticeRenderer.Links("/_tocsin/tocsin.css", "/_tocsin/notice?return=%2F", "/_tocsin/ack", "/");
        assertThat(r.banner(Locale.FRENCH, links)).as("operator banner, ASCII only")
                .startsWith("<div id=\"tocsin-banner\" class=\"mine\">Alerte de s&#233;curit&#233;").endsWith("?</a></div>");
        Verdict v = Verdict.of(IpAddress.parse("192.0.2.66"),
                List.of(new Listing("zen", EnumSet.of(Category.INFECTED), List.of("127.0.0.4"), "x".repeat(500))),
                List.of(new SourceError("other", io.tocsin.core.SourceResult.Failure.TIMEOUT, "timeout")), EnumSet.of(Category.INFECTED));
        String page = r.notice(Locale.ENGLISH, links, v, false);
        assertThat(page).as("built-in notice still used").contains("<td class=\"tocsin-source\">zen</td>");
        assertThat(page).as("site name").contains("This notice comes from Example Mail");
        assertThat(page).as("long reason shown whole: the Listing caps it").contains("x".repeat(500) + "</");
    }

    @Test
    void brandingAndLookupLinksOnTheNoticePage() {
        Settings settings = Settings.of(Map.of("tocsin.support-contact", "help@example.org",
                "tocsin.brand.links", "Our security page|/security, Status|https://status.example.org/",
                "tocsin.brand.logo", "/img/logo.svg", "tocsin.brand.color", "#fc0",
                "tocsin.sources.zen.type", "dnsbl", "tocsin.sources.zen.preset", "spamhaus-zen",
                "tocsin.sources.abuse.type", "abuseipdb", "tocsin.sources.abuse.api-key", "k",
                "tocsin.sources.local.type", "list", "tocsin.sources.local.entries", "192.0.2.66"));
        FilterOptions options = FilterOptions.from(settings);
        Branding b = options.branding();
        assertThat(b.lookupLinks()).as("no list operator known by name in the filter").isEmpty();
        assertThat(b.onAccent()).as("black text on a light accent").isEqualTo("#000000");
        Map<String, io.tocsin.core.Source> sources = new java.util.HashMap<>();
        for (io.tocsin.core.Source source : io.tocsin.core.config.CheckerSettings.sources(settings, getClass().getClassLoader())) {
            sources.put(source.name(), source);
        }
        NoticeRenderer r = new NoticeRenderer(null, "Example Mail", b, (name, ip) -> sources.get(name).lookupUrl(ip));
        assertThat(r.css()).as("accent in the stylesheet").contains("background: #ffcc00; color: #000000;");
        NoticeRenderer.Links links = new NoticeRenderer.Links("/_tocsin/tocsin.css", "/_tocsin/notice?return=%2F", "/_tocsin/ack", "/");
        Verdict v = Verdict.of(IpAddress.parse("192.0.2.66"),
                List.of(new Listing("abuse", EnumSet.of(Category.INFECTED), List.of(), "<script>alert(1)</script>"),
                        new Listing("zen", EnumSet.of(Category.INFECTED), List.of("127.0.0.4"), null),
                        new Listing("local", EnumSet.of(Category.INFECTED), List.of(), null)),
                List.of(), EnumSet.of(Category.INFECTED));
        String page = r.notice(Locale.GERMAN, links, v, false);
        assertThat(page).as("lookup link with the address").contains("<a class=\"tocsin-lookup\" href=\"https://www.abuseipdb.com/check/192.0.2.66\" rel=\"noopener noreferrer\">");
        assertThat(page).as("a preset's lookup page").contains("<a class=\"tocsin-lookup\" href=\"https://check.spamhaus.org/\"");
        assertThat(page.split("class=\"tocsin-lookup\"", -1)).as("no lookup page for the hand-made list").hasSize(3);
        assertThat(page).as("reason escaped").contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>");
        assertThat(page).as("support contact").contains("<a href=\"mailto:help@example.org\">help@example.org</a>");
        assertThat(page).as("links").contains("<a href=\"/security\">Our security page</a>").contains("<a href=\"https://status.example.org/\">Status</a>");
        assertThat(page).as("logo").contains("<img src=\"/img/logo.svg\" alt=\"Example Mail\">");
        assertThat(page).as("German").contains("<html lang=\"de\">").contains("Teilen Sie diesen Anschluss");
        assertThat(r.notice(Locale.forLanguageTag("ar"), links, v, false)).as("Arabic, right to left")
                .contains("<html lang=\"ar\" dir=\"rtl\">");
        assertThat(r.banner(Locale.forLanguageTag("ar"), links)).as("Arabic banner, right to left")
                .startsWith("<div id=\"tocsin-banner\" role=\"alert\" aria-label=\"&#1578;").contains("\" lang=\"ar\">").contains("dir=\"rtl\"").contains("&#1578;");
        assertThatThrownBy(() -> FilterOptions.from(Settings.of(Map.of("tocsin.brand.color", "red"))))
                .as("bad colour").hasMessageContaining("tocsin.brand.color").hasMessageContaining("red");
        assertThatThrownBy(() -> FilterOptions.from(Settings.of(Map.of("tocsin.brand.logo", "https://cdn.example/logo.png"))))
                .as("third-party logo").hasMessageContaining("tocsin.brand.logo");
        assertThatThrownBy(() -> FilterOptions.from(Settings.of(Map.of("tocsin.brand.links", "Evil|javascript:alert(1)"))))
                .as("javascript: link").hasMessageContaining("tocsin.brand.links");
    }
}
