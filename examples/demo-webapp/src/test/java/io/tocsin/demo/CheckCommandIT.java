package io.tocsin.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.testing.Rbldnsd;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code check} command, run as the jar runs it, against a real rbldnsd. */
class CheckCommandIT {

    private static Rbldnsd dns;

    @TempDir
    Path dir;

    @BeforeAll
    static void startDns() {
        dns = Rbldnsd.builder()
                .ip4set("bl.test", "192.0.2.66 :127.0.0.4:infected: sober\n198.51.100.0/24 :127.0.0.10:policy range")
                .ip6trie("bl.test", "2001:db8::66 :127.0.0.4:infected (v6)")
                .ip4trie("dead.test", "0.0.0.0/0 :127.0.0.2:everything")
                .ip4set("generic.test", "192.0.2.2 :127.0.0.2:listed\n192.0.2.10 :127.0.0.10:policy\n192.0.2.12 :127.0.0.2:both\n192.0.2.12 :127.0.0.10:both")
                .start();
    }

    @AfterAll
    static void stopDns() {
        dns.close();
    }

    /** The exit status, standard output and standard error of one run. */
    record Run(int status, String out, String err) {
        List<String> lines() {
            return out.isEmpty() ? List.of() : List.of(out.split("\n"));
        }
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path config(String... lines) throws Exception {
        Path file = dir.resolve("tocsin.properties");
        Files.write(file, List.of(lines));
        return file;
    }

    private Path blConfig() throws Exception {
        return config(
                "tocsin.sources.bl.type=dnsbl",
                "tocsin.sources.bl.zone=bl.test",
                "tocsin.sources.bl.servers=" + dns.servers(),
                "tocsin.sources.bl.codes=127.0.0.4-127.0.0.7=infected,127.0.0.10-127.0.0.11=policy",
                "tocsin.sources.bl.txt=true");
    }

    @Test
    void printsOneJsonVerdictPerAddressInOrder() throws Exception {
        Run run = run("check", "--config", blConfig().toString(), "192.0.2.66", "192.0.2.1", "198.51.100.9", "2001:db8::66");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.lines()).containsExactly(
                "{\"ip\":\"192.0.2.66\",\"listed\":true,\"notify\":true,\"categories\":[\"infected\"],"
                        + "\"listings\":[{\"source\":\"bl\",\"categories\":[\"infected\"],\"codes\":[\"127.0.0.4\"],\"reason\":\"infected: sober\","
                        + "\"weight\":1,\"counted\":true}],"
                        + "\"errors\":[],\"score\":1,\"threshold\":1,\"decision\":\"notify\"}",
                "{\"ip\":\"192.0.2.1\",\"listed\":false,\"notify\":false,\"categories\":[],\"listings\":[],\"errors\":[],"
                        + "\"score\":0,\"threshold\":1,\"decision\":\"clean\"}",
                "{\"ip\":\"198.51.100.9\",\"listed\":true,\"notify\":false,\"categories\":[\"policy\"],"
                        + "\"listings\":[{\"source\":\"bl\",\"categories\":[\"policy\"],\"codes\":[\"127.0.0.10\"],\"reason\":\"policy range\","
                        + "\"weight\":1,\"counted\":false}],"
                        + "\"errors\":[],\"score\":0,\"threshold\":1,\"decision\":\"clean\"}",
                "{\"ip\":\"2001:db8::66\",\"listed\":true,\"notify\":true,\"categories\":[\"infected\"],"
                        + "\"listings\":[{\"source\":\"bl\",\"categories\":[\"infected\"],\"codes\":[\"127.0.0.4\"],\"reason\":\"infected (v6)\","
                        + "\"weight\":1,\"counted\":true}],"
                        + "\"errors\":[],\"score\":1,\"threshold\":1,\"decision\":\"notify\"}");
    }

    @Test
    void aSuspendedZoneIsReportedAsAnErrorAndTheCommandStillSucceeds() throws Exception {
        Path file = config(
                "tocsin.sources.dead.type=dnsbl",
                "tocsin.sources.dead.zone=dead.test",
                "tocsin.sources.dead.servers=" + dns.servers());
        Run run = run("check", "--config", file.toString(), "192.0.2.66");
        assertThat(run.status()).isZero();
        assertThat(run.out()).startsWith("{\"ip\":\"192.0.2.66\",\"listed\":false,\"notify\":false,\"categories\":[],\"listings\":[],"
                + "\"errors\":[{\"source\":\"dead\",\"error\":\"zone dead.test is suspended: IPv4 test point 127.0.0.1 is listed");
    }

