package io.tocsin.servlet.client;

import io.tocsin.core.ip.IpAddress;
import io.tocsin.core.ip.IpSet;
import io.tocsin.servlet.FilterOptions.ForwardedHeader;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Finds the client's address: the connection's peer, unless that peer is a trusted proxy; then the
 * proxies' forwarded header is walked from right (nearest hop) to left, and the first address that is
 * not a trusted proxy is the client.
 *
 * <table>
 *   <caption>Rules</caption>
 *   <tr><td>peer not trusted</td><td>the peer; forwarded headers are ignored entirely (a visitor could write them)</td></tr>
 *   <tr><td>{@code X-Forwarded-For}</td><td>comma lists, over several header lines in order; entries
 *       {@code 192.0.2.1}, {@code 192.0.2.1:8080}, {@code 2001:db8::1}, {@code [2001:db8::1]}, {@code [2001:db8::1]:443}</td></tr>
 *   <tr><td>{@code Forwarded} (RFC 7239)</td><td>the {@code for=} parameter of each element, token or quoted,
 *       with the same address forms; {@code unknown} and obfuscated ({@code _hidden}) identifiers</td></tr>
 *   <tr><td>a malformed, unknown or obfuscated entry</td><td>ends the walk: the last good address is the client</td></tr>
 *   <tr><td>every hop trusted</td><td>the leftmost address</td></tr>
 * </table>
 *
 * Like Tomcat's {@code RemoteIpFilter}, but only ever with strict literals (never a DNS lookup), and
 * it changes nothing in the request.
 */
public final class ClientAddressResolver {

    private static final String X_FORWARDED_FOR = "X-Forwarded-For";

    private final IpSet trustedProxies;
    private final ForwardedHeader header;

    public ClientAddressResolver(IpSet trustedProxies, ForwardedHeader header) {
        this.trustedProxies = Objects.requireNonNull(trustedProxies, "trustedProxies");
        this.header = Objects.requireNonNull(header, "header");
    }

    /**
     * The client's address.
     *
     * @param remoteAddr the connection's peer, as {@code getRemoteAddr()} gives it
     * @param headers the request's header lines by name, as {@code getHeaders(name)} gives them
     * @return the client, or {@code null} if the peer is not an IP literal (e.g. a Unix socket)
     */
    public IpAddress resolve(String remoteAddr, Function<String, Enumeration<String>> headers) {
        IpAddress peer = parseHost(remoteAddr);
        return isTrusted(peer) ? behind(peer, headers, header == ForwardedHeader.FORWARDED ? null : headers.apply(X_FORWARDED_FOR)) : peer;
    }

    /**
     * The client of {@code request}, as {@link #resolve(String, Function)} with the request's peer and
     * headers: no function object is made for a visitor who comes without a trusted proxy.
     */
    public IpAddress resolve(HttpServletRequest request) {
        IpAddress peer = parseHost(request.getRemoteAddr());
        return isTrusted(peer)
                ? behind(peer, request::getHeaders, header == ForwardedHeader.FORWARDED ? null : request.getHeaders(X_FORWARDED_FOR))
                : peer;
    }

    private boolean isTrusted(IpAddress peer) {
        return peer != null && !trustedProxies.isEmpty() && trustedProxies.contains(peer);
    }

    /** The client behind {@code peer}, a trusted proxy, given the X-Forwarded-For lines if they are to be read. */
    private IpAddress behind(IpAddress peer, Function<String, Enumeration<String>> headers, Enumeration<String> xffLines) {
        if (xffLines != null && xffLines.hasMoreElements()) {
            String line = xffLines.nextElement();
            if (!xffLines.hasMoreElements() && line != null) {
                return walk(line, peer); // the usual case: one header line, walked in place
            }
        }
        return walk(hops(headers), peer);
    }

    private IpAddress walk(List<String> hops, IpAddress peer) {
        IpAddress current = peer;
        for (int i = hops.size() - 1; i >= 0 && trustedProxies.contains(current); i--) {
            IpAddress hop = parseNode(hops.get(i));
            if (hop == null) {
                break; // malformed, unknown or obfuscated: nothing further left can be believed
            }
            current = hop;
        }
        return current;
    }

