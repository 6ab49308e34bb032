package io.tocsin.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tocsin.core.ip.IpAddress;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The arithmetic of combining listings by weight (pure logic: no sources involved). */
class VerdictScoreTest {

    private static final IpAddress IP = IpAddress.parse("192.0.2.66");
    private static final Set<Category> INFECTED = EnumSet.of(Category.INFECTED);

    private static Listing listing(String source, Category category, double weight) {
        return new Listing(source, category, List.of(), null).withWeight(weight);
    }

    private static Verdict verdict(double threshold, Listing... listings) {
        return Verdict.of(IP, List.of(listings), List.of(), INFECTED, threshold);
    }

    @Test
    void oneStrongListIsEnoughAndTwoWeakOnesMustAgree() {
        Listing xbl = listing("xbl", Category.INFECTED, 1);
        Listing weakA = listing("a", Category.INFECTED, 0.5);
        Listing weakB = listing("b", Category.INFECTED, 0.5);
        assertThat(verdict(1, xbl).shouldNotify()).as("a weight of 1 reaches the threshold alone").isTrue();
        assertThat(verdict(1, weakA).shouldNotify()).as("0.5 alone stays below 1").isFalse();
        assertThat(verdict(1, weakA).decision()).isEqualTo(Verdict.Decision.BELOW_THRESHOLD);
        assertThat(verdict(1, weakA, weakB).shouldNotify()).as("two halves agree").isTrue();
        assertThat(verdict(1, weakA, weakB).score()).isEqualTo(1.0);
    }

    @Test
    void thresholdBetweenWeights() {
        Listing two = listing("strong", Category.INFECTED, 2);
        Listing one = listing("medium", Category.INFECTED, 1);
        assertThat(verdict(2.5, two).shouldNotify()).as("2 < 2.5").isFalse();
        assertThat(verdict(2.5, one).shouldNotify()).as("1 < 2.5").isFalse();
        assertThat(verdict(2.5, two, one).shouldNotify()).as("3 >= 2.5").isTrue();
        assertThat(verdict(2.5, two, one).score()).isEqualTo(3.0);
        assertThat(verdict(2.5, two, one).threshold()).isEqualTo(2.5);
        assertThat(verdict(2, two).shouldNotify()).as("reaching the threshold exactly is enough").isTrue();
    }

    @Test
    void anAllowlistVetoesWhateverItsCategory() {
        Listing xbl = listing("xbl", Category.INFECTED, 1);
        Listing campus = listing("campus", Category.OTHER, -100);
        Verdict v = verdict(1, xbl, campus);
        assertThat(v.shouldNotify()).as("-100 outweighs 1").isFalse();
        assertThat(v.score()).isEqualTo(-99.0);
        assertThat(v.decision()).as("the listings alone would have notified").isEqualTo(Verdict.Decision.VETOED);
        assertThat(v.counted(1)).as("an allowlist counts although 'other' is no notify category").isTrue();
        Verdict onlyAllowed = verdict(1, campus);
        assertThat(onlyAllowed.decision()).isEqualTo(Verdict.Decision.CLEAN);
        assertThat(onlyAllowed.listed()).as("the allowlist's listing is shown").isTrue();
    }

    @Test
    void aSmallNegativeWeightOnlyTipsTheBalance() {
        Listing a = listing("a", Category.INFECTED, 1);
        Listing b = listing("b", Category.INFECTED, 1);
        Listing doubt = listing("doubt", Category.OTHER, -0.5);
        assertThat(verdict(1, a, doubt).shouldNotify()).as("1 - 0.5 < 1").isFalse();
        assertThat(verdict(1, a, b, doubt).shouldNotify()).as("2 - 0.5 >= 1").isTrue();
    }

    @Test
    void listingsOutsideTheNotifyCategoriesAndZeroWeightsDoNotCount() {
        Listing pbl = listing("pbl", Category.POLICY, 5);
        Listing shown = listing("info", Category.INFECTED, 0);
        Verdict v = verdict(1, pbl, shown);
        assertThat(v.shouldNotify()).isFalse();
        assertThat(v.score()).isZero();
        assertThat(v.counted(0)).as("policy is not a notify category").isFalse();
        assertThat(v.counted(1)).as("a weight of 0 shows a list without counting it").isFalse();
        assertThat(v.decision()).isEqualTo(Verdict.Decision.CLEAN);
    }

