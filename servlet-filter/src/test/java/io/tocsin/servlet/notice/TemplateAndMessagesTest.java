package io.tocsin.servlet.notice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateAndMessagesTest {

    @Test
    void templatesEscapeByDefault() {
        Template t = Template.parse("<p title=\"{{a}}\">{{a}} {{{b}}} {{missing}} {{ not a name }}</p>");
        assertThat(t.render(Map.of("a", "<x \"y\" & 'z'>", "b", "<i>raw</i>")))
                .isEqualTo("<p title=\"&lt;x &quot;y&quot; &amp; &#39;z&#39;&gt;\">&lt;x &quot;y&quot; &amp; &#39;z&#39;&gt; <i>raw</i>  {{ not a name }}</p>");
    }

    @Test
    void languagesAreChosenFromAcceptLanguage() {
        Messages m = new Messages();
        assertThat(m.languages()).as("shipped").extracting(Locale::toLanguageTag).containsExactly("en", "de", "fr", "es", "it", "nl", "pt", "ar");
        assertThat(m.choose("de-CH,de;q=0.9")).as("de-CH").hasToString("de");
        assertThat(m.choose("it, fr;q=0.5")).as("it first").hasToString("it");
        assertThat(m.choose("sv, pt-BR;q=0.8, en;q=0.3")).as("pt-BR falls back to pt before en").hasToString("pt");
        assertThat(m.choose("nl-BE;q=0.2, de-AT;q=0.9")).as("q-values order").hasToString("de");
        assertThat(m.choose("de;q=0, fr")).as("q=0 excludes").hasToString("fr");
        assertThat(m.choose("*;q=0.1")).as("star").hasToString("en");
        assertThat(m.choose("bad header ;;; q=x")).as("malformed").hasToString("en");
        assertThat(m.choose(null)).as("absent").hasToString("en");
        for (Locale l : m.languages()) {
            for (String key : List.of("banner.text", "banner.more", "banner.dismiss", "notice.title", "notice.listed", "notice.blocked",
                    "notice.clean", "notice.unknown", "notice.continue", "notice.step5", "category.infected", "notice.site")) {
                assertThat(m.get(l, key)).as("%s in %s", key, l).isNotEqualTo(key).isNotBlank();
            }
        }
    }
}