    /**
     * Walks one X-Forwarded-For line from right to left without splitting it: the same rules as the
     * general walk, on the request path of every proxied request, so no allocation but the result.
     */
    private IpAddress walk(String line, IpAddress peer) {
        IpAddress current = peer;
        int end = line.length();
        while (end >= 0 && trustedProxies.contains(current)) {
            int comma = line.lastIndexOf(',', end - 1);
            int start = comma + 1;
            int to = end;
            while (start < to && line.charAt(start) <= ' ') {
                start++;
            }
            while (to > start && line.charAt(to - 1) <= ' ') {
                to--;
            }
            IpAddress hop = parseNode(line, start, to);
            if (hop == null) {
                break; // malformed, unknown or obfuscated: nothing further left can be believed
            }
            current = hop;
            end = comma; // -1 once the leftmost entry is taken
        }
        return current;
    }

    private List<String> hops(Function<String, Enumeration<String>> headers) {
        if (header != ForwardedHeader.FORWARDED) {
            List<String> xff = xForwardedFor(headers.apply(X_FORWARDED_FOR));
            if (!xff.isEmpty() || header == ForwardedHeader.X_FORWARDED_FOR) {
                return xff;
            }
        }
        return forwardedFor(headers.apply("Forwarded"));
    }

    private static List<String> xForwardedFor(Enumeration<String> lines) {
        List<String> hops = new ArrayList<>();
        if (lines == null) {
            return hops;
        }
        while (lines.hasMoreElements()) {
            String line = lines.nextElement();
            if (line == null) {
                continue;
            }
            for (String part : line.split(",", -1)) {
                hops.add(part.trim());
            }
        }
        return hops;
    }

    /** The {@code for=} values of RFC 7239 elements, unquoted; an element without one counts as malformed. */
    static List<String> forwardedFor(Enumeration<String> lines) {
        List<String> hops = new ArrayList<>();
        if (lines == null) {
            return hops;
        }
        while (lines.hasMoreElements()) {
            String line = lines.nextElement();
            if (line != null) {
                ForwardedParser.parse(line, hops);
            }
        }
        return hops;
    }

    /**
     * Parses one hop: an IPv4 literal with an optional port, a bare IPv6 literal, or a bracketed IPv6
     * literal with an optional port; {@code null} for anything else.
     */
    static IpAddress parseNode(String node) {
        return node == null ? null : parseNode(node, 0, node.length());
    }

    /** {@link #parseNode(String)} of {@code node[start, end)}. */
    static IpAddress parseNode(String node, int start, int end) {
        if (start >= end) {
            return null;
        }
        if (node.charAt(start) == '[') {
            int close = node.indexOf(']', start);
            if (close < 0 || close >= end || !isPortSuffix(node, close + 1, end)) {
                return null;
            }
            // brackets hold IPv6 only (RFC 7239 section 6)
            return node.lastIndexOf(':', close) > start ? IpAddress.tryParse(node, start + 1, close) : null;
        }
        int colon = node.indexOf(':', start);
        if (colon >= 0 && colon < end) {
            int second = node.indexOf(':', colon + 1);
            if (second < 0 || second >= end) {
                // one colon: IPv4 with a port
                return isPortSuffix(node, colon, end) ? IpAddress.tryParse(node, start, colon) : null;
            }
        }
        return IpAddress.tryParse(node, start, end);
    }

    /** Whether {@code s[from, end)} is empty or {@code :} and a port number (0 to 65535). */
    private static boolean isPortSuffix(String s, int from, int end) {
        if (from == end) {
            return true;
        }
        int digits = end - from - 1;
        if (s.charAt(from) != ':' || digits < 1 || digits > 5) {
            return false;
        }
        int port = 0;
        for (int i = from + 1; i < end; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            port = port * 10 + (c - '0');
        }
        return port <= 65535;
    }

    /** The peer address as a container reports it; containers may bracket IPv6 peers. */
    private static IpAddress parseHost(String remoteAddr) {
        if (remoteAddr == null) {
            return null;
        }
        if (remoteAddr.startsWith("[") && remoteAddr.endsWith("]")) {
            return IpAddress.tryParse(remoteAddr, 1, remoteAddr.length() - 1);
        }
        int zone = remoteAddr.indexOf('%');
        return zone > 0 ? IpAddress.tryParse(remoteAddr, 0, zone) : IpAddress.tryParse(remoteAddr);
    }

    @Override
    public String toString() {
        return "ClientAddressResolver{trusted=" + trustedProxies + ", header=" + header.id() + "}";
    }
}
