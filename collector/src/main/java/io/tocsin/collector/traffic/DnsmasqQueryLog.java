package io.tocsin.collector.traffic;

/**
 * dnsmasq's {@code log-queries} (also {@code log-queries=extra}), to syslog or a {@code log-facility}
 * file:
 *
 * <pre>
 * Dec  2 03:04:05 dnsmasq[1207]: query[A] people.freenet.de from 192.0.2.66
 * Dec  2 03:04:05 gw dnsmasq[1207]: 17 192.0.2.66/53211 query[AAAA] home.pages.at from 192.0.2.66
 * 2026-12-02T03:04:05.123456+01:00 gw dnsmasq[1207]: query[A] free.pages.at from 2001:db8::66
 * </pre>
 *
 * Syslog stamps name no year: {@link SyslogYear} gives it. Only {@code query[TYPE]} lines are
 * queries; {@code forwarded}, {@code reply}, {@code cached} and the rest are other lines.
 */
final class DnsmasqQueryLog implements LineParser {

    private static final byte[] DNSMASQ = Bytes.ascii("dnsmasq");
    private static final byte[] QUERY = Bytes.ascii(" query[");
    private static final byte[] FROM = Bytes.ascii(" from ");

    private final LogTimes times;

    DnsmasqQueryLog(LogTimes times) {
        this.times = times;
    }

    @Override
    public Kind parse(byte[] b, int start, int end, QueryLine out) {
        long time = times.syslog(b, start, end);
        if (time == LogTimes.NONE) {
            time = times.iso(b, start, end);
        }
        if (time == LogTimes.NONE) {
            return Kind.MALFORMED;
        }
        int tag = Bytes.indexOf(b, times.end(), end, DNSMASQ);
        if (tag < 0) {
            return Kind.MALFORMED;
        }
        int query = Bytes.indexOf(b, tag, end, QUERY);
        if (query < 0) {
            return Kind.OTHER;
        }
        int close = Bytes.indexOf(b, query + QUERY.length, end, (byte) ']');
        if (close < 0 || close + 1 >= end || b[close + 1] != ' ') {
            return Kind.MALFORMED;
        }
        int name = close + 2;
        int nameEnd = Bytes.tokenEnd(b, name, end);
        if (nameEnd == name || !Bytes.startsWith(b, nameEnd, end, FROM)) {
            return Kind.MALFORMED;
        }
        int client = nameEnd + FROM.length;
        int clientEnd = Bytes.tokenEnd(b, client, end);
        if (clientEnd == client) {
            return Kind.MALFORMED;
        }
        out.time = time;
        out.clientStart = client;
        out.clientEnd = clientEnd;
        out.name(name, b[nameEnd - 1] == '.' ? nameEnd - 1 : nameEnd);
        return Kind.QUERY;
    }
}
