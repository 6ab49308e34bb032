package io.tocsin.publisher.dns;

import io.tocsin.core.Category;
import io.tocsin.core.CategoryWeights;
import io.tocsin.core.Checker;
import io.tocsin.core.Listing;
import io.tocsin.core.Source;
import io.tocsin.core.SourceError;
import io.tocsin.core.Verdict;
import io.tocsin.core.ip.IpAddress;
import io.tocsin.publisher.guard.PublicationGuard;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * Decides the answer to one DNSBL query, without any networking: the rules of {@code serve-dns}.
 *
 * <table>
 *   <caption>Answers</caption>
 *   <tr><th>query</th><th>answer</th></tr>
 *   <tr><td>not a query (QR set), shorter than a header</td><td>none (dropped)</td></tr>
 *   <tr><td>unreadable, not exactly one question, records in other sections</td><td>FORMERR</td></tr>
 *   <tr><td>opcode other than QUERY</td><td>NOTIMP</td></tr>
 *   <tr><td>EDNS version above 0</td><td>BADVERS (RFC 6891)</td></tr>
 *   <tr><td>class other than IN, a name outside the zone, a zone transfer</td><td>REFUSED</td></tr>
 *   <tr><td>a name under the zone that is no address and no prefix of one</td><td>FORMERR</td></tr>
 *   <tr><td>the apex: SOA; a prefix of an address name; a listed address, type other than A/TXT/ANY</td>
 *       <td>NOERROR, no answer, the SOA in the authority section</td></tr>
 *   <tr><td>127.0.0.2 and {@code ::ffff:7f00:2} (RFC 5782 test points)</td><td>A 127.0.0.2, TXT</td></tr>
 *   <tr><td>127.0.0.1 (the test point never listed)</td><td>NXDOMAIN</td></tr>
 *   <tr><td>an address the combined verdict notifies about</td><td>A per category (the publish codes), TXT per listing</td></tr>
 *   <tr><td>an address no source lists, every source answering</td><td>NXDOMAIN, with the SOA</td></tr>
 *   <tr><td>undecided: sources failed, the budget ran out, or the guard holds publication back</td><td>SERVFAIL</td></tr>
 * </table>
 *
 * <p>ANY is answered like A (RFC 8482: a small answer, never an amplifier).
 */
final class DnsblResponder {

    /** At most this many TXT strings per answer; the rest would only make truncation likelier. */
    private static final int MAX_TXT = 8;
    private static final int MAX_TXT_BYTES = 255;
    private static final IpAddress TEST_LISTED = IpAddress.ofIpv4(0x7F000002);
    private static final IpAddress TEST_UNLISTED = IpAddress.ofIpv4(0x7F000001);

    private final ServeDnsOptions options;
    private final Checker checker;
    private final PublicationGuard guard;
    private final Name zone;
    private final long ttl;
    private final SOARecord soa;
    private final Set<Category> notifyCategories;
    private final Map<String, double[]> reach;
    private static final double[] DEFAULT_REACH = {0, Listing.DEFAULT_WEIGHT};

    DnsblResponder(ServeDnsOptions options, Checker checker, PublicationGuard guard) {
        this.options = options;
        this.checker = checker;
        this.guard = guard;
        this.zone = options.zone();
        this.reach = reach(checker);
        this.ttl = options.ttl().toSeconds();
        this.notifyCategories = EnumSet.copyOf(checker.notifyCategories().isEmpty()
                ? EnumSet.of(Category.INFECTED) : checker.notifyCategories());
        try {
            Name ns = Name.concatenate(Name.fromConstantString("ns"), zone);
            Name hostmaster = Name.concatenate(Name.fromConstantString("hostmaster"), zone);
            // the serial never changes: the data is a live verdict, not a zone to transfer
            this.soa = new SOARecord(zone, DClass.IN, ttl, ns, hostmaster, 1, 3600, 600, 86400, ttl);
        } catch (org.xbill.DNS.NameTooLongException e) {
            throw new IllegalArgumentException("zone name too long for its SOA: " + zone, e);
        }
    }

    /**
     * The response to the wire bytes of a query, or {@code null} for none; completes within the
     * budget, on a thread of {@code timer} or of the lookup.
     */
    CompletableFuture<Message> respond(byte[] wire, ScheduledExecutorService timer) {
        Message query = parse(wire);
        if (query == null) {
            return CompletableFuture.completedFuture(null);
        }
        return respond(query, timer);
    }

