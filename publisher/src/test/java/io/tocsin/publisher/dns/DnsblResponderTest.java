package io.tocsin.publisher.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.core.Category;
import io.tocsin.core.Checker;
import io.tocsin.core.Listing;
import io.tocsin.core.Source;
import io.tocsin.core.SourceResult;
import io.tocsin.core.ip.IpAddress;
import io.tocsin.core.ip.IpSet;
import io.tocsin.core.list.ListSource;
import io.tocsin.publisher.guard.GuardLimits;
import io.tocsin.publisher.guard.PublicationGuard;
import java.time.Duration;
import java.util.List;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/** The answer table of {@link DnsblResponder}, without a network: queries in, messages out. */
class DnsblResponderTest {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private Checker checker;

    @AfterEach
    void close() {
        timer.shutdownNow();
        if (checker != null) {
            checker.close();
        }
    }

    private DnsblResponder responder(Source... sources) {
        return responder(null, sources);
    }

    private DnsblResponder responder(PublicationGuard guard, Source... sources) {
        Checker.Builder builder = Checker.builder();
        for (Source s : sources) {
            builder.source(s);
        }
        checker = builder.build();
        checker.ready().join();
        return new DnsblResponder(ServeDnsOptions.defaults("bl.test"), checker, guard);
    }

    private static ListSource list(String name, String entries, Category category) {
        return new ListSource(name, IpSet.parse(entries), category);
    }

