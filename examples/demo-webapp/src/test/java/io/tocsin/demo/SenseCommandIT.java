package io.tocsin.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.testing.traffic.Hit;
import io.tocsin.testing.traffic.LogLines;
import io.tocsin.testing.traffic.TrafficCases;
import io.tocsin.testing.traffic.TrafficCases.Case;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The loop from traffic to a notice: {@code sense} on a generated BIND query log flags exactly the
 * beaconing clients of the quality table and records them; {@code check} with an {@code evidence}
 * source then reports them, and only them, as infected.
 */
class SenseCommandIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    record Run(int status, String out, String err) {
        List<String> lines() {
            return out.isEmpty() ? List.of() : List.of(out.split("\n"));
        }
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * The table's cases without the two whose beacons the score gives up on by design (±50 % jitter,
     * a quarter of the beats missed: see Regularity), so that "exactly" has a meaning.
     */
    private static List<Case> clearCases(long start) {
        List<Case> cases = new ArrayList<>();
        for (Case c : TrafficCases.all(start)) {
            if (!c.name().contains("± 50 %") && !c.name().contains("25 % missed")) {
                cases.add(c);
            }
        }
        return cases;
    }

    @Test
    void flagsExactlyTheBeaconingClientsAndCheckThenReportsThemInfected() throws Exception {
        // traffic of the last six hours, so the evidence is fresh (tocsin.collect.ttl) when check runs
        long start = Instant.now().minus(Duration.ofHours(6)).toEpochMilli();
        List<Case> cases = clearCases(start);
        List<Hit> hits = new ArrayList<>();
        Set<String> infected = new TreeSet<>();
        Set<String> clean = new TreeSet<>();
        for (Case c : cases) {
            hits.addAll(c.hits());
            infected.addAll(c.infected());
            for (String client : c.clients()) {
                if (!c.infected().contains(client)) {
                    clean.add(client);
                }
            }
        }
        hits.sort(null);
        Path log = dir.resolve("query.log");
        List<String> lines = new ArrayList<>();
        for (Hit hit : hits) {
            lines.add(LogLines.BIND_UTC.line(hit));
        }
        Files.write(log, lines);
        Path config = dir.resolve("tocsin.properties");
        Files.write(config, List.of(
                "tocsin.store=" + dir.resolve("store"),
                "tocsin.sources.traffic.type=evidence",
                "tocsin.sense.preset=sober",
                "tocsin.sense.time-zone=UTC")); // one file for sense and check

        Run sense = run("sense", "--config", config.toString(), log.toString());

        assertThat(sense.status()).as(sense.err()).isZero();
        Set<String> flagged = new HashSet<>();
        for (String line : sense.lines()) {
            JsonNode flag = JSON.readTree(line);
            flagged.add(flag.get("ip").asString());
            assertThat(flag.get("category").asString()).isEqualTo("infected");
            assertThat(flag.get("threat").asString()).isEqualTo("beacon: " + flag.get("beacon").asString());
            assertThat(flag.get("recorded").asBoolean()).isTrue();
            assertThat(flag.get("hits").asInt()).isGreaterThanOrEqualTo(12);
            assertThat(flag.get("regularity").asDouble()).isBetween(0.8, 1.0);
            assertThat(Instant.parse(flag.get("first").asString())).isBefore(Instant.parse(flag.get("last").asString()));
        }
        assertThat(sense.lines()).as("one line per flagged client").hasSize(flagged.size());
        assertThat(new TreeSet<>(flagged)).isEqualTo(infected);
        assertThat(sense.err()).startsWith("tocsin sense: " + lines.size() + " lines (" + lines.size() + " queries, 0 other, 0 malformed)")
                .contains(infected.size() + " flagged");

        List<String> checked = new ArrayList<>(infected);
        List<String> someClean = new ArrayList<>(clean).subList(0, 40);
        checked.addAll(someClean);
        List<String> checkArgs = new ArrayList<>(List.of("check", "--config", config.toString()));
        checkArgs.addAll(checked);
        Run check = run(checkArgs.toArray(String[]::new));
        assertThat(check.status()).as(check.err()).isZero();
        assertThat(check.lines()).hasSize(checked.size());
        for (String line : check.lines()) {
            JsonNode verdict = JSON.readTree(line);
            String ip = verdict.get("ip").asString();
            if (infected.contains(ip)) {
                assertThat(verdict.get("notify").asBoolean()).as("verdict of %s: %s", ip, line).isTrue();
                assertThat(verdict.get("listings").get(0).get("reason").asString()).as(line).startsWith("beacon: ");
            } else {
                assertThat(verdict.get("listed").asBoolean()).as("verdict of %s: %s", ip, line).isFalse();
            }
        }

        // the same log again counts nothing twice (one report per flag), and a dry run records nothing
        Run again = run("sense", "--config", config.toString(), "--dry-run", log.toString());
        assertThat(again.status()).isZero();
        assertThat(again.lines()).hasSize(infected.size()).allMatch(l -> l.endsWith("\"recorded\":false}"));
    }

    @Test
    void badInputIsNamedWithExitTwo() throws Exception {
        Run missing = run("sense", "--dry-run", dir.resolve("nope.log").toString());
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("tocsin sense: no such file: " + dir.resolve("nope.log") + "\n");

        Run format = run("sense", "--format", "bnid", "x.log");
        assertThat(format.status()).isEqualTo(2);
        assertThat(format.err()).contains("unknown log format \"bnid\"");

        Path notes = dir.resolve("notes.txt");
        Files.writeString(notes, "dear diary\n");
        Run unknown = run("sense", "--dry-run", notes.toString());
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).contains("cannot tell the log format of " + notes);

        Path config = dir.resolve("bad.properties");
        Files.write(config, List.of("tocsin.sense.min-hit=3"));
        Run key = run("sense", "--dry-run", "--config", config.toString(), notes.toString());
        assertThat(key.status()).isEqualTo(2);
        assertThat(key.err()).contains("tocsin.sense.min-hit").doesNotContain("Exception");

        Run option = run("sense", "--folow", notes.toString());
        assertThat(option.status()).isEqualTo(2);
        assertThat(option.err()).contains("unknown option \"--folow\"");

        Run help = run("sense", "--help");
        assertThat(help.status()).isZero();
        assertThat(help.out()).startsWith("usage: sense [--config FILE] [--format bind|unbound|dnsmasq|squid] [--follow] [--dry-run] FILE...|-");
    }
}