    /**
     * The query in {@code wire}; {@code null} for bytes that get no answer at all (shorter than a
     * header, or a response); for bytes dnsjava cannot read, a stand-in whose QR flag is set and
     * which has no question, answered FORMERR by {@link #respond(byte[], ScheduledExecutorService)}.
     */
    static Message parse(byte[] wire) {
        if (wire.length < Header.LENGTH || (wire[2] & 0x80) != 0) {
            return null; // not a query: answering responses invites loops
        }
        try {
            return new Message(wire);
        } catch (IOException | RuntimeException e) {
            // dnsjava throws unchecked exceptions too for some garbage (e.g. an out-of-range TTL)
            Message unreadable = new Message(((wire[0] & 0xFF) << 8) | (wire[1] & 0xFF));
            unreadable.getHeader().setFlag(Flags.QR);
            return unreadable;
        }
    }

    /**
     * The largest UDP response {@code query}'s sender takes: 512 bytes without EDNS (RFC 1035), else
     * what its OPT record offers, at least 512 and at most {@link ServeDnsOptions#MAX_UDP_PAYLOAD}.
     */
    static int udpLimit(Message query) {
        OPTRecord opt = query == null ? null : query.getOPT();
        if (opt == null) {
            return 512;
        }
        return Math.max(512, Math.min(opt.getPayloadSize(), ServeDnsOptions.MAX_UDP_PAYLOAD));
    }

    /** An empty truncated answer to {@code query}: what a rate-limited client gets now and then. */
    Message truncated(Message query) {
        Message m = query.getQuestion() != null ? response(query, Rcode.NOERROR) : error(query, Rcode.NOERROR, false);
        m.getHeader().unsetFlag(Flags.AA);
        m.getHeader().setFlag(Flags.TC);
        return m;
    }

    /** The response to a query from {@link #parse}. */
    CompletableFuture<Message> respond(Message query, ScheduledExecutorService timer) {
        Header header = query.getHeader();
        if (header.getFlag(Flags.QR)) {
            return done(error(query, Rcode.FORMERR, false)); // the stand-in for bytes dnsjava could not read
        }
        if (header.getOpcode() != Opcode.QUERY) {
            return done(error(query, Rcode.NOTIMP, false));
        }
        // counts from the sections, not only the header: dnsjava stops reading a message with TC set
        // where its bytes end, leaving sections shorter than the header says
        if (header.getCount(Section.QUESTION) != 1 || query.getSection(Section.QUESTION).size() != 1
                || header.getCount(Section.ANSWER) != 0 || header.getCount(Section.AUTHORITY) != 0
                || header.getFlag(Flags.TC) || query.getSection(Section.ADDITIONAL).size() > 1) {
            return done(error(query, Rcode.FORMERR, false));
        }
        OPTRecord opt = query.getOPT();
        if (opt == null && header.getCount(Section.ADDITIONAL) != 0) {
            return done(error(query, Rcode.FORMERR, false));
        }
        if (opt != null && opt.getVersion() > 0) {
            return done(error(query, Rcode.BADVERS, true));
        }
        Record question = query.getQuestion();
        int type = question.getType();
        if (question.getDClass() != DClass.IN || type == Type.AXFR || type == Type.IXFR) {
            return done(error(query, Rcode.REFUSED, true));
        }
        QueryName name = QueryName.parse(question.getName(), zone);
        switch (name.kind()) {
            case OUT_OF_ZONE:
                return done(error(query, Rcode.REFUSED, true));
            case MALFORMED:
                return done(error(query, Rcode.FORMERR, true));
            case INTERMEDIATE:
                return done(noData(query));
            case APEX:
                if (type == Type.SOA) {
                    Message m = response(query, Rcode.NOERROR);
                    m.addRecord(soa, Section.ANSWER);
                    return done(m);
                }
                return done(noData(query));
            case ADDRESS:
            default:
                break;
        }
        IpAddress ip = name.address();
        if (ip.equals(TEST_LISTED)) {
            return done(testPoint(query));
        }
        if (ip.equals(TEST_UNLISTED)) {
            return done(nxdomain(query));
        }
        if (guard != null && guard.holdsBack()) {
            return done(error(query, Rcode.SERVFAIL, true));
        }
        Verdict cached = checker.cached(ip);
        if (cached != null) {
            return done(answer(query, cached));
        }
        CompletableFuture<Verdict> lookup = checker.check(ip);
        if (lookup.isDone()) {
            return done(answer(query, lookup.join()));
        }
        CompletableFuture<Message> result = new CompletableFuture<>();
        java.util.concurrent.ScheduledFuture<?> timeout = timer.schedule(
                () -> result.complete(error(query, Rcode.SERVFAIL, true)), options.budget().toNanos(), TimeUnit.NANOSECONDS);
        lookup.whenComplete((verdict, neverThrown) -> {
            timeout.cancel(false);
            result.complete(verdict == null ? error(query, Rcode.SERVFAIL, true) : answer(query, verdict));
        });
        return result;
    }