    @Test
    void theEmbeddedDefaultListsLoopback() {
        Run run = run("check", "127.0.0.1", "::1", "192.0.2.1");
        assertThat(run.status()).isZero();
        assertThat(run.lines()).hasSize(3);
        assertThat(run.lines().get(0)).startsWith("{\"ip\":\"127.0.0.1\",\"listed\":true,\"notify\":true");
        assertThat(run.lines().get(1)).startsWith("{\"ip\":\"::1\",\"listed\":true,\"notify\":true");
        assertThat(run.lines().get(2)).startsWith("{\"ip\":\"192.0.2.1\",\"listed\":false");
        assertThat(run.err()).as("one line saying which list answered, and how to pass another")
                .startsWith("tocsin check: no --config given: checking against the demo's embedded list")
                .contains("--config FILE").hasLineCount(1);
    }

    @Test
    void withAConfigFileNothingIsSaidAboutTheEmbeddedList() throws Exception {
        Run run = run("check", "--config", blConfig().toString(), "192.0.2.1");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
    }

    @Test
    void everySubCommandAnswersHelpWithItsUsage() {
        for (String command : List.of("serve", "check", "collect", "evidence", "publish", "serve-dns", "sense")) {
            for (String flag : List.of("--help", "-h")) {
                Run help = run(command, flag);
                assertThat(help.status()).as("%s %s: exit status (stderr: %s)", command, flag, help.err()).isZero();
                assertThat(help.err()).as("%s %s: stderr", command, flag).isEmpty();
                assertThat(help.out()).as("%s %s: stdout", command, flag).startsWith("usage: " + command + " ");
            }
        }
        assertThat(run("--help").out()).as("the jar's own help names every command")
                .contains(" check ", " collect ", " evidence ", " publish ", " serve-dns ", " sense ", " [serve] ");
    }

    @Test
    void badInputExitsWithTwoAndOneLineNamingIt() throws Exception {
        Run badIp = run("check", "127.1");
        assertThat(badIp.status()).isEqualTo(2);
        assertThat(badIp.out()).isEmpty();
        assertThat(badIp.err()).isEqualTo("tocsin check: not an IP address: \"127.1\"\n");

        Run badOption = run("check", "--verbose", "192.0.2.1");
        assertThat(badOption.status()).isEqualTo(2);
        assertThat(badOption.err()).contains("\"--verbose\"").hasLineCount(1);

        Run badValue = run("check", "--config", config("tocsin.sources.bl.type=dnsbl", "tocsin.sources.bl.zone=bl.test",
                "tocsin.sources.bl.timeout=fast").toString(), "192.0.2.1");
        assertThat(badValue.status()).isEqualTo(2);
        assertThat(badValue.err()).isEqualTo("tocsin check: tocsin.sources.bl.timeout: \"fast\" is not a duration (examples: 250ms, 30s, 15m, 1h, 1d)\n");

        Run badKey = run("check", "--config", config("tocsin.sources.bl.type=list", "tocsin.sources.bl.entries=10.0.0.1",
                "tocsin.sourses.x=1").toString(), "192.0.2.1");
        assertThat(badKey.status()).isEqualTo(2);
        assertThat(badKey.err()).contains("tocsin.sourses.x").hasLineCount(1);

        Run misspeltPrefix = run("check", "--config", config("tocsin.sources.bl.type=list", "tocsin.sources.bl.entries=10.0.0.1",
                "tocsn.mode=block").toString(), "192.0.2.1");
        assertThat(misspeltPrefix.status()).isEqualTo(2);
        assertThat(misspeltPrefix.err()).isEqualTo(
                "tocsin check: tocsn.mode: \"block\" is not a Tocsin key: its prefix is misspelt (did you mean tocsin.mode?)\n");

        Run nearKey = run("check", "--config", config("tocsin.sources.bl.type=list", "tocsin.sources.bl.entries=10.0.0.1",
                "tocsin.lookup-budgte=10ms").toString(), "192.0.2.1");
        assertThat(nearKey.status()).isEqualTo(2);
        assertThat(nearKey.err()).isEqualTo(
                "tocsin check: tocsin.lookup-budgte: \"10ms\" is not a known key (did you mean tocsin.lookup-budget?)\n");

        Run missingFile = run("check", "--config", dir.resolve("nope.properties").toString(), "192.0.2.1");
        assertThat(missingFile.status()).isEqualTo(2);
        assertThat(missingFile.err()).contains("nope.properties").hasLineCount(1);

        Run noAddress = run("check");
        assertThat(noAddress.status()).isEqualTo(2);
    }

