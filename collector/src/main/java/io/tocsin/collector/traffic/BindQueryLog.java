package io.tocsin.collector.traffic;

/**
 * BIND 9's {@code querylog} (the {@code queries} category), written by a file channel with
 * {@code print-time} or through syslog:
 *
 * <pre>
 * 02-Dec-2026 03:04:05.123 queries: info: client @0x7f3a5c0d2168 192.0.2.66#53211 (people.freenet.de): query: people.freenet.de IN A +E(0)K (192.0.2.1)
 * 2026-12-02T03:04:05.123Z client @0x7f3a5c0d2168 2001:db8::66#40001 (scifi.pages.at): view internal: query: scifi.pages.at IN AAAA + (2001:db8::1)
 * Dec  2 03:04:05 ns1 named[812]: client 192.0.2.66#53211: query: home.arcor.de IN A + (192.0.2.1)
 * </pre>
 *
 * The time stamp is BIND's {@code print-time yes}/{@code local} ({@code dd-Mon-yyyy HH:MM:SS.mmm},
 * local time), {@code iso8601} (local) or {@code iso8601-utc}, or a syslog one. The client is the
 * address before {@code #port}; the name is the one after {@code query:}. Older BIND (before 9.10)
 * writes no {@code @0x} object and no {@code (name)}; both forms are read.
 */
final class BindQueryLog implements LineParser {

    private static final byte[] CLIENT = Bytes.ascii("client ");
    private static final byte[] QUERY = Bytes.ascii(" query: ");
    private static final byte[] OBJECT = Bytes.ascii("@0x");

    private final LogTimes times;

    BindQueryLog(LogTimes times) {
        this.times = times;
    }

    @Override
    public Kind parse(byte[] b, int start, int end, QueryLine out) {
        long time = times.bindLocal(b, start, end);
        if (time == LogTimes.NONE) {
            time = times.iso(b, start, end);
        }
        if (time == LogTimes.NONE) {
            time = times.syslog(b, start, end);
        }
        if (time == LogTimes.NONE) {
            return Kind.MALFORMED;
        }
        int from = times.end();
        int client = Bytes.indexOf(b, from, end, CLIENT);
        if (client < 0) {
            return Bytes.indexOf(b, from, end, QUERY) < 0 ? Kind.OTHER : Kind.MALFORMED;
        }
        int i = client + CLIENT.length;
        if (Bytes.startsWith(b, i, end, OBJECT)) {
            i = Bytes.skipSpaces(b, Bytes.tokenEnd(b, i, end), end);
        }
        int token = Bytes.tokenEnd(b, i, end);
        int hash = Bytes.indexOf(b, i, token, (byte) '#');
        if (hash <= i) {
            return Kind.MALFORMED;
        }
        int query = Bytes.indexOf(b, token, end, QUERY);
        if (query < 0) {
            return Kind.OTHER;
        }
        int name = query + QUERY.length;
        int nameEnd = Bytes.tokenEnd(b, name, end);
        if (nameEnd == name || nameEnd == end) {
            return Kind.MALFORMED; // cut short: a query line always goes on with the class and type
        }
        out.time = time;
        out.clientStart = i;
        out.clientEnd = hash;
        out.name(name, b[nameEnd - 1] == '.' ? nameEnd - 1 : nameEnd);
        return Kind.QUERY;
    }
}
