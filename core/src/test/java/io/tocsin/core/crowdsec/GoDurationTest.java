package io.tocsin.core.crowdsec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tocsin.core.Category;
import io.tocsin.core.ip.IpAddress;
import io.tocsin.core.ip.IpRange;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GoDurationTest {

    @Test
    void parsesWhatTheLocalApiSends() {
        assertThat(GoDuration.parse("59m55.7s")).isEqualTo(Duration.ofMinutes(59).plusSeconds(55).plusMillis(700));
        assertThat(GoDuration.parse("1h59m56.69s")).isEqualTo(Duration.ofHours(1).plusMinutes(59).plusSeconds(56).plusMillis(690));
        assertThat(GoDuration.parse("59m58.974033206s")).isEqualTo(Duration.ofMinutes(59).plusSeconds(58).plusNanos(974_033_206));
        assertThat(GoDuration.parse("-18.569809ms")).isEqualTo(Duration.ofNanos(-18_569_809));
        assertThat(GoDuration.parse("-4.055729403s")).isNegative();
        assertThat(GoDuration.parse("0s")).isZero();
        assertThat(GoDuration.parse("0")).isZero();
        assertThat(GoDuration.parse("1.5µs")).isEqualTo(Duration.ofNanos(1500));
        assertThat(GoDuration.parse("2us3ns")).isEqualTo(Duration.ofNanos(2003));
        assertThat(GoDuration.parse("168h")).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void rejectsOtherText() {
        for (String bad : new String[] {"", "1d", "h", "1h-5m", "1..2s", "abc", "10"}) {
            assertThatThrownBy(() -> GoDuration.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void rangeValuesWithHostBitsCoverTheirBlock() {
        assertThat(Decision.cidr("192.0.2.77/24")).isEqualTo(IpRange.parse("192.0.2.0/24"));
        assertThat(Decision.cidr("2001:db8::1/32")).isEqualTo(IpRange.parse("2001:db8::/32"));
        assertThat(Decision.cidr("0.0.0.0/0")).isEqualTo(IpRange.parse("0.0.0.0/0"));
        assertThat(Decision.cidr("192.0.2.1")).isEqualTo(IpRange.of(IpAddress.parse("192.0.2.1")));
        assertThat(Decision.cidr("192.0.2.0/33")).isNull();
        assertThat(Decision.cidr("example.com/24")).isNull();
    }

    @Test
    void scenarioPatternsFirstMatchWins() {
        ScenarioCategories c = ScenarioCategories.parse("crowdsecurity/ssh-*=attacker, *botnet*=infected, exact=spam", Category.OTHER);
        assertThat(c.of("crowdsecurity/ssh-bf")).isEqualTo(Category.ATTACKER);
        assertThat(c.of("firehol/botnet-cc")).isEqualTo(Category.INFECTED);
        assertThat(c.of("exact")).isEqualTo(Category.SPAM);
        assertThat(c.of("exactly")).isEqualTo(Category.OTHER);
        assertThat(c.of("a.b")).as("dots are literal").isEqualTo(Category.OTHER);
        assertThatThrownBy(() -> ScenarioCategories.parse("noequals", Category.OTHER)).hasMessageContaining("noequals");
        assertThatThrownBy(() -> ScenarioCategories.parse("x=nope", Category.OTHER)).hasMessageContaining("nope");
    }
}
