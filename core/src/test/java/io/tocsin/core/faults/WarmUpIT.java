package io.tocsin.core.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.core.Outcome;
import io.tocsin.core.Verdict;
import io.tocsin.core.faults.FaultyHttpServer.Reply;
import io.tocsin.testing.Rbldnsd;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code Checker.warmUp}, as the filter's {@code init} runs it: it readies every source without
 * asking any list about anybody, and tells the listener nothing.
 */
class WarmUpIT {

    @Test
    void warmingUpHttpSourcesSendsNothingToTheirServices() throws Exception {
        try (FaultyHttpServer api = new FaultyHttpServer()) {
            api.reply(Reply.ok("application/json", "{\"listed\":true}"));
            try (FaultChecker c = new FaultChecker(
                    "tocsin.sources.hj.type", "http-json", "tocsin.sources.hj.url", api.url("/{ip}"),
                    "tocsin.sources.hj.pointer", "/listed",
                    "tocsin.sources.abuse.type", "abuseipdb", "tocsin.sources.abuse.url", api.url("/api/v2/check"),
                    "tocsin.sources.abuse.api-key", "k",
                    "tocsin.sources.cs.type", "crowdsec", "tocsin.sources.cs.url", api.url(""),
                    "tocsin.sources.cs.api-key", "k")) {
                assertThat(c.checker.warmUp(Duration.ofSeconds(5))).as("every source started").isTrue();
                assertThat(api.requests).as("requests the services got from the warm-up").isEmpty();
                assertThat(c.outcomes).as("what the listener heard of the warm-up").isEmpty();
                assertThat(c.budgetExceeded).isEmpty();
                assertThat(c.checker.estimatedCacheSize()).as("verdicts the warm-up left in the cache").isZero();

                Verdict first = c.checker.check(io.tocsin.core.ip.IpAddress.parse("192.0.2.66"))
                        .orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join();
                assertThat(first.listings()).as("a real lookup after the warm-up").isNotEmpty();
                assertThat(api.requests).as("the real lookups, and only those").hasSize(3);
            }
        }
    }

    @Test
    void warmingUpADnsblOpensItsSocketsAndAsksNothing() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress());
             Rbldnsd dns = Rbldnsd.builder().ip4set("bl.test", "192.0.2.66 :127.0.0.2:listed").start();
             FaultChecker c = new FaultChecker(
                     "tocsin.sources.bl.type", "dnsbl", "tocsin.sources.bl.zone", "bl.test",
                     "tocsin.sources.bl.servers", dns.servers(),
                     "tocsin.sources.quiet.type", "dnsbl", "tocsin.sources.quiet.zone", "quiet.test",
                     "tocsin.sources.quiet.health-check", "false",
                     "tocsin.sources.quiet.servers", "127.0.0.1:" + silent.getLocalPort())) {
            assertThat(c.checker.warmUp(Duration.ofSeconds(5))).isTrue();
            silent.setSoTimeout(300);
            byte[] buffer = new byte[512];
            java.net.DatagramPacket packet = new java.net.DatagramPacket(buffer, buffer.length);
            boolean received;
            try {
                silent.receive(packet);
                received = true;
            } catch (java.net.SocketTimeoutException e) {
                received = false;
            }
            assertThat(received).as("a zone without health checks got a query from the warm-up").isFalse();
            assertThat(c.outcomes).as("what the listener heard of the warm-up").isEmpty();
            Verdict v = c.checker.check(io.tocsin.core.ip.IpAddress.parse("192.0.2.66"), Duration.ofSeconds(2));
            assertThat(c.outcomes).contains(Outcome.LISTED);
            assertThat(v.listed()).isTrue();
        }
    }
}