    /** What the combined verdict means for a DNSBL answer. */
    enum Decision { LISTED, NOT_LISTED, UNDECIDED }

    /**
     * Listed when the verdict notifies, not listed when it does not; but undecided when sources that
     * failed could have turned it either way, whatever they would have answered: an unlisted address
     * whose score plus the most the failed sources could add reaches the threshold, or a listed one
     * whose score less what a failed allowlist could take falls below it. A meta-list cannot claim
     * what it does not know; SERVFAIL lets the asking site fail open.
     */
    Decision decide(Verdict verdict) {
        if (!verdict.decided()) {
            return Decision.UNDECIDED;
        }
        BigDecimal score = BigDecimal.valueOf(verdict.score());
        BigDecimal most = score;
        BigDecimal least = score;
        for (SourceError error : verdict.errors()) {
            double[] range = reach.getOrDefault(error.source(), DEFAULT_REACH);
            least = least.add(BigDecimal.valueOf(range[0]));
            most = most.add(BigDecimal.valueOf(range[1]));
        }
        BigDecimal threshold = BigDecimal.valueOf(verdict.threshold());
        if (verdict.shouldNotify()) {
            return least.compareTo(threshold) >= 0 ? Decision.LISTED : Decision.UNDECIDED;
        }
        return most.compareTo(threshold) < 0 ? Decision.NOT_LISTED : Decision.UNDECIDED;
    }

    /** The least and most each source's listing can add to a score, by name (as the checker weighs them). */
    private static Map<String, double[]> reach(Checker checker) {
        Map<String, double[]> reach = new HashMap<>();
        Map<String, Double> weights = checker.weights();
        for (Source source : checker.sources()) {
            double w = weights.getOrDefault(source.name(), Listing.DEFAULT_WEIGHT);
            double low = Math.min(0, w);
            double high = Math.max(0, w);
            CategoryWeights given = source.categoryWeights();
            if (given != null) {
                for (double cw : given.weights()) {
                    low = Math.min(low, cw);
                    high = Math.max(high, cw);
                }
            }
            reach.put(source.name(), new double[] {low, high});
        }
        return reach;
    }

    private Message answer(Message query, Verdict verdict) {
        switch (decide(verdict)) {
            case LISTED:
                return listed(query, verdict);
            case NOT_LISTED:
                return nxdomain(query);
            case UNDECIDED:
            default:
                return error(query, Rcode.SERVFAIL, true);
        }
    }

    private Message listed(Message query, Verdict verdict) {
        int type = query.getQuestion().getType();
        if (type != Type.A && type != Type.TXT && type != Type.ANY) {
            return noData(query);
        }
        Name qname = query.getQuestion().getName();
        Message m = response(query, Rcode.NOERROR);
        if (type == Type.A || type == Type.ANY) {
            EnumSet<Category> categories = EnumSet.noneOf(Category.class);
            for (int i = 0; i < verdict.listings().size(); i++) {
                Listing listing = verdict.listings().get(i);
                if (accuses(verdict, i)) {
                    for (Category c : listing.categories()) {
                        if (notifyCategories.contains(c)) {
                            categories.add(c);
                        }
                    }
                }
            }
            for (IpAddress code : options.codes().codes(categories)) {
                m.addRecord(new ARecord(qname, DClass.IN, ttl, inet(code)), Section.ANSWER);
            }
        } else {
            int n = 0;
            for (int i = 0; i < verdict.listings().size(); i++) {
                Listing listing = verdict.listings().get(i);
                Category category = firstNotifying(listing);
                if (category == null || !accuses(verdict, i) || n++ >= MAX_TXT) {
                    continue;
                }
                String reason = listing.reason() == null || listing.reason().isBlank()
                        ? "listed by " + listing.source() : listing.reason();
                m.addRecord(txt(qname, category.id() + ": " + reason), Section.ANSWER);
            }
        }
        return m;
    }

