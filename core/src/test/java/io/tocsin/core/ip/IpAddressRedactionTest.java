package io.tocsin.core.ip;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link IpAddress#redacted()}: what logs may say about a visitor. */
class IpAddressRedactionTest {

    @ParameterizedTest
    @CsvSource({
        "192.0.2.66, 192.0.2.0/24",
        "::ffff:192.0.2.66, 192.0.2.0/24",
        "10.255.255.255, 10.255.255.0/24",
        "2001:db8:1:2:3:4:5:6, 2001:db8:1::/48",
        "2001:db8::66, 2001:db8::/48",
        "::1, ::/48",
        "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, ffff:ffff:ffff::/48",
    })
    void cutsOffTheHostPart(String address, String redacted) {
        IpAddress ip = IpAddress.parse(address);
        assertThat(ip.redacted()).isEqualTo(redacted);
        assertThat(ip.redacted()).doesNotContain(ip.toString());
    }
}
