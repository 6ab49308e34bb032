package io.tocsin.core.dnsbl;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.core.Checker;
import io.tocsin.core.Listener;
import io.tocsin.core.Outcome;
import io.tocsin.core.SourceHealth;
import io.tocsin.core.SourceLimits;
import io.tocsin.core.SourceResult;
import io.tocsin.core.Verdict;
import io.tocsin.core.ip.IpAddress;
import io.tocsin.testing.Poll;
import io.tocsin.testing.Rbldnsd;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;

/**
 * Faults of a DNSBL, produced with a real rbldnsd on loopback, seen through the {@link Checker} the
 * way the filter sees them: a budgeted check never throws, never waits much beyond its budget,
 * never lists anyone because of a fault, reports the fault to the listener and in the health, and
 * recovers when the fault ends.
 */
class DnsblFaultIT {

    private static final String LISTED = "192.0.2.66";
    private static final String CLEAN = "192.0.2.1";
    private static final Duration BUDGET = Duration.ofMillis(100);
    /** What a budgeted check may take beyond its budget on a busy shared machine; far below any DNS timeout used here. */
    private static final Duration SLACK = Duration.ofMillis(700);

    private Rbldnsd dns;
    private Checker checker;
    private final Events events = new Events();

    @AfterEach
    void stop() {
        if (checker != null) {
            checker.close();
        }
        if (dns != null) {
            dns.close();
        }
    }

    private static Rbldnsd.Builder zones() {
        return Rbldnsd.builder()
                .ip4set("bl.test", LISTED + " :127.0.0.4:infected")
                .ip4set("errors.test", LISTED + " :127.255.255.254:public resolver")
                .ip4set("hijack.test", LISTED + " :10.0.0.1:hijacked")
                .ip4trie("dead.test", "0.0.0.0/0 :127.0.0.2:everything")
                .ip4set("timeout.test", "")
                .acl("timeout.test", "0.0.0.0/0 :ignore\n::/0 :ignore")
                .ip4set("refused.test", "")
                .acl("refused.test", "0.0.0.0/0 :refuse\n::/0 :refuse")
                .ip4set("servfail.test", "$TIMESTAMP 2020:01:01 +1d\n" + LISTED + " :127.0.0.4:x");
    }

    private Checker checker(DnsblSource source, SourceLimits limits) {
        checker = Checker.builder()
                .source(source, limits)
                .listener(events)
                .errorTtl(Duration.ofMillis(50)) // so that recovery shows at once, not after 30s
                .build();
        checker.ready().orTimeout(15, TimeUnit.SECONDS).join();
        return checker;
    }

    private DnsblSource.Builder zone(String zone, InetSocketAddress server) {
        return DnsblSource.builder("bl").zone(zone).servers(List.of(server)).ipv6(false)
                .timeout(Duration.ofSeconds(2)).healthInterval(Duration.ofMillis(300));
    }

    /** A budgeted check: never throws, and returns within the budget plus scheduling slack. */
    private Verdict boundedCheck(String ip) {
        long start = System.nanoTime();
        Verdict verdict = checker.check(IpAddress.parse(ip), BUDGET);
        Duration waited = Duration.ofNanos(System.nanoTime() - start);
        assertThat(waited).as("time a %s budget waited", BUDGET).isLessThan(BUDGET.plus(SLACK));
        assertThat(verdict.shouldNotify()).as("a fault must never make a notice: %s", verdict).isFalse();
        assertThat(verdict.listed()).as("a fault must never make a listing: %s", verdict).isFalse();
        return verdict;
    }

    private static void await(String what, BooleanSupplier condition) {
        Poll.until(what, Duration.ofSeconds(15), condition);
    }

    @Test
    void aListThatNeverAnswersIsSuspendedAtStartAndCostsNoWaiting() {
        dns = zones().start();
        checker(zone("timeout.test", dns.address()).timeout(Duration.ofMillis(300)).build(), SourceLimits.DEFAULT);

        SourceHealth health = checker.health().get("bl");
        assertThat(health.state()).isEqualTo(SourceHealth.State.SUSPENDED);
        assertThat(health.reason()).contains("timed out");
        assertThat(events.health).isNotEmpty();

        Verdict v = boundedCheck(LISTED);
        assertThat(v.errors()).singleElement().satisfies(e -> assertThat(e.kind()).isEqualTo(SourceResult.Failure.SUSPENDED));
    }

