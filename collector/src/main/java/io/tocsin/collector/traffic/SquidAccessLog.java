package io.tocsin.collector.traffic;

/**
 * Squid's native {@code access.log} format ({@code logformat squid}, the default):
 *
 * <pre>
 * 1796180645.123    245 192.0.2.66 TCP_MISS/200 4120 GET http://people.freenet.de/sober/index.html - HIER_DIRECT/195.4.92.1 text/html
 * 1796180705.310     12 192.0.2.66 TCP_TUNNEL/200 3311 CONNECT home.arcor.de:443 - HIER_DIRECT/145.253.2.171 -
 * </pre>
 *
 * Fields: time (epoch seconds and milliseconds, when the request <em>ended</em>), elapsed
 * milliseconds, client, result/status, bytes, method, URL, user, hierarchy/peer, type. The request
 * time used is the end minus the elapsed time, so a slow answer does not blur a beacon's rhythm. The
 * host is taken from the URL ({@code scheme://[user@]host[:port]/…}) or a {@code CONNECT}'s
 * {@code host:port}.
 */
final class SquidAccessLog implements LineParser {

    private static final byte[] SCHEME = Bytes.ascii("://");

    private final LogTimes times;

    SquidAccessLog(LogTimes times) {
        this.times = times;
    }

    @Override
    public Kind parse(byte[] b, int start, int end, QueryLine out) {
        int i = Bytes.skipSpaces(b, start, end);
        long time = times.decimalEpoch(b, i, end);
        if (time == LogTimes.NONE || times.end() >= end || b[times.end()] != ' ') {
            return Kind.MALFORMED;
        }
        int elapsedStart = Bytes.skipSpaces(b, times.end(), end);
        int elapsedEnd = Bytes.tokenEnd(b, elapsedStart, end);
        long elapsed = 0;
        for (int k = elapsedStart; k < elapsedEnd; k++) {
            if (!LogTimes.isDigit(b[k]) || k - elapsedStart > 9) {
                return Kind.MALFORMED;
            }
            elapsed = elapsed * 10 + (b[k] - '0');
        }
        int client = Bytes.skipSpaces(b, elapsedEnd, end);
        int clientEnd = Bytes.tokenEnd(b, client, end);
        int code = Bytes.skipSpaces(b, clientEnd, end);
        int codeEnd = Bytes.tokenEnd(b, code, end);
        int bytes = Bytes.skipSpaces(b, codeEnd, end);
        int bytesEnd = Bytes.tokenEnd(b, bytes, end);
        int method = Bytes.skipSpaces(b, bytesEnd, end);
        int methodEnd = Bytes.tokenEnd(b, method, end);
        int url = Bytes.skipSpaces(b, methodEnd, end);
        int urlEnd = Bytes.tokenEnd(b, url, end);
        if (elapsedEnd == elapsedStart || clientEnd == client || Bytes.indexOf(b, code, codeEnd, (byte) '/') < 0
                || methodEnd == method || urlEnd == url) {
            return Kind.MALFORMED;
        }
        int host;
        int scheme = Bytes.indexOf(b, url, urlEnd, SCHEME);
        if (scheme >= 0) {
            host = scheme + SCHEME.length;
            int path = Bytes.indexOf(b, host, urlEnd, (byte) '/');
            int authorityEnd = path < 0 ? urlEnd : path;
            int at = Bytes.indexOf(b, host, authorityEnd, (byte) '@');
            if (at >= 0) {
                host = at + 1;
            }
        } else {
            host = url;
        }
        int hostEnd = hostEnd(b, host, urlEnd);
        if (hostEnd == host) {
            return Kind.OTHER; // error:invalid-request and the like name no host
        }
        out.time = time - elapsed;
        out.clientStart = client;
        out.clientEnd = clientEnd;
        out.name(host, b[hostEnd - 1] == '.' ? hostEnd - 1 : hostEnd);
        return Kind.QUERY;
    }

    private static int hostEnd(byte[] b, int host, int end) {
        if (host < end && b[host] == '[') {
            int close = Bytes.indexOf(b, host, end, (byte) ']');
            return close < 0 ? host : close + 1;
        }
        int i = host;
        while (i < end && b[i] != ':' && b[i] != '/' && b[i] != '?' && b[i] != '#') {
            i++;
        }
        return i;
    }
}
