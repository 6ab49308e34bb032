package io.tocsin.core.faults;

import static io.tocsin.core.faults.FaultChecker.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.core.Outcome;
import io.tocsin.core.SourceHealth;
import io.tocsin.core.SourceResult;
import io.tocsin.core.Verdict;
import io.tocsin.core.faults.FaultyHttpServer.Reply;
import io.tocsin.testing.CrowdsecLapi;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Faults of a CrowdSec Local API: a real LAPI that is down at start or killed mid-run, and a local
 * HTTP server standing in for one that answers 500, garbage, or nothing. Through the checker: no
 * exception, bounded waiting, no listing, the fault visible to the listener and in health, recovery.
 */
class CrowdsecFaultIT {

    private static final String LISTED = "192.0.2.66";

    private static FaultChecker live(String url, String key, String... extra) {
        String[] base = {"tocsin.sources.cs.type", "crowdsec", "tocsin.sources.cs.url", url, "tocsin.sources.cs.api-key", key,
                "tocsin.sources.cs.timeout", "1s", "tocsin.sources.cs.circuit-breaker.open-for", "200ms"};
        String[] all = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return new FaultChecker(all);
    }

    @Test
    void liveModeWithTheApiDownAtStartFailsOpenThenRecovers() {
        try (CrowdsecLapi lapi = CrowdsecLapi.start()) {
            lapi.addDecision(LISTED, Duration.ofHours(1), "crowdsecurity/ssh-bf", "ban");
            lapi.stop();
            try (FaultChecker c = live(lapi.url(), lapi.apiKey())) {
                for (int i = 0; i < 3; i++) {
                    Verdict v = c.boundedFailOpen(LISTED);
                    assertThat(v.complete() && v.errors().isEmpty()).as("not a clean verdict while the API is down").isFalse();
                }
                await("an error reported", () -> c.outcomes.contains(Outcome.ERROR));

                lapi.restart();
                await("the listing once the API is up", () -> {
                    c.checker.invalidateAll();
                    return c.fullCheck(LISTED).shouldNotify();
                });
            }
        }
    }

    @Test
    void liveModeWithTheApiKilledMidRunFailsOpenThenRecovers() {
        try (CrowdsecLapi lapi = CrowdsecLapi.start()) {
            lapi.addDecision(LISTED, Duration.ofHours(1), "crowdsecurity/ssh-bf", "ban");
            try (FaultChecker c = live(lapi.url(), lapi.apiKey())) {
                assertThat(c.fullCheck(LISTED).shouldNotify()).isTrue();
                c.checker.invalidateAll();

                lapi.stop();
                for (String ip : List.of(LISTED, "192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4", "192.0.2.5", "192.0.2.6")) {
                    c.boundedFailOpen(ip);
                }
                await("the circuit to open after repeated failures",
                        () -> c.failures.stream().anyMatch(f -> f.startsWith("SUSPENDED") && f.contains("failures in a row")));

                lapi.restart();
                await("the listing back", () -> {
                    c.checker.invalidateAll();
                    return c.fullCheck(LISTED).shouldNotify();
                });
            }
        }
    }

    @Test
    void liveModeAgainst500GarbageAndSilenceFailsOpen() throws Exception {
        try (FaultyHttpServer server = new FaultyHttpServer();
             FaultChecker c = live(server.url(""), "key", "tocsin.sources.cs.circuit-breaker.failures", "0")) {
            List<Reply> faults = List.of(
                    Reply.status(500, "application/json", "{\"message\":\"internal error\"}"),
                    Reply.status(502, "text/html", "<html><body><h1>502 Bad Gateway</h1></body></html>"),
                    Reply.ok("application/json", "<html>not json</html>"),
                    Reply.ok("application/json", "[{\"value\":\"192.0.2.66\",\"type\":\"ban\",\"scope\":\"Ip\""),
                    Reply.ok("application/json", "{\"decisions\": \"unexpected shape\"}"),
                    Reply.ok("application/json", "[1, 2, \"x\", null, {\"type\": 7}]"),
                    Reply.truncated("application/json", "[{\"value\":\"192.0.2.66\",\"type\":\"ban\",\"scope\":\"Ip\",\"scenario\":\"x\"}]", 20),
                    Reply.silence());
            int n = 0;
            for (Reply fault : faults) {
                server.reply(fault);
                String ip = "192.0.2." + (100 + n++);
                c.boundedFailOpen(ip);
                Verdict full = c.fullCheck(ip);
                assertThat(full.listed()).as("fault %s", n).isFalse();
                assertThat(full.errors()).as("fault %s is an error, not a clean answer", n).hasSize(1);
                assertThat(full.errors().get(0).error()).as("error messages never hold the visitor's address").doesNotContain(ip);
            }
            assertThat(c.outcomes).contains(Outcome.ERROR, Outcome.TIMEOUT);

            server.reply(Reply.ok("application/json", "[{\"duration\":\"1h\",\"id\":1,\"origin\":\"cscli\",\"scenario\":\"x\","
                    + "\"scope\":\"Ip\",\"type\":\"ban\",\"value\":\"192.0.2.66\"}]"));
            assertThat(c.fullCheck(LISTED).shouldNotify()).as("recovered").isTrue();
        }
    }

    @Test
    void streamModeAgainstGarbageIsSuspendedAndAccusesNobodyThenLoads() throws Exception {
        try (FaultyHttpServer server = new FaultyHttpServer()) {
            server.reply(Reply.ok("application/json", "<html>captive portal</html>"));
            try (FaultChecker c = live(server.url(""), "key", "tocsin.sources.cs.mode", "stream", "tocsin.sources.cs.refresh", "200ms")) {
                assertThat(c.health("cs").state()).isNotEqualTo(SourceHealth.State.UP);
                Verdict v = c.boundedFailOpen(LISTED);
                assertThat(v.errors()).singleElement().satisfies(e -> assertThat(e.kind()).isEqualTo(SourceResult.Failure.SUSPENDED));

                server.reply(Reply.ok("application/json", "{\"deleted\":null,\"new\":[{\"duration\":\"1h\",\"id\":1,"
                        + "\"origin\":\"cscli\",\"scenario\":\"x\",\"scope\":\"Ip\",\"type\":\"ban\",\"value\":\"192.0.2.66\"}]}"));
                await("the stream loaded", () -> c.health("cs").isUp());
                assertThat(c.healthEvents).anySatisfy(h -> assertThat(h.isUp()).isTrue());
                await("the listing", () -> {
                    c.checker.invalidateAll();
                    return c.fullCheck(LISTED).shouldNotify();
                });

                // garbage again: the decisions already loaded stay, nobody new is accused
                server.reply(Reply.truncated("application/json", "{\"deleted\":null,\"new\":[{\"value\":\"192.0.2.1\"}]}", 25));
                int before = server.requests.size();
                await("a failed poll", () -> server.requests.size() > before + 1);
                c.checker.invalidateAll();
                assertThat(c.fullCheck("192.0.2.1").listed()).isFalse();
                assertThat(c.fullCheck(LISTED).shouldNotify()).isTrue();
            }
        }
    }
}
