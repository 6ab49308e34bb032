package io.tocsin.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.ServletOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The injector streams: nothing is held back once the body tag is seen, or once the scan limit is passed. */
class BannerStreamingTest {

    private static final byte[] BANNER = "<div id=\"tocsin-banner\">B</div>".getBytes(StandardCharsets.US_ASCII);

    private static BannerResponse response(FakeResponse fake, int limit) {
        BannerResponse r = new BannerResponse(fake.response, limit, () -> BANNER, () -> { });
        r.setContentType("text/html;charset=UTF-8");
        return r;
    }

    @Test
    void tenMegabytePageFlowsThroughAfterTheBodyTag() throws IOException {
        FakeResponse fake = new FakeResponse();
        BannerResponse r = response(fake, 65536);
        ServletOutputStream out = r.getOutputStream();
        byte[] head = "<html><head></head><body>".getBytes(StandardCharsets.US_ASCII);
        out.write(head);
        assertThat(fake.body.size()).as("sent as soon as the tag is seen").isEqualTo(head.length + BANNER.length);
        byte[] chunk = new byte[8192];
        Arrays.fill(chunk, (byte) 'x');
        long written = head.length;
        for (int i = 0; i < 10 * 128; i++) {
            out.write(chunk);
            written += chunk.length;
            assertThat((long) fake.body.size()).as("bytes held back after %d bytes", written).isEqualTo(written + BANNER.length);
        }
        r.finish();
        assertThat(r.injected()).as("injected").isTrue();
    }

    @Test
    void pageWithoutBodyTagIsReleasedAtTheScanLimit() throws IOException {
        FakeResponse fake = new FakeResponse();
        BannerResponse r = response(fake, 1024);
        ServletOutputStream out = r.getOutputStream();
        byte[] chunk = new byte[100];
        Arrays.fill(chunk, (byte) ' '); // white space: text would open the body and settle the scan at once
        for (int i = 0; i < 10; i++) {
            out.write(chunk);
        }
        assertThat(fake.body.size()).as("held while below the limit").isZero();
        out.write(chunk);
        assertThat(fake.body.size()).as("everything released past the limit").isEqualTo(1100);
        out.write("<body>".getBytes(StandardCharsets.US_ASCII));
        r.finish();
        assertThat(r.injected()).as("no banner after the limit").isFalse();
        assertThat(fake.body.size()).as("all bytes, unchanged").isEqualTo(1106);
    }

    @Test
    void headersOfAnInjectedPage() throws IOException {
        FakeResponse fake = new FakeResponse();
        BannerResponse r = response(fake, 65536);
        r.setHeader("ETag", "\"1\"");
        r.setDateHeader("Last-Modified", 1000L);
        r.setHeader("Cache-Control", "public, max-age=60");
        r.setContentLength(20);
        assertThat(r.getHeader("ETag")).as("the application still sees its ETag").isEqualTo("\"1\"");
        assertThat(fake.headers).as("nothing decided yet").doesNotContainKeys("etag", "last-modified", "content-length");
        r.getOutputStream().write("<body>01234567890123".getBytes(StandardCharsets.US_ASCII));
        r.finish();
        assertThat(fake.headers).as("validators dropped").doesNotContainKeys("etag", "last-modified");
        assertThat(fake.headers).as("headers after injection")
                .containsEntry("content-length", String.valueOf(20 + BANNER.length))
                .containsEntry("cache-control", "private, no-store")
                .containsEntry("tocsin-notice", "banner");
        r.setHeader("Cache-Control", "public");
        assertThat(fake.headers).as("Cache-Control stays private").containsEntry("cache-control", "private, no-store");
    }

    @Test
    void headersOfAPassedPageAreTheApplications() throws IOException {
        FakeResponse fake = new FakeResponse();
        BannerResponse r = response(fake, 65536);
        r.setHeader("ETag", "\"1\"");
        r.setContentLength(5);
        r.getOutputStream().write("<p>x</p>".getBytes(StandardCharsets.US_ASCII), 0, 5);
        r.finish();
        assertThat(fake.headers).as("replayed").containsEntry("etag", "\"1\"").containsEntry("content-length", "5")
                .doesNotContainKeys("tocsin-notice", "cache-control");
    }

    @Test
    void flushBeforeTheBodyTagIsDeferredAndErrorsDropWhatWasHeld() throws IOException {
        FakeResponse fake = new FakeResponse();
        BannerResponse r = response(fake, 65536);
        r.getWriter().write("<html><head>");
        r.flushBuffer();
        r.getWriter().flush();
        assertThat(fake.body.size()).as("nothing committed before the tag").isZero();
        assertThat(fake.flushes).as("no flush reached the container").isZero();
        r.setStatus(404);
        r.getWriter().write("<body>");
        r.finish();
        assertThat(r.injected()).as("a 404 gets no banner").isFalse();
        assertThat(fake.body.toString(StandardCharsets.UTF_8)).as("404 page unchanged").isEqualTo("<html><head><body>");
    }
}
