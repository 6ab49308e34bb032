package io.tocsin.publisher.zone;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.core.ip.IpAddress;
import io.tocsin.core.ip.IpRange;
import org.junit.jupiter.api.Test;

class CidrsTest {

    @Test
    void aRangeBecomesTheFewestBlocks() {
        IpRange range = IpRange.of(IpAddress.parse("10.0.0.1"), IpAddress.parse("10.0.0.130"));
        assertThat(Cidrs.of(range)).extracting(Object::toString)
                .containsExactly("10.0.0.1", "10.0.0.2/31", "10.0.0.4/30", "10.0.0.8/29", "10.0.0.16/28", "10.0.0.32/27",
                        "10.0.0.64/26", "10.0.0.128/31", "10.0.0.130");
    }

    @Test
    void blocksStayBlocks() {
        assertThat(Cidrs.of(IpRange.parse("0.0.0.0/0"))).extracting(Object::toString).containsExactly("0.0.0.0/0");
        assertThat(Cidrs.of(IpRange.parse("2001:db8::/32"))).extracting(Object::toString).containsExactly("2001:db8::/32");
        assertThat(Cidrs.of(IpRange.parse("::/0"))).extracting(Object::toString).containsExactly("::/0");
    }

    @Test
    void ipv6RangesSplitToo() {
        IpRange range = IpRange.of(IpAddress.parse("2001:db8::1"), IpAddress.parse("2001:db8::3"));
        assertThat(Cidrs.of(range)).extracting(Object::toString).containsExactly("2001:db8::1", "2001:db8::2/127");
    }
}