    @Test
    void aGenericDnsblWithoutCodesNotifiesFor127002OnlyAndWarnsOnceAtStart() throws Exception {
        Path file = config(
                "tocsin.sources.generic.type=dnsbl",
                "tocsin.sources.generic.zone=generic.test",
                "tocsin.sources.generic.servers=" + dns.servers());
        Path jar = Path.of("target", "tocsin-demo.jar");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "check", "--config", file.toString(), "192.0.2.2", "192.0.2.10", "192.0.2.12").start();
        CompletableFutureText err = CompletableFutureText.of(process.getErrorStream());
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the jar ends").isTrue();
        assertThat(process.exitValue()).as("exit status; stderr: %s", err.get()).isZero();
        List<String> lines = List.of(out.split("\n"));
        assertThat(lines.get(0)).as("127.0.0.2 is a listing in the source's category")
                .startsWith("{\"ip\":\"192.0.2.2\",\"listed\":true,\"notify\":true,\"categories\":[\"infected\"]");
        assertThat(lines.get(1)).as("127.0.0.10 is recorded, ignored, and notifies nobody")
                .isEqualTo("{\"ip\":\"192.0.2.10\",\"listed\":true,\"notify\":false,\"categories\":[\"other\"],"
                        + "\"listings\":[{\"source\":\"generic\",\"categories\":[\"other\"],\"codes\":[\"127.0.0.10\"],"
                        + "\"reason\":\"unmapped code 127.0.0.10, ignored (map it with codes)\",\"weight\":0,\"counted\":false}],"
                        + "\"errors\":[],\"score\":0,\"threshold\":1,\"decision\":\"clean\"}");
        assertThat(lines.get(2)).as("127.0.0.2 beside 127.0.0.10 still notifies")
                .startsWith("{\"ip\":\"192.0.2.12\",\"listed\":true,\"notify\":true,\"categories\":[\"infected\"]");
        assertThat(err.get().lines().filter(l -> l.contains("has no codes")).toList()).as("one warning at start")
                .containsExactly("[main] WARN io.tocsin.core.dnsbl.DnsblSource - DNSBL generic (generic.test) has no codes: only "
                        + "127.0.0.2 counts, as infected; its other codes are ignored until mapped with "
                        + "tocsin.sources.generic.codes (see docs/SOURCES.md)");
    }

    /** A stream read to its end on another thread, so that a full pipe never blocks the process. */
    private record CompletableFutureText(java.util.concurrent.CompletableFuture<String> text) {
        static CompletableFutureText of(java.io.InputStream in) {
            return new CompletableFutureText(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                } catch (java.io.IOException e) {
                    return "(unreadable: " + e + ")";
                }
            }));
        }

        String get() throws Exception {
            return text.get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void theJarRunsTheSameAsTheCommand() throws Exception {
        Path jar = Path.of("target", "tocsin-demo.jar");
        assertThat(jar).as("the shaded jar is built in the package phase, before integration tests").exists();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "check", "--config", blConfig().toString(), "192.0.2.66"));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(out).startsWith("{\"ip\":\"192.0.2.66\",\"listed\":true,\"notify\":true,\"categories\":[\"infected\"]");
        Process bad = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(), "check", "300.1.1.1").start();
        String err = new String(bad.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bad.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(bad.exitValue()).isEqualTo(2);
        assertThat(err).isEqualTo("tocsin check: not an IP address: \"300.1.1.1\"\n");
    }
}
