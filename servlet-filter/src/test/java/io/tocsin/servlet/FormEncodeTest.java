package io.tocsin.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.servlet.notice.NoticeRenderer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The banner's own encodings, made without per-response buffers, give exactly what the general ones
 * give: the return path's form encoding, and the banner's bytes.
 */
class FormEncodeTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "/", "/shop/cart?item=3&x=a b", "/a+b/%20/~user", "/ünïcode/日本", "/\uD83D\uDE00", "*.-_",
        "/q?a=\"<script>\"", "\t\r\n\u007f"})
    void sameAsUrlEncoder(String path) {
        assertThat(Visit.formEncode(path)).isEqualTo(URLEncoder.encode(path, StandardCharsets.UTF_8));
    }

    @Test
    void sameAsUrlEncoderForRandomAscii() {
        Random random = new Random(19);
        for (int i = 0; i < 5_000; i++) {
            char[] chars = new char[random.nextInt(40)];
            for (int k = 0; k < chars.length; k++) {
                chars[k] = (char) random.nextInt(0x80);
            }
            String path = new String(chars);
            assertThat(Visit.formEncode(path)).as(path).isEqualTo(URLEncoder.encode(path, StandardCharsets.UTF_8));
        }
    }

    @Test
    void bannerBytesAreTheBannerInAscii() {
        NoticeRenderer r = new NoticeRenderer(null, "Example & Co");
        NoticeRenderer.Links links = new NoticeRenderer.Links("/ctx/_tocsin/tocsin.css",
                "/ctx/_tocsin/notice?return=" + Visit.formEncode("/a?b=\"<c>\""), "/ctx/_tocsin/ack", "/a?b=\"<c>\"");
        for (Locale language : new Locale[] {Locale.ENGLISH, Locale.GERMAN, Locale.forLanguageTag("ar")}) {
            for (boolean script : new boolean[] {true, false}) {
                byte[] bytes = r.bannerBytes(language, links, script);
                String banner = r.banner(language, links, script);
                assertThat(new String(bytes, StandardCharsets.US_ASCII)).isEqualTo(banner);
                assertThat(banner).contains("/a?b=&quot;&lt;c&gt;&quot;").doesNotContain("\"<c>\"");
                assertThat(banner.chars().allMatch(c -> c < 0x80)).isTrue();
                assertThat(banner.contains("tocsin.js")).isEqualTo(script);
            }
        }
    }
}
