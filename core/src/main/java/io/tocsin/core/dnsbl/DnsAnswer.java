package io.tocsin.core.dnsbl;

import io.tocsin.core.Listing;
import io.tocsin.core.SourceResult;
import io.tocsin.core.SourceResult.Failure;
import io.tocsin.core.ip.IpAddress;
import java.io.IOException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * One DNS answer reduced to what a DNSBL needs: rcode, A codes, TXT strings, or why there is none.
 * Whatever bytes a server sent, decoding never throws: a list's answer is untrusted input.
 */
final class DnsAnswer {

    final int rcode;
    final int[] codes;
    final List<String> texts;
    final String failure;
    final boolean timedOut;

    private DnsAnswer(int rcode, int[] codes, List<String> texts, String failure, boolean timedOut) {
        this.rcode = rcode;
        this.codes = codes;
        this.texts = texts;
        this.failure = failure;
        this.timedOut = timedOut;
    }

    boolean worthRetrying() {
        return failure != null || rcode == Rcode.SERVFAIL || rcode == Rcode.REFUSED;
    }

    /** Why one of the A codes is an error and not a listing, or {@code null} if none is. */
    String errorCodeProblem() {
        for (int code : codes) {
            String problem = ErrorCodes.problem(code);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    /**
     * What an A answer of an ordinary DNSBL (not http:BL) means. Error codes make an error result,
     * never a listing, even beside valid codes.
     */
    SourceResult toResult(String source, String zone, ReturnCodes returnCodes) {
        if (failure != null) {
            return SourceResult.failed(timedOut ? Failure.TIMEOUT : Failure.ERROR, "zone " + zone + ": " + failure);
        }
        if (rcode == Rcode.NXDOMAIN) {
            return SourceResult.NOT_LISTED;
        }
        if (rcode != Rcode.NOERROR) {
            return SourceResult.failed(Failure.ERROR, "zone " + zone + " answered " + Rcode.string(rcode));
        }
        if (codes.length == 0) {
            return SourceResult.NOT_LISTED; // the name exists, with other types only
        }
        String problem = errorCodeProblem();
        if (problem != null) {
            return SourceResult.failed(Failure.ERROR, "zone " + zone + " " + problem);
        }
        List<String> raw = new ArrayList<>(codes.length);
        for (int code : codes) {
            raw.add(IpAddress.ofIpv4(code).toString());
        }
        if (!returnCodes.anyMapped(codes)) {
            // recorded, so that an operator sees what the list said, but never counted towards a notice
            return SourceResult.listed(new Listing(source, returnCodes.categorize(codes), raw,
                    "unmapped code " + String.join(", ", raw) + ", ignored (map it with codes)", 0));
        }
        return SourceResult.listed(new Listing(source, returnCodes.categorize(codes), raw, null));
    }

    static DnsAnswer of(Name qname, int type, Message response, Throwable error) {
        if (error != null) {
            Throwable cause = unwrap(error);
            boolean timeout = cause instanceof SocketTimeoutException || cause instanceof TimeoutException;
            String why = timeout ? "timed out" : describe(cause);
            return new DnsAnswer(-1, new int[0], List.of(), why, timeout);
        }
        if (response == null) {
            return new DnsAnswer(-1, new int[0], List.of(), "no response", false);
        }
        int rcode = response.getRcode();
        List<Integer> codes = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (Record r : response.getSection(Section.ANSWER)) {
            if (!r.getName().equals(qname)) {
                continue; // only records for the name asked about count
            }
            if (type == Type.A && r instanceof ARecord a) {
                byte[] b = a.getAddress().getAddress();
                codes.add(((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF));
            } else if (type == Type.TXT && r instanceof TXTRecord t) {
                // the raw character-strings, not dnsjava's escaped presentation form; lists write UTF-8
                StringBuilder text = new StringBuilder();
                for (byte[] part : t.getStringsAsByteArrays()) {
                    text.append(new String(part, StandardCharsets.UTF_8));
                }
                texts.add(text.toString());
            }
        }
        int[] array = new int[codes.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = codes.get(i);
        }
        return new DnsAnswer(rcode, array, texts, null, false);
    }

    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        if (cause instanceof PortUnreachableException && message != null && message.startsWith("connection refused by ")) {
            return message; // named by the transport: nothing listens on the server's port
        }
        String kind = cause instanceof IOException ? "I/O error" : cause.getClass().getSimpleName();
        return message == null ? kind : kind + ": " + message;
    }
}
