package io.tocsin.core.dnsbl;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tocsin.core.SourceResult;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Fuzzes the decoding of DNSBL answers, which come from the network and are untrusted: whatever a
 * server sends, {@link DnsAnswer} never throws, takes codes only from A records of the name asked
 * about, and never turns an error code (outside 127.0.0.0/8, or in 127.255.255.0/24) into a listing.
 *
 * <p>{@code arbitraryWireBytes} feeds raw bytes through dnsjava's own parser, as the resolver does;
 * {@code wellFormedAnswers} builds answers record by record, so that the fuzzer reaches the decoding
 * logic rather than the wire parser's rejections.
 */
class DnsAnswerFuzzTest {

    private static final Name QNAME = name("66.2.0.192.bl.test.");
    private static final Name OTHER = name("67.2.0.192.bl.test.");
    private static final ReturnCodes CODES = DnsblPreset.SPAMHAUS_ZEN.codes();

    @FuzzTest(maxDuration = "10m")
    void arbitraryWireBytes(byte[] wire) {
        Message message;
        try {
            message = new Message(wire);
        } catch (IOException | IllegalArgumentException rejected) {
            // dnsjava rejects it before we see it. Not only with WireParseException: a TTL above 2^31-1
            // throws InvalidTTLException (unchecked; the first finding of this fuzz test, input
            // DnsAnswerFuzzTestInputs/arbitraryWireBytes/invalid-ttl). The resolver turns either into an
            // error result: DnsblFaultIT.anAnswerThatDnsjavaCannotParseIsAnErrorResult.
            return;
        }
        Record question = message.getQuestion();
        Name qname = question != null ? question.getName() : QNAME;
        for (int type : new int[] {Type.A, Type.TXT}) {
            DnsAnswer answer = DnsAnswer.of(qname, type, message, null);
            checkAnswer(qname, type, message, answer);
        }
    }

    @FuzzTest(maxDuration = "10m")
    void wellFormedAnswers(FuzzedDataProvider data) throws IOException {
        Message built = new Message(data.consumeInt(0, 0xFFFF));
        built.getHeader().setFlag(Flags.QR);
        built.getHeader().setRcode(data.consumeInt(0, 15));
        built.addRecord(Record.newRecord(QNAME, Type.A, DClass.IN), Section.QUESTION);
        int records = data.consumeInt(0, 6);
        for (int i = 0; i < records; i++) {
            Name owner = data.consumeBoolean() ? QNAME : OTHER;
            long ttl = data.consumeLong(0, 0x7FFFFFFFL);
            switch (data.consumeInt(0, 2)) {
                case 0 -> built.addRecord(new ARecord(owner, DClass.IN, ttl, address(data.consumeBytes(4))), Section.ANSWER);
                case 1 -> {
                    try {
                        built.addRecord(new TXTRecord(owner, DClass.IN, ttl, text(data)), Section.ANSWER);
                    } catch (IllegalArgumentException unencodable) {
                        // a string dnsjava cannot encode (a bad escape): no record, as no server could send it
                    }
                }
                default -> built.addRecord(new CNAMERecord(owner, DClass.IN, ttl, OTHER), Section.ANSWER);
            }
        }
        Message parsed = new Message(built.toWire());
        for (int type : new int[] {Type.A, Type.TXT}) {
            checkAnswer(QNAME, type, parsed, DnsAnswer.of(QNAME, type, parsed, null));
        }
    }

    /** The invariants, as plain checks: the fuzzer runs them thousands of times a second. */
    static void checkAnswer(Name qname, int type, Message message, DnsAnswer answer) {
        check(answer.failure == null, "a parsed message decoded as a failure: " + answer.failure);
        check(answer.rcode == message.getRcode(), "rcode " + answer.rcode + " is not the message's " + message.getRcode());
        List<Integer> expected = new ArrayList<>();
        int texts = 0;
        for (Record r : message.getSection(Section.ANSWER)) {
            if (r.getName().equals(qname) && r instanceof ARecord a && type == Type.A) {
                byte[] b = a.getAddress().getAddress();
                expected.add(((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF));
            } else if (r.getName().equals(qname) && r instanceof TXTRecord && type == Type.TXT) {
                texts++;
            }
        }
        check(expected.size() == answer.codes.length, "codes " + answer.codes.length + " vs A records of the name " + expected.size());
        for (int i = 0; i < answer.codes.length; i++) {
            check(expected.get(i) == answer.codes[i], "code " + i + " is not from an A record of the name");
        }
        check(answer.texts.size() == texts, "texts " + answer.texts.size() + " vs TXT records of the name " + texts);
        check(type == Type.A || answer.codes.length == 0, "a TXT answer has codes");

        boolean anyErrorCode = false;
        for (int code : answer.codes) {
            anyErrorCode |= (code >>> 24) != 127 || (code >>> 8) == 0x7FFFFF;
        }
        check(anyErrorCode == (answer.errorCodeProblem() != null), "error code detection disagrees");
        SourceResult result = answer.toResult("fuzz", "bl.test", CODES);
        boolean shouldList = answer.rcode == Rcode.NOERROR && answer.codes.length > 0 && !anyErrorCode;
        check(shouldList == result instanceof SourceResult.Listed, "listed " + result + " for rcode " + answer.rcode
                + ", " + answer.codes.length + " codes, error code " + anyErrorCode);
        if (result instanceof SourceResult.Listed listed) {
            check(listed.listing().codes().size() == answer.codes.length, "listing codes lost or invented");
        }
        check(result != SourceResult.NOT_LISTED || answer.rcode == Rcode.NXDOMAIN
                || answer.rcode == Rcode.NOERROR && answer.codes.length == 0, "not listed on rcode " + answer.rcode);
        answer.worthRetrying();
    }

    private static List<String> text(FuzzedDataProvider data) {
        int parts = data.consumeInt(1, 3);
        List<String> strings = new ArrayList<>();
        for (int i = 0; i < parts; i++) {
            strings.add(data.consumeString(80)); // at most 240 bytes of UTF-8: one character-string
        }
        return strings;
    }

    private static InetAddress address(byte[] bytes) {
        byte[] four = java.util.Arrays.copyOf(bytes, 4);
        try {
            return InetAddress.getByAddress(four); // 4 bytes: no lookup
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static void check(boolean condition, String problem) {
        if (!condition) {
            throw new AssertionError(problem);
        }
    }

    private static Name name(String text) {
        try {
            return Name.fromString(text);
        } catch (TextParseException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