    @Test
    void aListedAddressGetsTheCodeOfItsCategoryAndATxtPerListing() {
        DnsblResponder r = responder(list("worms", "192.0.2.0/24", Category.INFECTED), list("spam", "192.0.2.66", Category.SPAM));
        Message a = ask(r, "66.2.0.192.bl.test.", Type.A);
        assertThat(a.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(a.getHeader().getFlag(Flags.AA)).isTrue();
        // spam does not notify by default: only the infected code
        assertThat(addresses(a)).containsExactly("127.0.0.4");
        Message txt = ask(r, "66.2.0.192.bl.test.", Type.TXT);
        assertThat(texts(txt)).containsExactly("infected: listed by worms");
    }

    @Test
    void everyNotifyingCategoryGetsItsCode() {
        Checker.Builder builder = Checker.builder().notifyCategories(Set.of(Category.INFECTED, Category.SPAM));
        builder.source(list("worms", "192.0.2.66", Category.INFECTED)).source(list("spam", "192.0.2.66", Category.SPAM));
        checker = builder.build();
        DnsblResponder r = new DnsblResponder(ServeDnsOptions.defaults("bl.test"), checker, null);
        assertThat(addresses(ask(r, "66.2.0.192.bl.test.", Type.A))).containsExactly("127.0.0.2", "127.0.0.4");
        assertThat(texts(ask(r, "66.2.0.192.bl.test.", Type.TXT))).containsExactly("infected: listed by worms", "spam: listed by spam");
    }

    @Test
    void anAddressNoSourceListsIsNxdomainWithTheSoa() {
        DnsblResponder r = responder(list("worms", "192.0.2.0/24", Category.INFECTED));
        Message m = ask(r, "1.100.51.198.bl.test.", Type.A);
        assertThat(m.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(m.getSection(Section.AUTHORITY)).singleElement().extracting(Record::getType).isEqualTo(Type.SOA);
    }

    @Test
    void anIpv6AddressIsAnsweredFromItsNibbles() {
        DnsblResponder r = responder(list("worms", "2001:db8::/32", Category.INFECTED));
        String name = TestNames.reversed(IpAddress.parse("2001:db8::66")) + ".bl.test.";
        assertThat(addresses(ask(r, name, Type.A))).containsExactly("127.0.0.4");
    }

    @Test
    void theTestPointsAreAlwaysRight() {
        // a source that lists the world, and one that fails: the test points do not depend on them
        DnsblResponder r = responder(list("world", "0.0.0.0/0", Category.INFECTED), failing("down"));
        assertThat(addresses(ask(r, "2.0.0.127.bl.test.", Type.A))).containsExactly("127.0.0.2");
        assertThat(texts(ask(r, "2.0.0.127.bl.test.", Type.TXT))).containsExactly("RFC 5782 test point");
        assertThat(ask(r, "1.0.0.127.bl.test.", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(addresses(ask(r, TestNames.nibbles(0, 0x0000FFFF7F000002L) + ".bl.test.", Type.A))).containsExactly("127.0.0.2");
        assertThat(ask(r, TestNames.nibbles(0, 0x0000FFFF7F000001L) + ".bl.test.", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void aFailingSourceMakesAnUnlistedAddressUndecided() {
        DnsblResponder r = responder(list("worms", "192.0.2.66", Category.INFECTED), failing("down"));
        assertThat(ask(r, "1.100.51.198.bl.test.", Type.A).getRcode()).isEqualTo(Rcode.SERVFAIL);
        // what another source lists is still listed
        assertThat(addresses(ask(r, "66.2.0.192.bl.test.", Type.A))).containsExactly("127.0.0.4");
    }

    @Test
    void weightsDecideAndAFailedSourceOnlyMattersWhereItCouldTipTheScore() {
        checker = Checker.builder()
                .source(list("half", "192.0.2.0/24", Category.INFECTED)).weight("half", 0.5)
                .source(list("other-half", "192.0.2.66", Category.INFECTED)).weight("other-half", 0.5)
                .source(failing("weak")).weight("weak", 0.25)
                .source(list("campus", "192.0.2.128/25", Category.INFECTED)).weight("campus", -100)
                .notifyThreshold(1)
                .build();
        DnsblResponder r = new DnsblResponder(ServeDnsOptions.defaults("bl.test"), checker, null);
        // 0.5 + 0.5: listed, whatever the failed 0.25 would have said
        assertThat(addresses(ask(r, "66.2.0.192.bl.test.", Type.A))).containsExactly("127.0.0.4");
        // 0.5 alone, and the failed source could add only 0.25: not listed
        assertThat(ask(r, "67.2.0.192.bl.test.", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
        // vetoed by the allowlist
        assertThat(ask(r, "200.2.0.192.bl.test.", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);

        checker.close();
        checker = Checker.builder()
                .source(list("half", "192.0.2.0/24", Category.INFECTED)).weight("half", 0.5)
                .source(failing("other-half")).weight("other-half", 0.5)
                .source(list("worms", "198.51.100.7", Category.INFECTED))
                .source(failing("campus")).weight("campus", -100)
                .build();
        r = new DnsblResponder(ServeDnsOptions.defaults("bl.test"), checker, null);
        // 0.5, and the failed source could have added the other 0.5: undecided
        assertThat(ask(r, "67.2.0.192.bl.test.", Type.A).getRcode()).isEqualTo(Rcode.SERVFAIL);
        // listed by a full weight, but a failed allowlist could have vetoed it: undecided too
        assertThat(ask(r, "7.100.51.198.bl.test.", Type.A).getRcode()).isEqualTo(Rcode.SERVFAIL);
    }

    @Test
    void aLookupPastTheBudgetIsServfailAndFillsTheCacheForTheNextQuery() {
        CompletableFuture<SourceResult> slow = new CompletableFuture<>();
        Source source = new Source() {
            public String name() {
                return "slow";
            }

            public CompletionStage<SourceResult> query(IpAddress ip) {
                return slow;
            }
        };
        checker = Checker.builder().source(source).build();
        ServeDnsOptions d = ServeDnsOptions.defaults("bl.test");
        DnsblResponder r = new DnsblResponder(new ServeDnsOptions(d.zone(), d.codes(), Duration.ofMillis(50), d.ttl(),
                d.rateLimit(), d.slip(), d.tcpIdleTimeout(), d.maxTcpConnections(), d.threads()), checker, null);
        assertThat(ask(r, "66.2.0.192.bl.test.", Type.A).getRcode()).isEqualTo(Rcode.SERVFAIL);
        slow.complete(SourceResult.listed(new Listing("slow", Category.INFECTED, List.of(), "late")));
        assertThat(addresses(ask(r, "66.2.0.192.bl.test.", Type.A))).containsExactly("127.0.0.4");
    }

    @Test
    void concurrentQueriesForOneAddressShareOneLookup() {
        AtomicInteger lookups = new AtomicInteger();
        CompletableFuture<SourceResult> pending = new CompletableFuture<>();
        Source source = new Source() {
            public String name() {
                return "counting";
            }

            public CompletionStage<SourceResult> query(IpAddress ip) {
                lookups.incrementAndGet();
                return pending;
            }
        };
        checker = Checker.builder().source(source).build();
        DnsblResponder r = new DnsblResponder(ServeDnsOptions.defaults("bl.test"), checker, null);
        List<CompletableFuture<Message>> answers = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            answers.add(r.respond(query("66.2.0.192.bl.test.", Type.A), timer));
        }
        pending.complete(SourceResult.NOT_LISTED);
        for (CompletableFuture<Message> answer : answers) {
            assertThat(answer.join().getRcode()).isEqualTo(Rcode.NXDOMAIN);
        }
        assertThat(lookups).hasValue(1);
    }

    @Test
    void aListedAddressHasNoDataOfOtherTypes() {
        DnsblResponder r = responder(list("worms", "192.0.2.66", Category.INFECTED));
        Message m = ask(r, "66.2.0.192.bl.test.", Type.MX);
        assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(m.getSection(Section.ANSWER)).isEmpty();
        // ANY gets the A records only (RFC 8482)
        assertThat(addresses(ask(r, "66.2.0.192.bl.test.", Type.ANY))).containsExactly("127.0.0.4");
    }

    @Test
    void theApexAnswersItsSoaAndNoDataOtherwise() {
        DnsblResponder r = responder(list("worms", "192.0.2.66", Category.INFECTED));
        Message soa = ask(r, "bl.test.", Type.SOA);
        assertThat(soa.getSection(Section.ANSWER)).singleElement().extracting(Record::getType).isEqualTo(Type.SOA);
        Message a = ask(r, "bl.test.", Type.A);
        assertThat(a.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(a.getSection(Section.ANSWER)).isEmpty();
        Message prefix = ask(r, "2.0.192.bl.test.", Type.NS);
        assertThat(prefix.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(prefix.getSection(Section.ANSWER)).isEmpty();
    }

    @Test
    void badQueriesGetTheRcodeOfTheTable() {
        DnsblResponder r = responder(list("worms", "192.0.2.66", Category.INFECTED));
        assertThat(ask(r, "66.2.0.192.other.test.", Type.A).getRcode()).isEqualTo(Rcode.REFUSED);
        assertThat(ask(r, "foo.bl.test.", Type.A).getRcode()).isEqualTo(Rcode.FORMERR);
        assertThat(ask(r, "bl.test.", Type.AXFR).getRcode()).isEqualTo(Rcode.REFUSED);
        Message chaos = Message.newQuery(Record.newRecord(name("66.2.0.192.bl.test."), Type.A, DClass.CH));
        assertThat(r.respond(chaos, timer).join().getRcode()).isEqualTo(Rcode.REFUSED);
        Message notify = query("bl.test.", Type.SOA);
        notify.getHeader().setOpcode(Opcode.NOTIFY);
        assertThat(r.respond(notify, timer).join().getRcode()).isEqualTo(Rcode.NOTIMP);
        Message two = query("66.2.0.192.bl.test.", Type.A);
        two.addRecord(Record.newRecord(name("67.2.0.192.bl.test."), Type.A, DClass.IN), Section.QUESTION);
        assertThat(r.respond(two, timer).join().getRcode()).isEqualTo(Rcode.FORMERR);
        Message withAnswer = query("66.2.0.192.bl.test.", Type.A);
        withAnswer.addRecord(new ARecord(name("66.2.0.192.bl.test."), DClass.IN, 60, inet("127.0.0.4")), Section.ANSWER);
        assertThat(r.respond(withAnswer, timer).join().getRcode()).isEqualTo(Rcode.FORMERR);
        Message edns1 = query("66.2.0.192.bl.test.", Type.A);
        edns1.addRecord(new OPTRecord(1232, 0, 1, 0), Section.ADDITIONAL);
        assertThat(r.respond(edns1, timer).join().getRcode()).isEqualTo(Rcode.BADVERS);
    }

    @Test
    void bytesThatAreNoQueryGetFormerrOrNothing() {
        DnsblResponder r = responder(list("worms", "192.0.2.66", Category.INFECTED));
        assertThat(r.respond(new byte[5], timer).join()).isNull();
        byte[] response = query("66.2.0.192.bl.test.", Type.A).toWire();
        response[2] |= (byte) 0x80;
        assertThat(r.respond(response, timer).join()).as("a response is never answered").isNull();
        byte[] garbage = {0x12, 0x34, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 63, 'a'};
        Message formerr = r.respond(garbage, timer).join();
        assertThat(formerr.getRcode()).isEqualTo(Rcode.FORMERR);
        assertThat(formerr.getHeader().getID()).isEqualTo(0x1234);
    }

    @Test
    void anEdnsQueryGetsAnOptRecordAndItsPayloadSizeCounts() {
        DnsblResponder r = responder(list("worms", "192.0.2.66", Category.INFECTED));
        Message q = query("66.2.0.192.bl.test.", Type.A);
        assertThat(DnsblResponder.udpLimit(q)).isEqualTo(512);
        q.addRecord(new OPTRecord(4096, 0, 0, 0), Section.ADDITIONAL);
        assertThat(DnsblResponder.udpLimit(q)).isEqualTo(1232);
        Message m = r.respond(q, timer).join();
        assertThat(m.getOPT()).isNotNull();
        assertThat(m.getOPT().getPayloadSize()).isEqualTo(1232);
    }

    @Test
    void listReasonsAreCleanedBeforeTheyGoIntoTxt() {
        assertThat(DnsblResponder.clean("a\"b\\c\u0000d\ne")).isEqualTo("abc d e");
        assertThat(DnsblResponder.clean("é".repeat(200)).getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(255);
    }

    @Test
    void theGuardHoldsAnswersBackButNotTheTestPoints() {
        Checker.Builder builder = Checker.builder().source(list("world", "10.0.0.0/8", Category.INFECTED));
        checker = builder.build();
        PublicationGuard guard = new PublicationGuard(checker, GuardLimits.DEFAULT, s -> true, p -> { });
        assertThat(guard.check().join()).contains("10.0.0.0/8");
        DnsblResponder r = new DnsblResponder(ServeDnsOptions.defaults("bl.test"), checker, guard);
        assertThat(ask(r, "1.0.0.10.bl.test.", Type.A).getRcode()).isEqualTo(Rcode.SERVFAIL);
        assertThat(ask(r, "1.100.51.198.bl.test.", Type.A).getRcode()).isEqualTo(Rcode.SERVFAIL);
        assertThat(addresses(ask(r, "2.0.0.127.bl.test.", Type.A))).containsExactly("127.0.0.2");
        assertThat(ask(r, "1.0.0.127.bl.test.", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void theGuardCatchesASourceThatListsLoopback() {
        checker = Checker.builder().source(list("careless", "127.0.0.0/8", Category.INFECTED)).build();
        PublicationGuard guard = new PublicationGuard(checker, new GuardLimits(1, 0), s -> true, p -> { });
        assertThat(guard.check().join()).contains("127.0.0.1");
        assertThat(guard.holdsBack()).isTrue();
    }

    private static Source failing(String name) {
        return new Source() {
            public String name() {
                return name;
            }

            public CompletionStage<SourceResult> query(IpAddress ip) {
                return CompletableFuture.completedFuture(SourceResult.failed(SourceResult.Failure.ERROR, "down"));
            }
        };
    }

    private Message ask(DnsblResponder r, String name, int type) {
        return r.respond(query(name, type), timer).join();
    }

    static Message query(String name, int type) {
        return Message.newQuery(Record.newRecord(name(name), type, DClass.IN));
    }

    static List<String> addresses(Message m) {
        return m.getSection(Section.ANSWER).stream().filter(ARecord.class::isInstance)
                .map(rec -> ((ARecord) rec).getAddress().getHostAddress()).sorted().toList();
    }

    static List<String> texts(Message m) {
        return m.getSection(Section.ANSWER).stream().filter(TXTRecord.class::isInstance)
                .map(rec -> String.join("", ((TXTRecord) rec).getStrings())).sorted().toList();
    }

    static Name name(String text) {
        try {
            return Name.fromString(text);
        } catch (org.xbill.DNS.TextParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static java.net.InetAddress inet(String ip) {
        try {
            return java.net.InetAddress.getByAddress(IpAddress.parse(ip).toBytes());
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

}