    @Test
    void withoutHealthChecksASilentListTimesOutThenTheCircuitOpensAndNothingWaits() {
        dns = zones().start();
        checker(zone("timeout.test", dns.address()).healthCheck(false).timeout(Duration.ofMillis(300)).build(),
                new SourceLimits(0, 3, Duration.ofSeconds(60)));

        for (int i = 1; i <= 3; i++) {
            String ip = "192.0.2." + (100 + i);
            Verdict v = boundedCheck(ip);
            assertThat(v.complete()).as("a lookup that outlives the budget answers unknown").isFalse();
            await("the timeout of " + ip, () -> checker.cached(IpAddress.parse(ip)) != null
                    || events.outcomes.stream().filter(o -> o == Outcome.TIMEOUT).count() >= 3);
        }
        await("three timeouts", () -> events.outcomes.stream().filter(o -> o == Outcome.TIMEOUT).count() >= 3);
        assertThat(events.budgetExceeded).isNotEmpty();

        // the circuit is open: the source is skipped with an error result at once, no doomed query is sent
        Verdict skipped = checker.check(IpAddress.parse("192.0.2.200")).orTimeout(100, TimeUnit.MILLISECONDS).join();
        assertThat(skipped.errors()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(SourceResult.Failure.SUSPENDED);
            assertThat(e.error()).contains("failures in a row");
        });
        assertThat(skipped.listed()).isFalse();
    }

    @Test
    void aSlowListAnswersUnknownWithinTheBudgetThenFillsTheCache() throws Exception {
        dns = zones().start();
        try (SlowProxy slow = new SlowProxy(dns.address(), Duration.ofMillis(400))) {
            checker(zone("bl.test", slow.address()).build(), SourceLimits.DEFAULT);
            assertThat(checker.health().get("bl").isUp()).isTrue();

            Verdict first = boundedCheck(LISTED);
            assertThat(first.complete()).as("unknown: the budget ran out").isFalse();
            assertThat(events.budgetExceeded).contains(IpAddress.parse(LISTED));

            await("the slow answer to fill the cache", () -> checker.cached(IpAddress.parse(LISTED)) != null);
            Verdict second = checker.check(IpAddress.parse(LISTED), BUDGET);
            assertThat(second.shouldNotify()).as("the real listing, once it arrived").isTrue();
        }
    }

    @Test
    void servfailAndRefusedSuspendTheZoneAndNobodyIsListed() {
        for (String zone : List.of("servfail.test", "refused.test")) {
            dns = zones().start();
            checker(zone(zone, dns.address()).build(), SourceLimits.DEFAULT);
            assertThat(checker.health().get("bl").state()).as(zone).isEqualTo(SourceHealth.State.SUSPENDED);
            assertThat(checker.health().get("bl").reason()).as(zone).containsAnyOf("SERVFAIL", "REFUSED");
            assertThat(boundedCheck(LISTED).errors()).as(zone).hasSize(1);
            checker.close();
            dns.close();
        }
        checker = null;
        dns = null;
    }

    @Test
    void servfailAndRefusedWithoutHealthChecksAreErrorResults() {
        dns = zones().start();
        for (String zone : List.of("servfail.test", "refused.test")) {
            checker(zone(zone, dns.address()).healthCheck(false).build(), SourceLimits.DEFAULT);
            Verdict v = checker.check(IpAddress.parse(LISTED)).orTimeout(5, TimeUnit.SECONDS).join();
            assertThat(v.listed()).as(zone).isFalse();
            assertThat(v.errors()).as(zone).singleElement()
                    .satisfies(e -> assertThat(e.error()).containsAnyOf("SERVFAIL", "REFUSED"));
            checker.close();
        }
        checker = null;
    }

    @Test
    void aListThatListsTheWorldAccusesNobody() {
        dns = zones().start();
        checker(zone("dead.test", dns.address()).build(), SourceLimits.DEFAULT);
        assertThat(checker.health().get("bl").reason()).contains("lists the world");
        for (String ip : List.of(CLEAN, LISTED, "203.0.113.9")) {
            assertThat(boundedCheck(ip).errors()).hasSize(1);
        }
    }

    @Test
    void anErrorCodeAnswerSuspendsTheZoneUntilItIsFixed() {
        dns = zones().start();
        checker(zone("errors.test", dns.address()).build(), SourceLimits.DEFAULT);
        assertThat(checker.health().get("bl").isUp()).as("test points pass; only one answer is an error code").isTrue();

        Verdict v = checker.check(IpAddress.parse(LISTED)).orTimeout(5, TimeUnit.SECONDS).join();
        assertThat(v.listed()).isFalse();
        assertThat(v.errors()).singleElement().satisfies(e -> assertThat(e.error()).contains("127.255.255.254"));
        assertThat(checker.health().get("bl").state()).isEqualTo(SourceHealth.State.SUSPENDED);
        assertThat(events.health).anySatisfy(h -> assertThat(h.state()).isEqualTo(SourceHealth.State.SUSPENDED));

        // the next health check passes again (the test points were never wrong): the zone is back
        await("the zone back up", () -> checker.health().get("bl").isUp());
        assertThat(checker.check(IpAddress.parse(CLEAN)).orTimeout(5, TimeUnit.SECONDS).join().complete()).isTrue();
    }

    @Test
    void anAnswerOutside127IsAnErrorNotAListing() {
        dns = zones().start();
        checker(zone("hijack.test", dns.address()).build(), SourceLimits.DEFAULT);
        Verdict v = checker.check(IpAddress.parse(LISTED)).orTimeout(5, TimeUnit.SECONDS).join();
        assertThat(v.listed()).isFalse();
        assertThat(v.errors()).singleElement().satisfies(e -> assertThat(e.error()).contains("outside 127.0.0.0/8"));
        assertThat(events.health).anySatisfy(h -> assertThat(h.reason()).contains("10.0.0.1"));
    }

    @Test
    void aListThatGoesDownAndComesBackRecovers() {
        dns = zones().start();
        checker(zone("bl.test", dns.address()).timeout(Duration.ofMillis(300)).build(),
                new SourceLimits(0, 2, Duration.ofMillis(200)));
        assertThat(checker.check(IpAddress.parse(LISTED), Duration.ofSeconds(5)).shouldNotify()).isTrue();
        checker.invalidateAll();

        dns.stop();
        for (int i = 0; i < 3; i++) {
            boundedCheck("192.0.2." + (10 + i));
        }
        await("the health check to notice", () -> checker.health().get("bl").state() == SourceHealth.State.SUSPENDED);
        boundedCheck(LISTED);
        assertThat(events.outcomes).contains(Outcome.ERROR);

        dns.restart();
        assertThat(dns.query("2.0.0.127.bl.test", Duration.ofSeconds(1))).as("rbldnsd answers again").isEqualTo(Rcode.NOERROR);
        await("the zone back up", () -> checker.health().get("bl").isUp());
        await("the listing back", () -> {
            checker.invalidateAll();
            return checker.check(IpAddress.parse(LISTED), Duration.ofSeconds(2)).shouldNotify();
        });
        assertThat(events.health).anySatisfy(h -> assertThat(h.isUp()).isTrue());
    }

    /**
     * Regression (found by {@code DnsAnswerFuzzTest}): dnsjava's parser throws an unchecked
     * {@code InvalidTTLException}, not an {@code IOException}, for some records with a TTL above
     * 2^31-1. A server answering with that message (the fuzzer's input, with the query's ID) must give
     * an error result, never an exception, a hung lookup or a listing.
     */
    @Test
    void anAnswerThatDnsjavaCannotParseIsAnErrorResult() throws Exception {
        byte[] crash;
        try (java.io.InputStream in = DnsblFaultIT.class.getResourceAsStream("DnsAnswerFuzzTestInputs/arbitraryWireBytes/invalid-ttl")) {
            crash = in.readAllBytes();
        }
        try (DatagramSocket server = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            Thread responder = new Thread(() -> {
                byte[] buffer = new byte[512];
                while (!server.isClosed()) {
                    try {
                        DatagramPacket query = new DatagramPacket(buffer, buffer.length);
                        server.receive(query);
                        byte[] answer = crash.clone();
                        answer[0] = query.getData()[0]; // the query's ID, so that only the content is wrong
                        answer[1] = query.getData()[1];
                        answer[2] |= (byte) 0x80; // QR: a response
                        server.send(new DatagramPacket(answer, answer.length, query.getSocketAddress()));
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "hostile-dns");
            responder.setDaemon(true);
            responder.start();
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
            checker(zone("bl.test", address).healthCheck(false).timeout(Duration.ofMillis(300)).build(), SourceLimits.DEFAULT);

            Verdict v = checker.check(IpAddress.parse(LISTED)).orTimeout(5, TimeUnit.SECONDS).join();
            assertThat(v.listed()).isFalse();
            assertThat(v.errors()).singleElement().satisfies(e -> assertThat(e.kind())
                    .isIn(SourceResult.Failure.ERROR, SourceResult.Failure.TIMEOUT));
            boundedCheck("192.0.2.7");
        }
    }

    /** Records what the checker reports. */
    static final class Events implements Listener {
        final List<Outcome> outcomes = new CopyOnWriteArrayList<>();
        final List<IpAddress> budgetExceeded = new CopyOnWriteArrayList<>();
        final List<SourceHealth> health = new CopyOnWriteArrayList<>();

        @Override
        public void sourceQueried(String source, IpAddress ip, SourceResult result, long nanos) {
            outcomes.add(result.outcome());
        }

        @Override
        public void budgetExceeded(IpAddress ip) {
            budgetExceeded.add(ip);
        }

        @Override
        public void healthChanged(String source, SourceHealth h) {
            health.add(h);
        }
    }

    /** A UDP relay that holds every query for a while before passing it on: a slow list. */
    static final class SlowProxy implements AutoCloseable {
        private final DatagramSocket front;
        private final ScheduledExecutorService delayer = Executors.newSingleThreadScheduledExecutor();
        private final Thread pump;

        SlowProxy(InetSocketAddress upstream, Duration delay) throws SocketException {
            front = new DatagramSocket(0, InetAddress.getLoopbackAddress());
            pump = new Thread(() -> {
                byte[] buffer = new byte[4096];
                while (!front.isClosed()) {
                    try {
                        DatagramPacket query = new DatagramPacket(buffer, buffer.length);
                        front.receive(query);
                        byte[] bytes = java.util.Arrays.copyOf(query.getData(), query.getLength());
                        InetSocketAddress client = (InetSocketAddress) query.getSocketAddress();
                        delayer.schedule(() -> relay(bytes, upstream, client), delay.toMillis(), TimeUnit.MILLISECONDS);
                    } catch (IOException e) {
                        return; // closed
                    }
                }
            }, "slow-dns");
            pump.setDaemon(true);
            pump.start();
        }

        private void relay(byte[] query, InetSocketAddress upstream, InetSocketAddress client) {
            try (DatagramSocket back = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                back.setSoTimeout(2000);
                back.send(new DatagramPacket(query, query.length, upstream));
                byte[] buffer = new byte[4096];
                DatagramPacket answer = new DatagramPacket(buffer, buffer.length);
                back.receive(answer);
                front.send(new DatagramPacket(answer.getData(), answer.getLength(), client));
            } catch (IOException e) {
                // no answer: the client times out, as with a real slow list
            }
        }

        InetSocketAddress address() {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), front.getLocalPort());
        }

        @Override
        public void close() {
            front.close();
            delayer.shutdownNow();
        }
    }

    static {
        assertThat(Rcode.NOERROR).isZero(); // dnsjava on the test class path
    }
}
