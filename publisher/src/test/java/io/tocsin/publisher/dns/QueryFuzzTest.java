package io.tocsin.publisher.dns;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tocsin.core.Category;
import io.tocsin.core.Checker;
import io.tocsin.core.ip.IpSet;
import io.tocsin.core.list.ListSource;
import java.io.IOException;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Whatever bytes a client sends, the responder never throws, never answers a response, and what it
 * answers is a well-formed response with the query's ID that fits in 512 bytes of UDP (or what EDNS
 * offers), and never lists an address for a name it could not read.
 *
 * <p>{@code mutatedQueries} is a property test that runs in every build: valid queries with random
 * bytes changed, cut or appended, from a fixed seed. {@code arbitraryBytes} is the same check for
 * Jazzer (a short run in every build, a long one with {@code JAZZER_FUZZ=1}).
 */
class QueryFuzzTest {

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor();
    private static final Checker CHECKER = Checker.builder()
            .source(new ListSource("worms", IpSet.parse("192.0.2.0/24, 2001:db8::/32"), Category.INFECTED)).build();
    private static final DnsblResponder RESPONDER = new DnsblResponder(ServeDnsOptions.defaults("bl.test"), CHECKER, null);
    private static final List<Message> SEEDS = List.of(
            DnsblResponderTest.query("66.2.0.192.bl.test.", Type.A),
            DnsblResponderTest.query("66.2.0.192.bl.test.", Type.TXT),
            DnsblResponderTest.query("6.6.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.bl.test.", Type.A),
            DnsblResponderTest.query("1.0.0.127.bl.test.", Type.A),
            DnsblResponderTest.query("bl.test.", Type.SOA),
            withOpt(DnsblResponderTest.query("2.0.0.127.bl.test.", Type.ANY)));

    @AfterAll
    static void close() {
        TIMER.shutdownNow();
        CHECKER.close();
    }

    @Test
    void mutatedQueries() {
        Random random = new Random(20261202);
        for (int i = 0; i < 10_000; i++) {
            byte[] wire = SEEDS.get(random.nextInt(SEEDS.size())).toWire();
            int edits = 1 + random.nextInt(4);
            for (int e = 0; e < edits; e++) {
                switch (random.nextInt(4)) {
                    case 0 -> wire[random.nextInt(wire.length)] = (byte) random.nextInt(256);
                    case 1 -> wire = java.util.Arrays.copyOf(wire, random.nextInt(wire.length + 1));
                    case 2 -> {
                        byte[] longer = java.util.Arrays.copyOf(wire, wire.length + 1 + random.nextInt(40));
                        for (int j = wire.length; j < longer.length; j++) {
                            longer[j] = (byte) random.nextInt(256);
                        }
                        wire = longer;
                    }
                    default -> {
                        if (wire.length > 12) {
                            wire[12 + random.nextInt(wire.length - 12)] ^= (byte) (1 << random.nextInt(8));
                        }
                    }
                }
                if (wire.length == 0) {
                    break;
                }
            }
            check(wire);
        }
    }

    @FuzzTest(maxDuration = "10m")
    void arbitraryBytes(byte[] wire) {
        check(wire);
    }

    private static void check(byte[] wire) {
        Message response = RESPONDER.respond(wire, TIMER).join();
        if (wire.length < 12 || (wire[2] & 0x80) != 0) {
            assertThat(response).as("no answer to a runt or a response").isNull();
            return;
        }
        assertThat(response).isNotNull();
        int id = ((wire[0] & 0xFF) << 8) | (wire[1] & 0xFF);
        Message query = DnsblResponder.parse(wire);
        byte[] out = response.toWire(DnsblResponder.udpLimit(query));
        Message reread;
        try {
            reread = new Message(out);
        } catch (IOException e) {
            throw new AssertionError("the response cannot be read back: " + response, e);
        }
        assertThat(reread.getHeader().getID()).isEqualTo(id);
        assertThat(reread.getHeader().getFlag(Flags.QR)).isTrue();
        assertThat(out.length).isLessThanOrEqualTo(Math.max(512, DnsblResponder.udpLimit(query)));
        if (reread.getRcode() == Rcode.NOERROR && !reread.getSection(Section.ANSWER).isEmpty()) {
            assertThat(reread.getQuestion()).isNotNull();
            assertThat(QueryName.parse(reread.getQuestion().getName(), ServeDnsOptions.defaults("bl.test").zone()).kind())
                    .isIn(QueryName.Kind.ADDRESS, QueryName.Kind.APEX);
        }
    }

    private static Message withOpt(Message m) {
        m.addRecord(new OPTRecord(1232, 0, 0, 0), Section.ADDITIONAL);
        return m;
    }
}
