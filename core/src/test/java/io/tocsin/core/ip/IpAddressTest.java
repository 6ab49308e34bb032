package io.tocsin.core.ip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "192.0.2.66, 192.0.2.66",
            "0.0.0.0, 0.0.0.0",
            "255.255.255.255, 255.255.255.255",
            "::1, ::1",
            "::, ::",
            "2001:db8::66, 2001:db8::66",
            "2001:DB8:0:0:0:0:0:66, 2001:db8::66",
            "2001:0db8:0000:0000:0000:0000:0000:0066, 2001:db8::66",
            "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
            "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
            "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
            "1::, 1::",
            "fe80::1:2, fe80::1:2",
            "::ffff:192.0.2.1, 192.0.2.1",
            "::FFFF:c000:0201, 192.0.2.1",
            "0:0:0:0:0:ffff:7f00:2, 127.0.0.2",
            "::1.2.3.4, ::102:304",
            "64:ff9b::192.0.2.33, 64:ff9b::c000:221",
            "1:2:3:4:5:6:7:8, 1:2:3:4:5:6:7:8",
            "1:2:3:4:5:6::8, 1:2:3:4:5:6:0:8",
    })
    void parsesAndFormatsCanonically(String input, String canonical) {
        assertThat(IpAddress.parse(input)).hasToString(canonical);
    }

    @ParameterizedTest(name = "rejects \"{0}\"")
    @ValueSource(strings = {
            "", " ", "127.1", "0x7f.0.0.1", "010.0.0.1", "1.2.3.04", "1.2.3.4.5", "256.1.1.1", "1.2.3", "1.2.3.",
            ".1.2.3", "1..2.3", " 1.2.3.4", "1.2.3.4 ", "1.2.3.4\n", "+1.2.3.4", "1.2.3.-4", "１.2.3.4", "1.2.3.4/32",
            "fe80::1%eth0", "fe80::1%1", "[::1]", "::1:", ":1::", "1:::2", "1::2::3", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7",
            "12345::1", "g::1", "::ffff:1.2.3", "::ffff:1.2.3.256", "1:2:3:4:5:6:7:1.2.3.4", "::1.2.3.4:5", "localhost",
            "example.com", "1.2.3.4:80", "2001:db8::1:８",
    })
    void rejectsEverythingButStrictLiterals(String input) {
        assertThat(IpAddress.tryParse(input)).as("tryParse(\"%s\")", input).isNull();
        assertThatThrownBy(() -> IpAddress.parse(input))
                .isInstanceOf(InvalidIpAddressException.class)
                .hasMessageContaining("not an IP address");
    }

    @Test
    void errorNamesTheInputAndEscapesControlCharacters() {
        assertThatThrownBy(() -> IpAddress.parse("1.2.3.4\r\nX-Evil: 1"))
                .hasMessage("not an IP address: \"1.2.3.4\\u000d\\u000aX-Evil: 1\"");
    }

    @Test
    void ipv4MappedAddressIsItsIpv4Address() {
        IpAddress mapped = IpAddress.parse("::ffff:198.51.100.7");
        IpAddress plain = IpAddress.parse("198.51.100.7");
        assertThat(mapped).isEqualTo(plain).hasSameHashCodeAs(plain);
        assertThat(mapped.isIpv4()).isTrue();
        assertThat(mapped.toBytes()).hasSize(4);
    }

    @Test
    void parsingASubRange() {
        String header = "for=192.0.2.60;proto=http";
        assertThat(IpAddress.tryParse(header, 4, 14)).hasToString("192.0.2.60");
        assertThat(IpAddress.tryParse(header, 4, 15)).isNull();
    }

    @Test
    void agreesWithTheJdkOnRandomAddresses() throws Exception {
        Random random = new Random(42);
        for (int i = 0; i < 2000; i++) {
            byte[] bytes = new byte[i % 2 == 0 ? 4 : 16];
            random.nextBytes(bytes);
            InetAddress jdk = InetAddress.getByAddress(bytes);
            IpAddress ours = IpAddress.ofBytes(bytes);
            String text = jdk.getHostAddress();
            assertThat(IpAddress.parse(text)).as("parse of %s", text).isEqualTo(ours);
            assertThat(InetAddress.getByName(ours.toString()).getAddress()).as("format of %s", text).isEqualTo(jdk.getAddress());
        }
    }

    @Test
    void ordersIpv4BeforeIpv6() {
        assertThat(IpAddress.parse("255.255.255.255")).isLessThan(IpAddress.parse("2001:db8::1"));
        assertThat(IpAddress.parse("10.0.0.1")).isLessThan(IpAddress.parse("10.0.0.2"));
        assertThat(IpAddress.parse("128.0.0.1")).isGreaterThan(IpAddress.parse("127.0.0.1"));
    }
}
