package io.tocsin.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.core.Category;
import io.tocsin.core.Checker;
import io.tocsin.core.ip.IpSet;
import io.tocsin.core.list.ListSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real browser's HTML parser agrees with the injector: in the DOM Chromium builds from the tricky
 * test page (body tag text in a title, comment, script, template and attribute values; a body tag
 * with a quoted {@code >}), the banner is the body's first child, and there is exactly one.
 * Needs the Debian package {@code chromium}, which {@code .ci/run} installs; fails where it is missing.
 */
class ChromiumBannerIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TempDir
    Path profile;

    @Test
    void browserSeesOneBannerFirstInTheBody() throws Exception {
        assertThat(CHROMIUM).as("the Debian package chromium (.ci/run installs it)").isExecutable();
        try (Checker checker = Checker.builder().source(new ListSource("bl", IpSet.parse("127.0.0.1"), Category.INFECTED)).build();
             Container jetty = Container.jetty(new TocsinFilter(checker, FilterOptions.builder()
                     .lookupBudget(Duration.ofSeconds(2)).build()), new TestSite())) {
            for (String path : List.of("/page", "/stream", "/latin1")) {
                String dom = dumpDom("http://127.0.0.1:" + jetty.port() + path);
                assertThat(dom.split("id=\"tocsin-banner\"", -1)).as("banners in the DOM of %s:\n%s", path, dom).hasSize(2);
                assertThat(Pattern.compile("<body[^\\n]*?><div id=\"tocsin-banner\" role=\"alert\" aria-label=\"Security notice\" lang=\"en\"[^>]*>").matcher(dom).find())
                        .as("banner is the body's first child in the DOM of %s:\n%s", path, dom).isTrue();
                assertThat(dom).as("page content intact in %s", path).contains("<h1>Gr");
            }
        }
    }

    private String dumpDom(String url) throws IOException, InterruptedException {
        Path out = Files.createTempFile(profile, "dom", ".html");
        Process chromium = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
                "--user-data-dir=" + profile.resolve("p" + System.nanoTime()), "--dump-dom", url)
                .redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            assertThat(chromium.waitFor(60, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        } finally {
            chromium.destroyForcibly();
        }
        assertThat(chromium.exitValue()).as("chromium exit status").isZero();
        return Files.readString(out, StandardCharsets.UTF_8);
    }
}
