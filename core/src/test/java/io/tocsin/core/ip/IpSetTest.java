package io.tocsin.core.ip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IpSetTest {

    @Test
    void containsAddressesAndRangesOfBothFamilies() {
        IpSet set = IpSet.parse("192.0.2.66, 198.51.100.0/24 2001:db8:abcd::/48,::1, 255.255.255.255");
        assertThat(set.contains(IpAddress.parse("192.0.2.66"))).isTrue();
        assertThat(set.contains(IpAddress.parse("192.0.2.67"))).isFalse();
        assertThat(set.contains(IpAddress.parse("198.51.100.0"))).isTrue();
        assertThat(set.contains(IpAddress.parse("198.51.100.255"))).isTrue();
        assertThat(set.contains(IpAddress.parse("198.51.101.0"))).isFalse();
        assertThat(set.contains(IpAddress.parse("2001:db8:abcd:ffff::1"))).isTrue();
        assertThat(set.contains(IpAddress.parse("2001:db8:abce::"))).isFalse();
        assertThat(set.contains(IpAddress.parse("::1"))).isTrue();
        assertThat(set.contains(IpAddress.parse("::2"))).isFalse();
        assertThat(set.contains(IpAddress.parse("255.255.255.255"))).isTrue();
        assertThat(set.contains(IpAddress.parse("::ffff:192.0.2.66"))).as("IPv4-mapped").isTrue();
    }

    @Test
    void anIpv4RangeNeverHoldsIpv6AddressesAndViceVersa() {
        IpSet v4All = IpSet.parse("0.0.0.0/0");
        assertThat(v4All.contains(IpAddress.parse("2001:db8::1"))).isFalse();
        assertThat(v4All.contains(IpAddress.parse("1.2.3.4"))).isTrue();
        IpSet v6All = IpSet.parse("::/0");
        assertThat(v6All.contains(IpAddress.parse("2001:db8::1"))).isTrue();
    }

    @Test
    void mergesOverlappingAndAdjacentRanges() {
        IpSet set = IpSet.parse("10.0.0.0/25, 10.0.0.128/25, 10.0.0.5, 200.0.0.0/8, 2001:db8::/33, 2001:db8:8000::/33");
        assertThat(set.ranges()).extracting(Object::toString)
                .containsExactly("10.0.0.0/24", "200.0.0.0/8", "2001:db8::/32");
    }

    @Test
    void rejectsRangesWithHostBitsAndBadPrefixes() {
        assertThatThrownBy(() -> IpRange.parse("192.0.2.1/24")).hasMessageContaining("host bits").hasMessageContaining("192.0.2.1/24");
        assertThatThrownBy(() -> IpRange.parse("192.0.2.0/33")).hasMessageContaining("192.0.2.0/33");
        assertThatThrownBy(() -> IpRange.parse("192.0.2.0/024")).hasMessageContaining("192.0.2.0/024");
        assertThatThrownBy(() -> IpRange.parse("::/129")).hasMessageContaining("::/129");
        assertThatThrownBy(() -> IpSet.parse("1.2.3.4, nonsense")).hasMessageContaining("nonsense");
    }

    @Test
    void agreesWithALinearScanOnRandomRanges() {
        Random random = new Random(7);
        List<IpRange> ranges = new ArrayList<>();
        IpSet.Builder builder = IpSet.builder();
        for (int i = 0; i < 300; i++) {
            int prefix = 8 + random.nextInt(25);
            int base = random.nextInt() & (int) (0xFFFFFFFFL << (32 - prefix));
            IpRange r = IpRange.parse(IpAddress.ofIpv4(base) + "/" + prefix);
            ranges.add(r);
            builder.add(r);
        }
        IpSet set = builder.build();
        for (int i = 0; i < 20_000; i++) {
            IpAddress probe = IpAddress.ofIpv4(random.nextInt());
            boolean expected = ranges.stream().anyMatch(r -> r.contains(probe));
            assertThat(set.contains(probe)).as("%s", probe).isEqualTo(expected);
        }
    }
}
