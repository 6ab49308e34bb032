package io.tocsin.servlet.client;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tocsin.core.ip.IpAddress;
import io.tocsin.core.ip.IpSet;
import io.tocsin.servlet.FilterOptions.ForwardedHeader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;

/**
 * Fuzzes client-address resolution, which reads headers any visitor can write: nothing throws, an
 * untrusted peer is always the client whatever its headers say, the answer is always the peer or an
 * address parsed from a hop, and an address is never made up from text that is not a strict literal.
 */
class ForwardedHeaderFuzzTest {

    private static final IpSet TRUSTED = IpSet.parse("10.0.0.0/8, 2001:db8::/32");
    private static final String[] PEERS = {"10.0.0.1", "192.0.2.66", "2001:db8::7", "[2001:db8::7]", "fe80::1%eth0", "::ffff:10.1.2.3", ""};

    @FuzzTest(maxDuration = "10m")
    void forwardedParserNeverThrows(String line) {
        List<String> out = new ArrayList<>();
        if (line != null) {
            ForwardedParser.parse(line, out);
        }
        for (String value : out) {
            check(value != null, line, "a null hop");
        }
    }

    @FuzzTest(maxDuration = "10m")
    void untrustedPeersAreNeverOverriddenAndHopsAreStrict(FuzzedDataProvider data) {
        String peer = data.consumeBoolean() ? data.pickValue(PEERS) : data.consumeString(60);
        ForwardedHeader mode = data.pickValue(ForwardedHeader.values());
        List<String> xff = lines(data);
        List<String> forwarded = lines(data);
        Map<String, List<String>> headers = Map.of("X-Forwarded-For", xff, "Forwarded", forwarded);

        IpAddress client = new ClientAddressResolver(TRUSTED, mode)
                .resolve(peer, name -> headers.containsKey(name) ? Collections.enumeration(headers.get(name)) : null);

        IpAddress peerAddress = peerAddress(peer);
        if (peerAddress == null) {
            check(client == null, peer, "a client from a peer that is not an address: " + client);
            return;
        }
        if (!TRUSTED.contains(peerAddress)) {
            check(peerAddress.equals(client), peer, "an untrusted peer was overridden by its headers: " + client);
            return;
        }
        if (client.equals(peerAddress)) {
            return;
        }
        List<String> hops = new ArrayList<>();
        Enumeration<String> fwd = Collections.enumeration(forwarded);
        hops.addAll(ClientAddressResolver.forwardedFor(fwd));
        for (String line : xff) {
            for (String part : line.split(",", -1)) {
                hops.add(part.trim());
            }
        }
        boolean fromAHop = false;
        for (String hop : hops) {
            IpAddress parsed = ClientAddressResolver.parseNode(hop);
            fromAHop |= client.equals(parsed);
        }
        check(fromAHop, peer, "client " + client + " is neither the peer nor any hop of " + hops);
    }

    private static IpAddress peerAddress(String peer) {
        if (peer == null) {
            return null;
        }
        if (peer.startsWith("[") && peer.endsWith("]")) {
            return IpAddress.tryParse(peer, 1, peer.length() - 1);
        }
        int zone = peer.indexOf('%');
        return zone > 0 ? IpAddress.tryParse(peer, 0, zone) : IpAddress.tryParse(peer);
    }

    private static List<String> lines(FuzzedDataProvider data) {
        List<String> lines = new ArrayList<>();
        int n = data.consumeInt(0, 3);
        for (int i = 0; i < n; i++) {
            lines.add(data.consumeString(200));
        }
        return lines;
    }

    private static void check(boolean condition, String input, String problem) {
        if (!condition) {
            throw new AssertionError("peer " + input + ": " + problem);
        }
    }
}
