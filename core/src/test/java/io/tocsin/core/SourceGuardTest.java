package io.tocsin.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.core.CheckerTest.FakeTicker;
import io.tocsin.core.CheckerTest.ScriptedSource;
import io.tocsin.core.ip.IpAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Rate caps and circuit breaking per source, on a controlled clock. */
class SourceGuardTest {

    private static final SourceResult TIMEOUT = SourceResult.failed(SourceResult.Failure.TIMEOUT, "timed out");

    private static IpAddress ip(int i) {
        return IpAddress.ofIpv4(0xC0000200 + i);
    }

    @Test
    void aSourceThatKeepsFailingIsSkippedThenProbedWithGrowingPauses() {
        FakeTicker ticker = new FakeTicker();
        ScriptedSource flaky = new ScriptedSource("flaky");
        flaky.answer = TIMEOUT;
        try (Checker checker = Checker.builder().ticker(ticker).executor(Runnable::run)
                .source(flaky, new SourceLimits(0, 3, Duration.ofSeconds(30))).build()) {
            for (int i = 0; i < 3; i++) {
                checker.check(ip(i)).join();
            }
            assertThat(flaky.queries).hasValue(3);

            Verdict skipped = checker.check(ip(10)).join();
            assertThat(flaky.queries).as("an open circuit asks nobody").hasValue(3);
            assertThat(skipped.errors()).singleElement().satisfies(e -> {
                assertThat(e.kind()).isEqualTo(SourceResult.Failure.SUSPENDED);
                assertThat(e.error()).contains("3 failures in a row");
            });

            ticker.advance(Duration.ofSeconds(31));
            checker.check(ip(11)).join();
            assertThat(flaky.queries).as("one probe after the pause").hasValue(4);
            ticker.advance(Duration.ofSeconds(31));
            checker.check(ip(12)).join();
            assertThat(flaky.queries).as("a failed probe doubles the pause").hasValue(4);
            ticker.advance(Duration.ofSeconds(30));
            flaky.answer = SourceResult.NOT_LISTED;
            checker.check(ip(13)).join();
            assertThat(flaky.queries).hasValue(5);
            checker.check(ip(14)).join();
            checker.check(ip(15)).join();
            assertThat(flaky.queries).as("a good probe closes the circuit").hasValue(7);
        }
    }

    @Test
    void queriesBeyondTheRateCapAreRefusedNotSent() {
        FakeTicker ticker = new FakeTicker();
        ScriptedSource source = new ScriptedSource("capped");
        try (Checker checker = Checker.builder().ticker(ticker).executor(Runnable::run)
                .source(source, new SourceLimits(4, 5, Duration.ofSeconds(30))).build()) {
            for (int i = 0; i < 10; i++) {
                checker.check(ip(i)).join();
            }
            assertThat(source.queries).as("a burst of one second's worth").hasValue(4);
            Verdict refused = checker.check(ip(20)).join();
            assertThat(refused.errors()).singleElement().extracting(SourceError::kind).isEqualTo(SourceResult.Failure.OVERLOADED);

            ticker.advance(Duration.ofMillis(500));
            for (int i = 30; i < 40; i++) {
                checker.check(ip(i)).join();
            }
            assertThat(source.queries).as("two more tokens after half a second").hasValue(6);
        }
    }

    @Test
    void spamhausPresetsDefaultToTheFreeUseRateButAMirrorDoesNot() {
        Source zen = io.tocsin.core.dnsbl.DnsblSource.builder("zen").preset(io.tocsin.core.dnsbl.DnsblPreset.SPAMHAUS_ZEN)
                .servers(java.util.List.of(new java.net.InetSocketAddress("127.0.0.1", 53))).build();
        Source mirror = io.tocsin.core.dnsbl.DnsblSource.builder("mirror").preset(io.tocsin.core.dnsbl.DnsblPreset.SPAMHAUS_ZEN)
                .zone("zen.mirror.example").servers(java.util.List.of(new java.net.InetSocketAddress("127.0.0.1", 53))).build();
        assertThat(SourceLimits.defaultsFor(zen).maxRate()).isEqualTo(4.0);
        assertThat(SourceLimits.defaultsFor(mirror).maxRate()).isZero();
    }
}
