package io.tocsin.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.servlet.notice.NoticeRenderer;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** When the banner brings its script: only where the page's Content-Security-Policy lets it run. */
class ScriptPolicyTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "frame-ancestors 'none'|true",
        "default-src 'self'|true",
        "default-src 'none'; style-src 'self'|false",
        "default-src 'self'; script-src 'none'|false",
        "default-src 'self'; script-src 'self' https://cdn.example|true",
        "script-src 'nonce-abc' 'strict-dynamic' 'self'|false",
        "script-src *|true",
        "script-src 'none'; script-src-elem 'self'|true",
        "DEFAULT-SRC 'SELF'|true",
        "script-src https://cdn.example|false",
        "default-src 'self', script-src 'none'|false",
    })
    void ownScriptsAllowed(String policy, boolean allowed) {
        FakeResponse fake = new FakeResponse();
        fake.response.setHeader("Content-Security-Policy", policy);
        assertThat(ScriptPolicy.allowsOwnScripts(fake.response)).isEqualTo(allowed);
    }

    @Test
    void noPolicyAllowsAndReportOnlyCounts() {
        FakeResponse fake = new FakeResponse();
        assertThat(ScriptPolicy.allowsOwnScripts(fake.response)).isTrue();
        fake.response.setHeader("Content-Security-Policy-Report-Only", "script-src 'none'");
        assertThat(ScriptPolicy.allowsOwnScripts(fake.response)).isFalse();
    }

    @Test
    void bannerWithoutScriptHasNoScriptElement() {
        NoticeRenderer r = new NoticeRenderer(null, null, Branding.NONE);
        NoticeRenderer.Links links = new NoticeRenderer.Links("/ctx/_tocsin/tocsin.css", "/ctx/_tocsin/notice?return=%2F",
                "/ctx/_tocsin/ack", "/");
        assertThat(r.banner(Locale.ENGLISH, links, true)).contains("<script src=\"/ctx/_tocsin/tocsin.js\" async></script>");
        String without = r.banner(Locale.ENGLISH, links, false);
        assertThat(without).doesNotContain("<script").contains("tocsin-banner-dismiss");
        assertThat(r.script()).contains("showPopover");
    }
}
