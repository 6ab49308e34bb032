package io.tocsin.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tocsin.core.CheckerTest.ScriptedSource;
import io.tocsin.core.ip.IpAddress;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** How the checker weighs sources, and when it answers before every source has (scripted sources: pure logic). */
class CheckerWeightsTest {

    private static final IpAddress IP = IpAddress.parse("192.0.2.66");
    private static final Duration BUDGET = Duration.ofSeconds(10);

    private static ScriptedSource listing(String name, Category category) {
        ScriptedSource s = new ScriptedSource(name);
        s.answer = SourceResult.listed(new Listing(name, category, List.of("127.0.0.4"), null));
        return s;
    }

    private static Verdict complete(Checker checker) {
        return checker.check(IP).orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** Records decisions as the Micrometer binding sees them. */
    static final class Decisions implements Listener {
        final List<Verdict> early = new CopyOnWriteArrayList<>();
        final List<Verdict> computed = new CopyOnWriteArrayList<>();

        @Override
        public void verdictAnsweredEarly(Verdict verdict, long nanos) {
            early.add(verdict);
        }

        @Override
        public void verdictComputed(Verdict verdict, long nanos) {
            computed.add(verdict);
        }
    }

    @Test
    void weightsGoOnTheListingsAndTheScoreDecides() {
        try (Checker checker = Checker.builder()
                .source(listing("weakA", Category.INFECTED)).weight("weakA", 0.5)
                .source(listing("weakB", Category.INFECTED)).weight("weakB", 0.5)
                .source(listing("campus", Category.OTHER)).weight("campus", -100)
                .notifyThreshold(1).build()) {
            Verdict v = complete(checker);
            assertThat(v.listings()).extracting(Listing::weight).containsExactly(0.5, 0.5, -100.0);
            assertThat(v.score()).isEqualTo(-99.0);
            assertThat(v.shouldNotify()).isFalse();
            assertThat(v.decision()).isEqualTo(Verdict.Decision.VETOED);
            assertThat(checker.weights()).containsEntry("campus", -100.0).containsEntry("weakA", 0.5);
        }
    }

    @Test
    void aSourcesOwnCodeWeightsReplaceItsWeight() {
        ScriptedSource zen = new ScriptedSource("zen");
        zen.categoryWeights = new CategoryWeights() {
            @Override
            public double weight(Listing listing, Category category) {
                return category == Category.INFECTED ? 2 : category == Category.POLICY ? 0 : Double.NaN;
            }

            @Override
            public double[] weights() {
                return new double[] {2, 0};
            }
        };
        zen.answer = SourceResult.listed(new Listing("zen", java.util.Set.of(Category.INFECTED, Category.POLICY),
                List.of("127.0.0.4", "127.0.0.10"), null));
        try (Checker checker = Checker.builder().source(zen).weight("zen", 0.5).notifyThreshold(2).build()) {
            Verdict v = complete(checker);
            assertThat(v.listings().get(0).weight()).as("the infected code's weight, not the source's 0.5").isEqualTo(2.0);
            assertThat(v.shouldNotify()).isTrue();
        }
    }

    @Test
    void aBudgetedCheckAnswersOnceTheSlowSourceCannotChangeTheOutcome() {
        ScriptedSource xbl = listing("xbl", Category.INFECTED);
        ScriptedSource slow = listing("slow", Category.INFECTED);
        slow.hold = true;
        Decisions decisions = new Decisions();
        try (Checker checker = Checker.builder().source(xbl).source(slow).listener(decisions).build()) {
            Verdict early = checker.check(IP, BUDGET);
            assertThat(early.shouldNotify()).as("xbl alone reaches the threshold; slow could only add").isTrue();
            assertThat(early.complete()).isFalse();
            assertThat(early.pending()).containsExactly("slow");
            assertThat(checker.cached(IP)).as("an early verdict is never cached").isNull();
            assertThat(checker.check(IP, BUDGET)).as("a second request joins the running lookup").isEqualTo(early);
            slow.release();
            Verdict full = complete(checker);
            assertThat(full.complete()).isTrue();
            assertThat(full.shouldNotify()).isEqualTo(early.shouldNotify());
            assertThat(full.listings()).extracting(Listing::source).containsExactly("xbl", "slow");
            assertThat(checker.cached(IP)).as("the complete verdict is cached").isEqualTo(full);
            assertThat(decisions.early).as("one early answer").containsExactly(early);
            assertThat(decisions.computed).as("then the complete verdict").containsExactly(full);
        }
    }

    @Test
    void aCleanAnswerIsEarlyWhenThePendingWeightCannotReachTheThreshold() {
        ScriptedSource xbl = new ScriptedSource("xbl");
        ScriptedSource weak = listing("weak", Category.INFECTED);
        weak.hold = true;
        try (Checker checker = Checker.builder().source(xbl).weight("xbl", 2).source(weak).weight("weak", 0.5)
                .notifyThreshold(1).build()) {
            Verdict early = checker.check(IP, BUDGET);
            assertThat(early.shouldNotify()).as("0.5 pending cannot reach 1").isFalse();
            assertThat(early.pending()).containsExactly("weak");
            weak.release();
            assertThat(complete(checker).shouldNotify()).as("and indeed it did not").isFalse();
        }
    }

    @Test
    void aPendingAllowlistKeepsTheCheckWaiting() {
        ScriptedSource xbl = listing("xbl", Category.INFECTED);
        ScriptedSource campus = listing("campus", Category.OTHER);
        campus.hold = true;
        try (Checker checker = Checker.builder().source(xbl).source(campus).weight("campus", -100).build()) {
            Verdict v = checker.check(IP, Duration.ofMillis(100));
            assertThat(v.decided()).as("the allowlist could still veto, so the budget runs out").isFalse();
            campus.release();
            Verdict full = complete(checker);
            assertThat(full.decision()).isEqualTo(Verdict.Decision.VETOED);
        }
    }

    @Test
    void withoutEarlyAnswerTheCheckWaitsForEverySource() {
        ScriptedSource xbl = listing("xbl", Category.INFECTED);
        ScriptedSource slow = listing("slow", Category.INFECTED);
        slow.hold = true;
        try (Checker checker = Checker.builder().source(xbl).source(slow).earlyAnswer(false).build()) {
            assertThat(checker.check(IP, Duration.ofMillis(100)).decided()).isFalse();
            slow.release();
            assertThat(complete(checker).shouldNotify()).isTrue();
        }
    }

    @Test
    void weightsMustNameSourcesAndTheThresholdMustBeReachable() {
        assertThatThrownBy(() -> Checker.builder().source(new ScriptedSource("a")).weight("b", 2).build())
                .hasMessageContaining("\"b\", which is no source");
        assertThatThrownBy(() -> Checker.builder().source(new ScriptedSource("a")).weight("a", 0.5)
                .source(new ScriptedSource("campus")).weight("campus", -10).build())
                .hasMessageContaining("threshold 1 cannot be reached: the positive weights of all sources add up to 0.5");
        assertThatThrownBy(() -> Checker.builder().weight("a", 1).weight("a", 2)).hasMessageContaining("already set to 1.0");
    }

    /**
     * Explicit default weights, the default threshold and no early answer give the same verdicts as a
     * checker configured as before weights existed, over random scripted answers.
     */
    @Test
    void explicitDefaultsGiveTheSameVerdicts() {
        Random random = new Random(14);
        Category[] categories = Category.values();
        for (int round = 0; round < 300; round++) {
            int n = 1 + random.nextInt(4);
            ScriptedSource[] plain = new ScriptedSource[n];
            ScriptedSource[] weighed = new ScriptedSource[n];
            for (int i = 0; i < n; i++) {
                int kind = random.nextInt(3);
                SourceResult answer = kind == 0 ? SourceResult.NOT_LISTED
                        : kind == 1 ? SourceResult.failed(SourceResult.Failure.ERROR, "broken")
                        : SourceResult.listed(new Listing("s" + i, categories[random.nextInt(categories.length)], List.of(), null));
                plain[i] = new ScriptedSource("s" + i);
                plain[i].answer = answer;
                weighed[i] = new ScriptedSource("s" + i);
                weighed[i].answer = answer;
            }
            Checker.Builder a = Checker.builder();
            Checker.Builder b = Checker.builder().notifyThreshold(1).earlyAnswer(false);
            for (int i = 0; i < n; i++) {
                a.source(plain[i]);
                b.source(weighed[i]).weight("s" + i, 1);
            }
            try (Checker before = a.build(); Checker after = b.build()) {
                Verdict expected = complete(before);
                assertThat(complete(after)).as("round %d", round).isEqualTo(expected);
                assertThat(after.check(IP, BUDGET)).as("budgeted, from the cache").isEqualTo(expected);
            }
        }
    }
}
