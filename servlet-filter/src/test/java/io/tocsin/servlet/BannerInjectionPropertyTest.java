package io.tocsin.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.servlet.html.BodyTagScanner;
import jakarta.servlet.ServletOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The injector against random HTML-like documents written in random pieces, through the stream or
 * the writer, with random flushes: the output minus the banner is always the input, and the banner
 * is there exactly when the document has a body tag that opens the body, ending within the scan limit,
 * right after it.
 */
class BannerInjectionPropertyTest {

    private static final String BANNER = "<div id=\"tocsin-banner\">B</div>";
    private static final int RUNS = 3000;

    /** A generated document and where its real body tag ends (-1 if it has none). */
    record Doc(String text, int bodyEnd) {
    }

    @Test
    void outputMinusBannerIsInputAndBannerIsWhereTheBodyTagIs() throws IOException {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        int withBanner = 0;
        for (int run = 0; run < RUNS; run++) {
            Doc doc = generate(random);
            int limit = 64 + random.nextInt(600);
            boolean useWriter = random.nextBoolean();
            byte[] input = doc.text.getBytes(StandardCharsets.UTF_8);
            byte[] output = inject(doc.text, input, limit, useWriter, random);
            int bodyEndBytes = doc.bodyEnd < 0 ? -1 : doc.text.substring(0, doc.bodyEnd).getBytes(StandardCharsets.UTF_8).length;
            boolean expectBanner = bodyEndBytes >= 0 && bodyEndBytes <= limit;
            String context = "seed " + seed + ", run " + run + ", limit " + limit + ", writer " + useWriter + ", doc:\n" + doc.text;
            String out = new String(output, StandardCharsets.UTF_8);
            if (expectBanner) {
                withBanner++;
                byte[] bannerBytes = BANNER.getBytes(StandardCharsets.US_ASCII);
                assertThat(RawHttp.indexOf(output, bannerBytes, 0)).as("banner position; %s", context).isEqualTo(bodyEndBytes);
                assertThat(out.indexOf(BANNER, out.indexOf(BANNER) + 1)).as("one banner; %s", context).isEqualTo(-1);
                byte[] without = new byte[output.length - bannerBytes.length];
                System.arraycopy(output, 0, without, 0, bodyEndBytes);
                System.arraycopy(output, bodyEndBytes + bannerBytes.length, without, bodyEndBytes, without.length - bodyEndBytes);
                assertThat(without).as("output minus banner; %s", context).isEqualTo(input);
            } else {
                assertThat(output).as("untouched; %s", context).isEqualTo(input);
            }
        }
        assertThat(withBanner).as("runs that had a banner (the generator must exercise both cases)").isBetween(RUNS / 5, RUNS * 4 / 5);
    }

    private static byte[] inject(String text, byte[] bytes, int limit, boolean useWriter, Random random) throws IOException {
        FakeResponse fake = new FakeResponse();
        AtomicInteger shown = new AtomicInteger();
        BannerResponse response = new BannerResponse(fake.response, limit,
                () -> BANNER.getBytes(StandardCharsets.US_ASCII), shown::incrementAndGet);
        response.setContentType("text/html;charset=UTF-8");
        if (useWriter) {
            PrintWriter w = response.getWriter();
            int i = 0;
            while (i < text.length()) {
                int n = Math.min(text.length() - i, 1 + random.nextInt(random.nextBoolean() ? 4 : 200));
                w.write(text, i, n); // may split a surrogate pair: the writer must hold half a character
                i += n;
                if (random.nextInt(8) == 0) {
                    w.flush();
                }
            }
        } else {
            ServletOutputStream out = response.getOutputStream();
            int i = 0;
            while (i < bytes.length) {
                int n = Math.min(bytes.length - i, 1 + random.nextInt(random.nextBoolean() ? 4 : 200));
                if (n == 1 && random.nextBoolean()) {
                    out.write(bytes[i]);
                } else {
                    out.write(bytes, i, n);
                }
                i += n;
                if (random.nextInt(8) == 0) {
                    out.flush();
                }
            }
        }
        response.finish();
        assertThat(shown.get()).as("listener calls").isEqualTo(response.injected() ? 1 : 0);
        return fake.body.toByteArray();
    }

