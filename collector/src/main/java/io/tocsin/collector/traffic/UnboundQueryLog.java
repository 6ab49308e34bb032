package io.tocsin.collector.traffic;

/**
 * Unbound's {@code log-queries: yes}, to its own {@code logfile} or through syslog:
 *
 * <pre>
 * [1796180645] unbound[2211:0] info: 192.0.2.66 people.freenet.de. A IN
 * Dec 02 03:04:05 unbound[2211:0] info: 192.0.2.66 people.freenet.de. A IN
 * Dec  2 03:04:05 resolver unbound: [2211:0] info: 2001:db8::66 home.arcor.de. AAAA IN
 * </pre>
 *
 * Without {@code log-time-ascii} the time is epoch seconds in brackets; with it, a local
 * {@code Mon dd HH:MM:SS} whose year {@link SyslogYear} infers; {@code log-time-iso} (Unbound 1.19+)
 * and rsyslog's ISO 8601 stamps are read too. A query line is exactly four words after
 * {@code info:} — client, name, type, class; other {@code info:} lines ({@code log-replies} answers,
 * start-up notes) are not queries.
 */
final class UnboundQueryLog implements LineParser {

    private static final byte[] INFO = Bytes.ascii(" info: ");
    private static final byte[] UNBOUND = Bytes.ascii("unbound");

    private final LogTimes times;

    UnboundQueryLog(LogTimes times) {
        this.times = times;
    }

    @Override
    public Kind parse(byte[] b, int start, int end, QueryLine out) {
        long time = times.bracketedEpoch(b, start, end);
        if (time == LogTimes.NONE) {
            time = times.syslog(b, start, end);
        }
        if (time == LogTimes.NONE) {
            time = times.iso(b, start, end);
        }
        if (time == LogTimes.NONE) {
            return Kind.MALFORMED;
        }
        int from = times.end();
        int tag = Bytes.indexOf(b, from, end, UNBOUND);
        if (tag < 0) {
            return Kind.MALFORMED;
        }
        int info = Bytes.indexOf(b, tag, end, INFO);
        if (info < 0) {
            return Kind.OTHER;
        }
        int client = info + INFO.length;
        int clientEnd = Bytes.tokenEnd(b, client, end);
        if (!Addresses.looksLikeAddress(b, client, clientEnd)) {
            return Kind.OTHER;
        }
        int name = Bytes.skipSpaces(b, clientEnd, end);
        int nameEnd = Bytes.tokenEnd(b, name, end);
        int type = Bytes.skipSpaces(b, nameEnd, end);
        int typeEnd = Bytes.tokenEnd(b, type, end);
        int klass = Bytes.skipSpaces(b, typeEnd, end);
        int klassEnd = Bytes.tokenEnd(b, klass, end);
        if (klassEnd == klass) {
            return name == nameEnd || b[nameEnd - 1] != '.' ? Kind.OTHER : Kind.MALFORMED;
        }
        if (Bytes.skipSpaces(b, klassEnd, end) != end || b[nameEnd - 1] != '.') {
            return Kind.OTHER;
        }
        out.time = time;
        out.clientStart = client;
        out.clientEnd = clientEnd;
        out.name(name, nameEnd - 1);
        return Kind.QUERY;
    }
}
