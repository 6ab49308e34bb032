package io.tocsin.publisher.zone;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.core.Category;
import io.tocsin.core.ip.IpRange;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class CombinerTest {

    private static Contribution accuse(String range, double weight, Category category, String text, boolean evidence) {
        return new Contribution(IpRange.parse(range), BigDecimal.valueOf(weight), true, category, text, evidence);
    }

    private static Contribution allow(String range, double weight) {
        return new Contribution(IpRange.parse(range), BigDecimal.valueOf(weight), true, null, null, false);
    }

    private static List<String> lines(List<ZoneEntry> entries) {
        return entries.stream().map(e -> e.range() + " " + e.category() + " " + e.text()).toList();
    }

    @Test
    void singleAddressesAndRangesArePublishedWithTheirText() {
        List<ZoneEntry> out = Combiner.combine(List.of(
                accuse("192.0.2.66", 1, Category.INFECTED, "infected: sober", true),
                accuse("2001:db8::/48", 1, Category.INFECTED, "infected: v6", false)), BigDecimal.ONE);
        assertThat(lines(out)).containsExactly("192.0.2.66 infected infected: sober", "2001:db8::/48 infected infected: v6");
    }

    @Test
    void weakInputsMustAgree() {
        List<ZoneEntry> out = Combiner.combine(List.of(
                accuse("198.51.100.0/24", 0.5, Category.INFECTED, "a", false),
                accuse("198.51.100.128/25", 0.5, Category.INFECTED, "b", false)), BigDecimal.ONE);
        assertThat(out).singleElement().satisfies(e -> assertThat(e.range()).hasToString("198.51.100.128/25"));
    }

    @Test
    void anAllowlistCutsItsRangeOut() {
        List<ZoneEntry> out = Combiner.combine(List.of(
                accuse("10.0.0.0/24", 1, Category.INFECTED, "x", false),
                allow("10.0.0.64/26", -100)), BigDecimal.ONE);
        assertThat(out).extracting(e -> e.range().toString()).containsExactly("10.0.0.0/26", "10.0.0.128/25");
    }

    @Test
    void evidenceTextWinsAndTheMostSevereCategory() {
        List<ZoneEntry> out = Combiner.combine(List.of(
                accuse("192.0.2.0/24", 1, Category.SPAM, "spam: feed", false),
                accuse("192.0.2.66", 1, Category.INFECTED, "infected: Worm (2 reports, last seen 2026-12-01)", true)),
                BigDecimal.ONE);
        assertThat(lines(out)).containsExactly(
                "192.0.2.0-192.0.2.65 spam spam: feed",
                "192.0.2.66 infected infected: Worm (2 reports, last seen 2026-12-01)",
                "192.0.2.67-192.0.2.255 spam spam: feed");
    }

    @Test
    void neighboursThatPublishTheSameAreMergedAndDuplicatesCollapse() {
        List<ZoneEntry> out = Combiner.combine(List.of(
                accuse("192.0.2.0/25", 1, Category.INFECTED, "t", false),
                accuse("192.0.2.128/25", 1, Category.INFECTED, "t", false),
                accuse("192.0.2.5", 1, Category.INFECTED, "t", false)), BigDecimal.ONE);
        assertThat(lines(out)).containsExactly("192.0.2.0/24 infected t");
    }

    @Test
    void inputsThatDoNotCountPublishNothing() {
        Contribution policy = new Contribution(IpRange.parse("192.0.2.1"), BigDecimal.ONE, false, null, null, false);
        assertThat(Combiner.combine(List.of(policy), BigDecimal.ONE)).isEmpty();
        assertThat(Combiner.combine(List.of(accuse("192.0.2.1", 0.99, Category.INFECTED, "t", false)), BigDecimal.ONE)).isEmpty();
    }

    @Test
    void theEndsOfTheAddressSpace() {
        List<ZoneEntry> out = Combiner.combine(List.of(
                accuse("255.255.255.255", 1, Category.INFECTED, "t", false),
                accuse("::", 1, Category.INFECTED, "t", false),
                accuse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 1, Category.INFECTED, "t", false),
                accuse("0.0.0.0", 1, Category.INFECTED, "t", false)), BigDecimal.ONE);
        assertThat(out).extracting(e -> e.range().toString())
                .containsExactly("0.0.0.0", "255.255.255.255", "::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
    }
}