    /** Whether listing {@code i} is one that made the verdict notify: counted, with a positive weight. */
    private static boolean accuses(Verdict verdict, int i) {
        return verdict.counted(i) && verdict.listings().get(i).weight() > 0;
    }

    private Category firstNotifying(Listing listing) {
        for (Category c : listing.categories()) {
            if (notifyCategories.contains(c)) {
                return c;
            }
        }
        return null;
    }

    private Message testPoint(Message query) {
        int type = query.getQuestion().getType();
        if (type != Type.A && type != Type.TXT && type != Type.ANY) {
            return noData(query);
        }
        Name qname = query.getQuestion().getName();
        Message m = response(query, Rcode.NOERROR);
        if (type == Type.TXT) {
            m.addRecord(txt(qname, "RFC 5782 test point"), Section.ANSWER);
        } else {
            m.addRecord(new ARecord(qname, DClass.IN, ttl, inet(TEST_LISTED)), Section.ANSWER);
        }
        return m;
    }

    private Message nxdomain(Message query) {
        Message m = response(query, Rcode.NXDOMAIN);
        m.addRecord(soa, Section.AUTHORITY); // RFC 2308: lets resolvers cache the negative answer
        return m;
    }

    private Message noData(Message query) {
        Message m = response(query, Rcode.NOERROR);
        m.addRecord(soa, Section.AUTHORITY);
        return m;
    }

    /** A response with the question, AA set, RD copied, and an OPT record if the query had one. */
    private Message response(Message query, int rcode) {
        Header qh = query.getHeader();
        Message m = new Message(qh.getID());
        Header h = m.getHeader();
        h.setFlag(Flags.QR);
        h.setFlag(Flags.AA);
        if (qh.getFlag(Flags.RD)) {
            h.setFlag(Flags.RD);
        }
        h.setOpcode(Opcode.QUERY);
        h.setRcode(rcode & 0xF);
        m.addRecord(query.getQuestion(), Section.QUESTION);
        if (query.getOPT() != null) {
            m.addRecord(new OPTRecord(ServeDnsOptions.MAX_UDP_PAYLOAD, rcode >>> 4, 0, 0), Section.ADDITIONAL);
        }
        return m;
    }

    private Message error(Message query, int rcode, boolean withQuestion) {
        if (withQuestion) {
            Message m = response(query, rcode);
            if (rcode == Rcode.REFUSED || rcode == Rcode.FORMERR) {
                m.getHeader().unsetFlag(Flags.AA); // not authoritative for what it refuses
            }
            return m;
        }
        Message m = new Message(query.getHeader().getID());
        m.getHeader().setFlag(Flags.QR);
        m.getHeader().setOpcode(query.getHeader().getOpcode());
        m.getHeader().setRcode(rcode);
        return m;
    }

    private TXTRecord txt(Name name, String text) {
        return new TXTRecord(name, DClass.IN, ttl, List.of(clean(text)));
    }

    /**
     * Reasons come from lists and are untrusted: control characters become spaces, quotes and
     * backslashes are dropped (dnsjava's string form would read them as escapes), and the text is cut
     * to what one TXT string holds.
     */
    static String clean(String text) {
        StringBuilder sb = new StringBuilder(Math.min(text.length(), MAX_TXT_BYTES));
        int bytes = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '"' || cp == '\\') {
                continue;
            }
            if (Character.isISOControl(cp) || cp == 0x2028 || cp == 0x2029 || !Character.isDefined(cp)) {
                cp = ' ';
            }
            int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + n > MAX_TXT_BYTES) {
                break;
            }
            sb.appendCodePoint(cp);
            bytes += n;
        }
        return sb.toString();
    }

    private static java.net.InetAddress inet(IpAddress code) {
        try {
            return java.net.InetAddress.getByAddress(code.toBytes());
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes always make an address
        }
    }

    private static CompletableFuture<Message> done(Message m) {
        return CompletableFuture.completedFuture(m);
    }
}
