package io.tocsin.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code serve} command: the portal behind the filter on a free loopback port. */
class ServeCommandIT {

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void defaultConfigurationShowsTheBannerToThisMachine() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ServeCommand.Running demo = ServeCommand.start(List.of("--port", "0"), new PrintStream(out, true, StandardCharsets.UTF_8))) {
            assertThat(out.toString(StandardCharsets.UTF_8)).as("listening line")
                    .isEqualTo("Tocsin demo listening on http://127.0.0.1:" + demo.port() + "/" + System.lineSeparator());
            HttpResponse<String> home = get(demo.port(), "/");
            assertThat(home.statusCode()).as("home status").isEqualTo(200);
            assertThat(home.headers().firstValue("Tocsin-Notice")).as("notice header").hasValue("banner");
            assertThat(home.body()).as("banner right after the body tag").contains("<body><div id=\"tocsin-banner\"");
            assertThat(home.body().length()).as("a portal page of a few KB").isGreaterThan(3000);

            HttpResponse<String> status = get(demo.port(), "/api/status");
            assertThat(status.headers().firstValue("Content-Type")).as("status type").hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
            assertThat(status.body()).as("status JSON").startsWith("{\"status\":\"ok\",\"sources\":{\"demo\":\"up\"}");

            HttpResponse<String> css = get(demo.port(), "/static/app.css");
            assertThat(css.statusCode()).as("css status").isEqualTo(200);
            assertThat(css.body()).as("css").contains(".site-header");
            assertThat(css.headers().firstValue("Tocsin-Notice")).as("no notice on a stylesheet").isEmpty();

            assertThat(get(demo.port(), "/_tocsin/verdict").body()).as("own verdict")
                    .startsWith("{\"ip\":\"127.0.0.1\",\"listed\":true,\"notify\":true");
        }
    }

    @Test
    void configFileReplacesTheDefault() throws Exception {
        Path config = dir.resolve("tocsin.properties");
        Files.writeString(config, "tocsin.sources.local.type=list\ntocsin.sources.local.entries=192.0.2.66\n");
        try (ServeCommand.Running demo = ServeCommand.start(List.of("--config", config.toString(), "--bind", "127.0.0.1", "--port=0"),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
            HttpResponse<String> home = get(demo.port(), "/");
            assertThat(home.headers().firstValue("Tocsin-Notice")).as("this machine is not listed now").isEmpty();
            assertThat(home.body()).as("no banner").doesNotContain("tocsin-banner");
        }
    }

    @Test
    void badInputIsOneLineNamingIt() throws Exception {
        Path config = dir.resolve("bad.properties");
        Files.writeString(config, "tocsin.mode=loud\n");
        assertFails(List.of("--port", "70000"), 2, "--port \"70000\"");
        assertFails(List.of("--bind", "example.com"), 2, "--bind \"example.com\"");
        assertFails(List.of("--verbose"), 2, "\"--verbose\"");
        assertFails(List.of("--config"), 2, "--config needs a value");
        assertFails(List.of("--config", config.toString(), "--port", "0"), 2, "tocsin.mode");
        assertFails(List.of("--config", dir.resolve("missing.properties").toString(), "--port", "0"), 2, "missing.properties");
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            assertFails(List.of("--port", String.valueOf(taken.getLocalPort())), 1, "cannot listen on 127.0.0.1:" + taken.getLocalPort());
        }
    }

    private static void assertFails(List<String> args, int status, String named) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = ServeCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String message = err.toString(StandardCharsets.UTF_8);
        assertThat(rc).as("status for %s", args).isEqualTo(status);
        assertThat(message).as("message for %s", args).contains(named).endsWith(System.lineSeparator());
        assertThat(message.strip().lines().count()).as("one line for %s", args).isEqualTo(1);
        assertThat(out.size()).as("nothing on stdout for %s", args).isZero();
    }
}
