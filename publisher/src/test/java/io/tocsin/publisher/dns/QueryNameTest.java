package io.tocsin.publisher.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.core.ip.IpAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

class QueryNameTest {

    private static final Name ZONE = name("bl.example.org.");

    @Test
    void reversedOctetsAreAnIpv4Address() {
        QueryName q = QueryName.parse(name("66.2.0.192.bl.example.org."), ZONE);
        assertThat(q.kind()).isEqualTo(QueryName.Kind.ADDRESS);
        assertThat(q.address()).isEqualTo(IpAddress.parse("192.0.2.66"));
    }

    @Test
    void reversedNibblesAreAnIpv6Address() {
        IpAddress ip = IpAddress.parse("2001:db8::66");
        QueryName q = QueryName.parse(name(TestNames.reversed(ip) + ".bl.example.org."), ZONE);
        assertThat(q.kind()).isEqualTo(QueryName.Kind.ADDRESS);
        assertThat(q.address()).isEqualTo(ip);
    }

    @Test
    void upperCaseNibblesAndZoneAreTheSameName() {
        IpAddress ip = IpAddress.parse("2001:db8::abcd");
        QueryName q = QueryName.parse(name(TestNames.reversed(ip).toUpperCase() + ".BL.Example.ORG."), ZONE);
        assertThat(q.address()).isEqualTo(ip);
    }

    @Test
    void theIpv6FormOfTheTestPointIsItsIpv4Address() {
        QueryName q = QueryName.parse(name(TestNames.nibbles(0, 0x0000FFFF7F000002L) + ".bl.example.org."), ZONE);
        assertThat(q.address()).isEqualTo(IpAddress.parse("127.0.0.2"));
    }

    @Test
    void theZoneItselfIsTheApex() {
        assertThat(QueryName.parse(name("BL.example.org."), ZONE).kind()).isEqualTo(QueryName.Kind.APEX);
    }

    @ParameterizedTest
    @ValueSource(strings = {"192.bl.example.org.", "0.192.bl.example.org.", "2.0.192.bl.example.org.",
        "8.b.d.0.1.0.0.2.bl.example.org.", "a.bl.example.org."})
    void prefixesOfAddressNamesExistWithoutData(String text) {
        assertThat(QueryName.parse(name(text), ZONE).kind()).isEqualTo(QueryName.Kind.INTERMEDIATE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"foo.bl.example.org.", "256.2.0.192.bl.example.org.", "01.2.0.192.bl.example.org.",
        "1.1.2.0.192.bl.example.org.", "-1.2.0.192.bl.example.org.", "1 .2.0.192.bl.example.org.",
        "\\000.2.0.192.bl.example.org.", "0x1.2.0.192.bl.example.org.", "g.bl.example.org.",
        "ab.8.b.d.0.1.0.0.2.bl.example.org.", "1234.bl.example.org.", "\\255\\255.bl.example.org."})
    void anythingElseUnderTheZoneIsMalformed(String text) {
        assertThat(QueryName.parse(name(text), ZONE).kind()).as(text).isEqualTo(QueryName.Kind.MALFORMED);
    }

    @Test
    void moreThan32LabelsAreMalformed() {
        String nibbles = TestNames.reversed(IpAddress.parse("2001:db8::1"));
        assertThat(QueryName.parse(name("0." + nibbles + ".bl.example.org."), ZONE).kind()).isEqualTo(QueryName.Kind.MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.org.", "66.2.0.192.other.example.", "66.2.0.192.xbl.example.org.", "."})
    void namesOutsideTheZone(String text) {
        assertThat(QueryName.parse(name(text), ZONE).kind()).isEqualTo(QueryName.Kind.OUT_OF_ZONE);
    }

    private static Name name(String text) {
        try {
            return Name.fromString(text);
        } catch (TextParseException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
