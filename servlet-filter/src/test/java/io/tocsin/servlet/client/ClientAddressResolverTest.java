package io.tocsin.servlet.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.core.ip.IpAddress;
import io.tocsin.core.ip.IpSet;
import io.tocsin.servlet.FilterOptions.ForwardedHeader;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Client address resolution, in the PREPARE / TEST / VERIFY form of Tomcat's TestRemoteIpFilter. */
class ClientAddressResolverTest {

    private static final IpSet PROXIES = IpSet.parse("10.0.0.0/8, 192.168.0.1, 2001:db8:ffff::/48");

    private static Function<String, Enumeration<String>> headers(String... nameValue) {
        Map<String, List<String>> map = new HashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            map.computeIfAbsent(nameValue[i].toLowerCase(), k -> new java.util.ArrayList<>()).add(nameValue[i + 1]);
        }
        return name -> Collections.enumeration(map.getOrDefault(name.toLowerCase(), List.of()));
    }

    private static String resolve(ForwardedHeader header, String peer, String... nameValue) {
        IpAddress ip = new ClientAddressResolver(PROXIES, header).resolve(peer, headers(nameValue));
        return ip == null ? null : ip.toString();
    }

    @Test
    void untrustedPeerIsTheClientWhateverItClaims() {
        // PREPARE: a peer outside the trusted set sends forwarded headers
        // TEST
        String client = resolve(ForwardedHeader.AUTO, "203.0.113.5", "X-Forwarded-For", "192.0.2.66", "Forwarded", "for=192.0.2.66");
        // VERIFY
        assertThat(client).as("headers of an untrusted peer are ignored").isEqualTo("203.0.113.5");
    }

    @Test
    void noTrustedProxiesMeansNoHeadersAtAll() {
        IpAddress ip = new ClientAddressResolver(IpSet.empty(), ForwardedHeader.AUTO)
                .resolve("10.0.0.1", headers("X-Forwarded-For", "192.0.2.66"));
        assertThat(ip).as("client without trusted proxies").hasToString("10.0.0.1");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "192.0.2.66|192.0.2.66",
        "192.0.2.66, 10.1.1.1|192.0.2.66",
        "192.0.2.66, 10.1.1.1, 192.168.0.1|192.0.2.66",
        "198.51.100.7, 192.0.2.66, 10.1.1.1|192.0.2.66",
        "192.0.2.66:4711|192.0.2.66",
        "[2001:db8::66]:443|2001:db8::66",
        "[2001:db8::66]|2001:db8::66",
        "2001:db8::66|2001:db8::66",
        "::ffff:192.0.2.66|192.0.2.66",
        "192.0.2.66, not-an-ip, 10.1.1.1|10.1.1.1",
        "192.0.2.66, 127.1, 10.1.1.1|10.1.1.1",
        "192.0.2.66, 0x7f.0.0.1|10.0.0.9",
        "192.0.2.66, unknown|10.0.0.9",
        "192.0.2.66,, 10.1.1.1|10.1.1.1",
        "[192.0.2.66]|10.0.0.9",
        "192.0.2.66:99999|10.0.0.9",
        "10.2.2.2, 10.3.3.3|10.2.2.2",
        "fe80::1%eth0|10.0.0.9",
    })
    void xForwardedForIsWalkedFromTheRight(String xff, String expected) {
        assertThat(resolve(ForwardedHeader.AUTO, "10.0.0.9", "X-Forwarded-For", xff)).as("client for X-Forwarded-For: %s", xff).isEqualTo(expected);
    }

    @Test
    void severalHeaderLinesAreOneList() {
        String client = resolve(ForwardedHeader.AUTO, "10.0.0.9", "X-Forwarded-For", "192.0.2.66", "X-Forwarded-For", "10.1.1.1, 10.2.2.2");
        assertThat(client).as("client over two header lines").isEqualTo("192.0.2.66");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "for=192.0.2.66|192.0.2.66",
        "For=\"192.0.2.66\"|192.0.2.66",
        "for=192.0.2.66;proto=https;by=10.0.0.9|192.0.2.66",
        "for=192.0.2.66, for=10.1.1.1|192.0.2.66",
        "for=\"[2001:db8:cafe::17]:4711\"|2001:db8:cafe::17",
        "for=\"192.0.2.66:4711\"|192.0.2.66",
        "for=192.0.2.66:4711|192.0.2.66",
        "for=\"\\1\\9\\2.0.2.66\"|192.0.2.66",
        "for=192.0.2.66, for=_hidden|10.0.0.9",
        "for=192.0.2.66, for=unknown|10.0.0.9",
        "for=192.0.2.66, proto=http|10.0.0.9",
        "for=192.0.2.66, for=\"unterminated|10.0.0.9",
        "for=192.0.2.66;for=198.51.100.1|10.0.0.9",
        "for=192.0.2.66 garbage|10.0.0.9",
    })
    void forwardedIsWalkedFromTheRight(String forwarded, String expected) {
        assertThat(resolve(ForwardedHeader.AUTO, "10.0.0.9", "Forwarded", forwarded)).as("client for Forwarded: %s", forwarded).isEqualTo(expected);
    }

    @Test
    void headerChoice() {
        String[] both = {"X-Forwarded-For", "192.0.2.1", "Forwarded", "for=192.0.2.2"};
        assertThat(resolve(ForwardedHeader.AUTO, "10.0.0.9", both)).as("auto prefers X-Forwarded-For").isEqualTo("192.0.2.1");
        assertThat(resolve(ForwardedHeader.FORWARDED, "10.0.0.9", both)).as("forwarded only").isEqualTo("192.0.2.2");
        assertThat(resolve(ForwardedHeader.X_FORWARDED_FOR, "10.0.0.9", "Forwarded", "for=192.0.2.2"))
                .as("x-forwarded-for only ignores Forwarded").isEqualTo("10.0.0.9");
    }

    @Test
    void peerForms() {
        assertThat(resolve(ForwardedHeader.AUTO, "[2001:db8::1]")).as("bracketed IPv6 peer").isEqualTo("2001:db8::1");
        assertThat(resolve(ForwardedHeader.AUTO, "fe80::1%2")).as("zone id dropped").isEqualTo("fe80::1");
        assertThat(resolve(ForwardedHeader.AUTO, "unix-socket")).as("no IP peer").isNull();
        assertThat(resolve(ForwardedHeader.AUTO, "2001:db8:ffff::1", "X-Forwarded-For", "2001:db8::66"))
                .as("IPv6 trusted proxy").isEqualTo("2001:db8::66");
    }
}
