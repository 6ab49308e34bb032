package io.tocsin.core.dnsbl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tocsin.core.Category;
import io.tocsin.core.Listing;
import io.tocsin.core.ip.IpAddress;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReturnCodesTest {

    private static int code(String text) {
        return IpAddress.parse(text).ipv4Bits();
    }

    @Test
    void spamhausZenPresetSeparatesInfectedFromSpamAndPolicy() {
        ReturnCodes zen = DnsblPreset.SPAMHAUS_ZEN.codes();
        assertThat(zen.categorize(code("127.0.0.2"))).isEqualTo(Category.SPAM);
        assertThat(zen.categorize(code("127.0.0.3"))).isEqualTo(Category.SPAM);
        assertThat(zen.categorize(code("127.0.0.9"))).isEqualTo(Category.SPAM);
        assertThat(zen.categorize(code("127.0.0.4"))).isEqualTo(Category.INFECTED);
        assertThat(zen.categorize(code("127.0.0.7"))).isEqualTo(Category.INFECTED);
        assertThat(zen.categorize(code("127.0.0.10"))).isEqualTo(Category.POLICY);
        assertThat(zen.categorize(code("127.0.0.11"))).isEqualTo(Category.POLICY);
        assertThat(zen.categorize(code("127.0.0.8"))).as("an unknown code is never infected").isEqualTo(Category.OTHER);
        assertThat(zen.categorize(new int[] {code("127.0.0.4"), code("127.0.0.10")}))
                .containsExactly(Category.INFECTED, Category.POLICY);
    }

    @Test
    void codesWithoutAMappingGetTheFallback() {
        ReturnCodes codes = ReturnCodes.parse("127.0.0.10-127.0.0.11=policy", Category.INFECTED);
        assertThat(codes.categorize(code("127.0.0.2"))).isEqualTo(Category.INFECTED);
        assertThat(codes.categorize(code("127.0.0.10"))).isEqualTo(Category.POLICY);
        assertThat(codes.withFallback(Category.SPAM).categorize(code("127.0.0.2"))).isEqualTo(Category.SPAM);
    }

    @Test
    void aGenericListWithoutCodesCountsOnly127002AndIgnoresTheRest() {
        ReturnCodes codes = ReturnCodes.listedCodeOnly(Category.SPAM);
        assertThat(codes.ignoresUnmapped()).isTrue();
        assertThat(codes.categorize(code("127.0.0.2"))).as("the listing code").isEqualTo(Category.SPAM);
        assertThat(codes.weight(code("127.0.0.2"))).as("the listing code has the source's weight").isNaN();
        assertThat(codes.categorize(code("127.0.0.10"))).as("an unmapped code's meaning is unknown").isEqualTo(Category.OTHER);
        assertThat(codes.weight(code("127.0.0.10"))).as("an unmapped code never counts").isZero();
        assertThat(codes.anyMapped(new int[] {code("127.0.0.10"), code("127.0.0.11")})).isFalse();
        assertThat(codes.anyMapped(new int[] {code("127.0.0.10"), code("127.0.0.2")})).isTrue();
        assertThat(codes.categorize(new int[] {code("127.0.0.10"), code("127.0.0.2")}))
                .as("beside a mapped code, an ignored one adds no category").containsExactly(Category.SPAM);

        Listing ignored = new Listing("bl", Category.OTHER, List.of("127.0.0.10"), null);
        assertThat(codes.weight(ignored, Category.OTHER)).as("a listing of ignored codes only").isZero();
        Listing mixed = new Listing("bl", Category.SPAM, List.of("127.0.0.2", "127.0.0.10"), null);
        assertThat(codes.weight(mixed, Category.SPAM)).as("an ignored code beside 127.0.0.2 changes nothing").isNaN();
        assertThat(codes.weights()).as("the checker reads code weights").containsExactly(0.0);
        assertThat(codes.withFallback(Category.INFECTED).categorize(code("127.0.0.2"))).isEqualTo(Category.INFECTED);
        assertThat(codes).hasToString("127.0.0.2=spam,other=ignored");
    }

    @Test
    void rejectsMalformedMappingsNamingThePart() {
        assertThatThrownBy(() -> ReturnCodes.parse("127.0.0.4=infectd", Category.OTHER)).hasMessageContaining("infectd");
        assertThatThrownBy(() -> ReturnCodes.parse("10.0.0.4=infected", Category.OTHER)).hasMessageContaining("10.0.0.4");
        assertThatThrownBy(() -> ReturnCodes.parse("127.0.0.7-127.0.0.4=infected", Category.OTHER)).hasMessageContaining("empty range");
        assertThatThrownBy(() -> ReturnCodes.parse("127.0.0.4", Category.OTHER)).hasMessageContaining("without a category");
    }

    @Test
    void errorCodesAreNeverListings() {
        assertThat(ErrorCodes.problem(code("127.0.0.4"))).isNull();
        assertThat(ErrorCodes.problem(code("127.255.255.254"))).contains("public resolver");
        assertThat(ErrorCodes.problem(code("127.255.255.1"))).contains("127.255.255.1");
        assertThat(ErrorCodes.problem(code("10.0.0.1"))).contains("outside 127.0.0.0/8");
    }

    @Test
    void queryNamesFollowRfc5782() {
        assertThat(QueryNames.reversed(IpAddress.parse("192.0.2.66"))).isEqualTo("66.2.0.192");
        assertThat(QueryNames.reversed(IpAddress.parse("::ffff:192.0.2.66"))).isEqualTo("66.2.0.192");
        assertThat(QueryNames.reversed(IpAddress.parse("2001:db8:1:2:3:4:567:89ab")))
                .isEqualTo("b.a.9.8.7.6.5.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0.8.b.d.0.1.0.0.2");
        IpAddress testPoint = IpAddress.parse("127.0.0.2");
        assertThat(QueryNames.nibbles(testPoint.highBits(), testPoint.lowBits()))
                .isEqualTo("2.0.0.0.0.0.f.7.f.f.f.f.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0");
    }

    @Test
    void codesMayCarryAWeight() {
        ReturnCodes zen = ReturnCodes.parse(
                "127.0.0.2,127.0.0.3,127.0.0.9=spam:0.5, 127.0.0.4-127.0.0.7=infected:2,127.0.0.10-127.0.0.11=policy:0",
                Category.OTHER);
        assertThat(zen.categorize(code("127.0.0.5"))).isEqualTo(Category.INFECTED);
        assertThat(zen.weight(code("127.0.0.5"))).isEqualTo(2.0);
        assertThat(zen.weight(code("127.0.0.9"))).isEqualTo(0.5);
        assertThat(zen.weight(code("127.0.0.10"))).isZero();
        assertThat(zen.weight(code("127.0.0.8"))).as("an unmapped code has the source's weight").isNaN();
        assertThat(zen.weights()).containsExactlyInAnyOrder(0.5, 0.5, 0.5, 2.0, 0.0);
        Listing both = new Listing("zen", Set.of(Category.INFECTED, Category.POLICY), List.of("127.0.0.4", "127.0.0.10"), null);
        assertThat(zen.weight(both, Category.INFECTED)).isEqualTo(2.0);
        assertThat(zen.weight(both, Category.POLICY)).isZero();
        assertThat(zen.weight(both, Category.SPAM)).as("no code of that category").isNaN();
        assertThat(zen.toString()).startsWith("127.0.0.2=spam:0.5,").contains("127.0.0.4-127.0.0.7=infected:2,");
    }

    @Test
    void codesWithoutWeightsLeaveTheSourcesWeight() {
        ReturnCodes codes = ReturnCodes.parse("127.0.0.4=infected,127.0.0.10=allow:-5".replace("allow", "other"), Category.INFECTED);
        assertThat(codes.weight(code("127.0.0.4"))).isNaN();
        assertThat(codes.weight(code("127.0.0.10"))).isEqualTo(-5.0);
        assertThat(codes.weights()).containsExactly(-5.0);
        assertThat(DnsblPreset.SPAMHAUS_ZEN.codes().weights()).as("presets give no weights").isEmpty();
    }

    @Test
    void rejectsWeightsThatAreNoNumbers() {
        for (String bad : new String[] {"NaN", "Infinity", "two", "", "0x1p3", "1d"}) {
            assertThatThrownBy(() -> ReturnCodes.parse("127.0.0.4=infected:" + bad, Category.OTHER))
                    .as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("\"127.0.0.4=infected:" + bad + "\" has a weight");
        }
    }
}