    // ---- the generator

    private static final String[] FILLER = {"a", " ", "\n", "x < y", "a > b", "&lt;body&gt;", "Grüße", "\uD83D\uDE00", "< ", "<br>",
        "<p class=x>", "</p>", "text", "<meta charset=utf-8>", "<head>", "</head>", "<bodyx>", "</body>", "<b-ody>"};

    static Doc generate(Random r) {
        StringBuilder sb = new StringBuilder();
        if (r.nextBoolean()) {
            sb.append("<!DOCTYPE html>");
        }
        int before = r.nextInt(12);
        for (int i = 0; i < before; i++) {
            decoy(r, sb, r.nextInt(8) != 0); // now and then something that opens the body before its tag
        }
        if (r.nextInt(10) < 7) {
            sb.append('<').append(randomCase(r, "body"));
            switch (r.nextInt(6)) {
                case 0 -> sb.append(" class=\"a>b\"");
                case 1 -> sb.append(" data-x='<body>' id=y");
                case 2 -> sb.append("\n  onload=x");
                case 3 -> sb.append('/');
                case 4 -> sb.append(" a=b=c");
                default -> { }
            }
            sb.append('>');
            int after = r.nextInt(10);
            for (int i = 0; i < after; i++) {
                if (r.nextBoolean()) {
                    sb.append("<body>");
                } else {
                    decoy(r, sb, false);
                }
            }
        }
        // where a browser opens the body is the scanner's call, checked against a reference parser in
        // BodyTagDifferentialTest; here it is read in one piece, the injector gets it in many
        String text = sb.toString();
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int end = new BodyTagScanner().scan(bytes, 0, bytes.length);
        return new Doc(text, end < 0 ? -1 : new String(bytes, 0, end, StandardCharsets.UTF_8).length());
    }

    /**
     * Something that is not an opening body tag, though it may contain the text of one; with
     * {@code inHead}, only what a page's head may hold.
     */
    private static void decoy(Random r, StringBuilder sb, boolean inHead) {
        String hidden = r.nextBoolean() ? "<" + randomCase(r, "body") + ">" : "";
        switch (r.nextInt(11)) {
            case 0 -> sb.append("<!-- ").append(hidden).append(filler(r)).append(" -->");
            case 1 -> sb.append(r.nextBoolean() ? "<!-->" : "<!--->");
            case 2 -> sb.append("<?pi ").append(hidden.replace(">", "")).append("?>");
            case 3 -> rawText(r, sb, "script", hidden);
            case 4 -> rawText(r, sb, "style", hidden);
            case 5 -> rawText(r, sb, r.nextBoolean() && !inHead ? "textarea" : "title", hidden);
            case 6 -> sb.append("<template>").append(r.nextBoolean() ? "<template>" + hidden + "</template>" : "")
                    .append(hidden).append("</template>");
            case 7 -> sb.append(inHead ? "<meta content=\"" : "<div title=\"").append(hidden).append("\" data-y='")
                    .append(hidden).append("'>");
            case 8 -> sb.append("<!doctype html>");
            default -> sb.append(inHead ? " \n" : filler(r));
        }
    }

    private static void rawText(Random r, StringBuilder sb, String name, String hidden) {
        sb.append('<').append(randomCase(r, name)).append('>').append(hidden).append(filler(r))
                .append(r.nextBoolean() ? "</" + name + "x>" + hidden : "")
                .append("</").append(randomCase(r, name)).append(r.nextBoolean() ? " >" : ">");
    }

    private static String filler(Random r) {
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(6);
        for (int i = 0; i < n; i++) {
            sb.append(FILLER[r.nextInt(FILLER.length)]);
        }
        if (r.nextInt(20) == 0) {
            sb.append("y".repeat(r.nextInt(400)));
        }
        return sb.toString();
    }

    private static String randomCase(Random r, String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(r.nextBoolean() ? Character.toUpperCase(c) : c);
        }
        return sb.toString().toLowerCase(Locale.ROOT).equals(s) ? sb.toString() : sb.toString();
    }
}
