package io.tocsin.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** The publish and serve-dns command lines: the ready line, --help, errors that name their input. */
class PublishingCommandsIT {

    @TempDir
    Path dir;

    record Run(int status, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void serveDnsPrintsWhereItListensAndAnswersFromItsDefault() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ServeDnsCommand.Running running = ServeDnsCommand.start(List.of("--zone", "demo.test", "--port", "0"),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
            int port = running.server().address().getPort();
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("Tocsin DNS listening on 127.0.0.1:" + port + System.lineSeparator());
            SimpleResolver resolver = new SimpleResolver(running.server().address());
            Message answer = resolver.send(Message.newQuery(org.xbill.DNS.Record.newRecord(
                    org.xbill.DNS.Name.fromString("66.2.0.192.demo.test."), Type.A, org.xbill.DNS.DClass.IN)));
            assertThat(answer.getSection(org.xbill.DNS.Section.ANSWER)).hasSize(1);
        }
    }

    @Test
    void badInputIsNamedWithExitTwo() throws Exception {
        assertThat(run("serve-dns").err()).contains("--zone is required");
        assertThat(run("serve-dns", "--zone", "bad_zone!").err()).contains("--zone").contains("bad_zone!");
        assertThat(run("serve-dns", "--zone", "x.test", "--port", "70000").status()).isEqualTo(2);
        Run publish = run("publish", "--zone", "x.test");
        assertThat(publish.status()).isEqualTo(2);
        assertThat(publish.err()).contains("--out is required");
        Path config = dir.resolve("c.properties");
        Files.writeString(config, "tocsin.publish.codes=infected=127.0.0.1\n");
        Run codes = run("publish", "--config", config.toString(), "--zone", "x.test", "--out", dir.toString());
        assertThat(codes.status()).isEqualTo(2);
        assertThat(codes.err()).contains("tocsin.publish.codes").contains("127.0.0.1");
        Files.writeString(config, "tocsin.publish.max-shar=0.5\n");
        assertThat(run("publish", "--config", config.toString(), "--zone", "x.test", "--out", dir.toString()).err())
                .contains("tocsin.publish.max-shar").contains("not a known key");
    }

    @Test
    void helpNamesTheCommands() {
        assertThat(run("--help").out()).contains("publish [--config FILE] --zone NAME --out DIR [--every DURATION]")
                .contains("serve-dns [--config FILE] --zone NAME [--port N] [--bind ADDR]");
        assertThat(run("publish", "--help").status()).isZero();
        assertThat(run("serve-dns", "--help").out()).contains("tocsin.serve-dns");
    }

    @Test
    void publishRefusesAListOfTheWorldWithExitOne() throws Exception {
        Path config = dir.resolve("world.properties");
        Files.writeString(config, "tocsin.sources.all.type=list\ntocsin.sources.all.entries=0.0.0.0/0\ntocsin.sources.all.publish=true\n");
        Run r = run("publish", "--config", config.toString(), "--zone", "x.test", "--out", dir.resolve("out").toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).startsWith("tocsin publish: not publishing x.test: ").contains("127.0.0.1");
        assertThat(dir.resolve("out/x.test.ip4set")).doesNotExist();
    }
}