    @Test
    void noSourceAnswering() {
        List<SourceError> errors = List.of(new SourceError("a", SourceResult.Failure.TIMEOUT, "no answer"),
                new SourceError("b", SourceResult.Failure.ERROR, "refused"));
        Verdict v = Verdict.of(IP, List.of(), errors, INFECTED, 0.5);
        assertThat(v.shouldNotify()).as("failures never count").isFalse();
        assertThat(v.score()).isZero();
        assertThat(v.threshold()).isEqualTo(0.5);
        assertThat(v.decision()).isEqualTo(Verdict.Decision.CLEAN);
        assertThat(Verdict.unknown(IP).decision()).isEqualTo(Verdict.Decision.UNKNOWN);
        assertThat(Verdict.unknown(IP).decided()).isFalse();
    }

    @Test
    void decimalsAddUpAsWritten() {
        // in binary floating point 0.7 + 0.1 is 0.7999999999999999, below 0.8
        Verdict v = verdict(0.8, listing("a", Category.INFECTED, 0.7), listing("b", Category.INFECTED, 0.1));
        assertThat(v.shouldNotify()).isTrue();
        assertThat(v.score()).isEqualTo(0.8);
        Verdict thirds = verdict(1, listing("a", Category.INFECTED, 0.333), listing("b", Category.INFECTED, 0.333),
                listing("c", Category.INFECTED, 0.333));
        assertThat(thirds.shouldNotify()).as("0.999 is not 1").isFalse();
    }

    @Test
    void nanInfiniteAndNonPositiveThresholdsAreRejected() {
        assertThatThrownBy(() -> verdict(0)).hasMessageContaining("greater than zero: 0.0");
        assertThatThrownBy(() -> verdict(-1)).hasMessageContaining("greater than zero");
        assertThatThrownBy(() -> verdict(Double.NaN)).hasMessageContaining("greater than zero: NaN");
        assertThatThrownBy(() -> verdict(Double.POSITIVE_INFINITY)).hasMessageContaining("Infinity");
        assertThatThrownBy(() -> listing("a", Category.INFECTED, Double.NaN)).hasMessageContaining("finite number: NaN");
        assertThatThrownBy(() -> listing("a", Category.INFECTED, Double.NEGATIVE_INFINITY)).hasMessageContaining("finite");
        Checker.Builder builder = Checker.builder();
        assertThatThrownBy(() -> builder.weight("a", Double.NaN)).hasMessageContaining("\"a\" must be a finite number: NaN");
        assertThatThrownBy(() -> builder.weight("a", Double.POSITIVE_INFINITY)).hasMessageContaining("Infinity");
        assertThatThrownBy(() -> builder.notifyThreshold(0)).hasMessageContaining("greater than zero");
    }

    @Test
    void anEarlyVerdictNamesWhatItDidNotWaitFor() {
        Verdict v = Verdict.decidedEarly(IP, List.of(listing("xbl", Category.INFECTED, 2)), List.of(), INFECTED, 1,
                List.of("slow"));
        assertThat(v.shouldNotify()).isTrue();
        assertThat(v.complete()).isFalse();
        assertThat(v.decided()).isTrue();
        assertThat(v.pending()).containsExactly("slow");
        assertThatThrownBy(() -> Verdict.decidedEarly(IP, List.of(), List.of(), INFECTED, 1, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The defaults keep the old rule exactly: with every weight 1 and the threshold 1, a verdict
     * notifies iff some listing has a notify category, over random listings and notify sets.
     */
    @Test
    void defaultWeightsDecideAsTheOldRuleOnRandomListings() {
        Random random = new Random(14);
        Category[] all = Category.values();
        for (int round = 0; round < 20_000; round++) {
            EnumSet<Category> notify = EnumSet.noneOf(Category.class);
            for (Category c : all) {
                if (random.nextInt(4) == 0) {
                    notify.add(c);
                }
            }
            List<Listing> listings = new ArrayList<>();
            int n = random.nextInt(5);
            for (int i = 0; i < n; i++) {
                EnumSet<Category> categories = EnumSet.of(all[random.nextInt(all.length)]);
                if (random.nextBoolean()) {
                    categories.add(all[random.nextInt(all.length)]);
                }
                listings.add(new Listing("s" + i, categories, List.of(), null));
            }
            boolean oldRule = listings.stream().anyMatch(l -> l.categories().stream().anyMatch(notify::contains));
            Verdict v = Verdict.of(IP, listings, List.of(), notify);
            assertThat(v.shouldNotify()).as("round %d: %s with notify %s", round, listings, notify).isEqualTo(oldRule);
            assertThat(Verdict.of(IP, listings, List.of(), notify, 1.0)).as("explicit default threshold").isEqualTo(v);
        }
    }
}
