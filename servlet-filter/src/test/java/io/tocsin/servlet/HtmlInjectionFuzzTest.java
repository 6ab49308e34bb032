package io.tocsin.servlet;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import jakarta.servlet.ServletOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fuzzes the HTML injector with arbitrary pages written in arbitrary pieces, through the stream or
 * the writer: nothing throws, the banner appears at most once, the output minus the banner is
 * exactly the input, and the banner is only ever right after a {@code >}.
 */
class HtmlInjectionFuzzTest {

    private static final byte[] BANNER = "<div id=\"tocsin-banner\">B</div>".getBytes(StandardCharsets.US_ASCII);

    @FuzzTest(maxDuration = "10m")
    void outputMinusBannerIsInput(FuzzedDataProvider data) throws IOException {
        int limit = data.consumeInt(0, 2048);
        boolean useWriter = data.consumeBoolean();
        int piece = data.consumeInt(1, 64);
        boolean flushes = data.consumeBoolean();
        byte[] page = data.consumeRemainingAsBytes();
        String text = null;
        if (useWriter) {
            text = new String(page, StandardCharsets.UTF_8);
            page = text.getBytes(StandardCharsets.UTF_8);
        }

        FakeResponse fake = new FakeResponse();
        AtomicInteger shown = new AtomicInteger();
        BannerResponse response = new BannerResponse(fake.response, limit, BANNER::clone, shown::incrementAndGet);
        response.setContentType("text/html;charset=UTF-8");
        if (useWriter) {
            PrintWriter w = response.getWriter();
            for (int i = 0; i < text.length(); i += piece) {
                w.write(text, i, Math.min(piece, text.length() - i)); // may split a surrogate pair
                if (flushes) {
                    w.flush();
                }
            }
        } else {
            ServletOutputStream out = response.getOutputStream();
            for (int i = 0; i < page.length; i += piece) {
                out.write(page, i, Math.min(piece, page.length - i));
                if (flushes) {
                    out.flush();
                }
            }
        }
        response.finish();
        byte[] output = fake.body.toByteArray();

        if (!response.injected()) {
            check(Arrays.equals(output, page), "not injected, yet the page changed");
            check(shown.get() == 0, "listener told of a banner that is not there");
            return;
        }
        check(shown.get() == 1, "listener calls: " + shown.get());
        int at = RawHttp.indexOf(output, BANNER, 0);
        check(at > 0 && output[at - 1] == '>', "banner not right after a tag: at " + at);
        check(at <= limit, "banner beyond the scan limit " + limit + ": at " + at);
        byte[] without = new byte[output.length - BANNER.length];
        System.arraycopy(output, 0, without, 0, at);
        System.arraycopy(output, at + BANNER.length, without, at, without.length - at);
        check(Arrays.equals(without, page), "output minus banner is not the input");
    }

    private static void check(boolean condition, String problem) {
        if (!condition) {
            throw new AssertionError(problem);
        }
    }
}
