package io.tocsin.servlet.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.core.ip.IpAddress;
import io.tocsin.core.ip.IpSet;
import io.tocsin.servlet.FilterOptions.ForwardedHeader;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The in-place walk of a single X-Forwarded-For line (the request path's fast path) answers exactly
 * what the general walk over several header lines answers for the same hops.
 */
class SingleLineWalkTest {

    private static final String[] HOPS = {
        "10.0.0.1", "10.0.0.2", "192.0.2.66", "198.51.100.7", "2001:db8::1", "[2001:db8::1]", "[2001:db8::1]:443",
        "192.0.2.66:8080", "10.0.0.3:65536", "unknown", "_hidden", "", " ", "1.2.3", "[10.0.0.1]", "::1", "10.0.0.1 ",
        " 10.0.0.2", "10.0.0.1:", "[::1]x", "fe80::1%eth0", "\t192.0.2.1",
    };

    @Test
    void agreesWithTheGeneralWalkOnRandomHeaders() {
        ClientAddressResolver resolver = new ClientAddressResolver(IpSet.parse("10.0.0.0/8, ::1"), ForwardedHeader.X_FORWARDED_FOR);
        Random random = new Random();
        long seed = random.nextLong();
        random.setSeed(seed);
        for (int n = 0; n < 20_000; n++) {
            int count = 1 + random.nextInt(6);
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < count; i++) {
                if (i > 0) {
                    line.append(random.nextBoolean() ? "," : ", ");
                }
                line.append(HOPS[random.nextInt(HOPS.length)]);
            }
            String header = line.toString();
            String peer = random.nextInt(4) == 0 ? "192.0.2.200" : "10.0.0.9";
            IpAddress fast = resolver.resolve(peer, name -> lines(name, List.of(header)));
            int cut = header.indexOf(',');
            // the same hops over two header lines take the general walk; an empty first line adds an
            // empty leftmost hop, which is only reached where the walk would end anyway
            List<String> twoLines = cut < 0 ? List.of("", header) : List.of(header.substring(0, cut), header.substring(cut + 1));
            IpAddress general = resolver.resolve(peer, name -> lines(name, twoLines));
            assertThat(fast).as("seed %d: peer %s, X-Forwarded-For: %s", seed, peer, header).isEqualTo(general);
        }
    }

    @Test
    void indexedParsingMatchesWholeStringParsing() {
        for (String hop : HOPS) {
            String padded = "xx" + hop + "yy";
            assertThat(ClientAddressResolver.parseNode(padded, 2, 2 + hop.length()))
                    .as("\"%s\"", hop).isEqualTo(ClientAddressResolver.parseNode(hop));
        }
    }

    private static Enumeration<String> lines(String name, List<String> values) {
        return name.equals("X-Forwarded-For") ? Collections.enumeration(values) : Collections.emptyEnumeration();
    }
}
