package io.tocsin.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Ticker;
import io.tocsin.core.ip.IpAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The checker's own logic, with scripted sources (fakes are fine here: no I/O is involved). */
class CheckerTest {

    private static final IpAddress LISTED = IpAddress.parse("192.0.2.66");
    private static final IpAddress CLEAN = IpAddress.parse("192.0.2.1");

    /** A source whose answers the test controls and counts. */
    static final class ScriptedSource implements Source {
        final String name;
        final AtomicInteger queries = new AtomicInteger();
        final List<CompletableFuture<SourceResult>> pending = new CopyOnWriteArrayList<>();
        volatile boolean hold;
        volatile SourceResult answer = SourceResult.NOT_LISTED;
        volatile CategoryWeights categoryWeights = CategoryWeights.NONE;

        ScriptedSource(String name) {
            this.name = name;
        }

        @Override
        public CategoryWeights categoryWeights() {
            return categoryWeights;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public CompletionStage<SourceResult> query(IpAddress ip) {
            queries.incrementAndGet();
            if (hold) {
                CompletableFuture<SourceResult> f = new CompletableFuture<>();
                pending.add(f);
                return f;
            }
            return CompletableFuture.completedFuture(answer);
        }

        void release() {
            pending.forEach(f -> f.complete(answer));
        }
    }

    static final class FakeTicker implements Ticker {
        final AtomicLong nanos = new AtomicLong();

        @Override
        public long read() {
            return nanos.get();
        }

        void advance(Duration d) {
            nanos.addAndGet(d.toNanos());
        }
    }

    private static Listing listing(String source, Category category) {
        return new Listing(source, category, List.of("127.0.0.4"), "reason");
    }

    @Test
    void verdictIsTheUnionOfAllSourcesAndNotifiesOnlyForNotifyCategories() {
        ScriptedSource a = new ScriptedSource("a");
        ScriptedSource b = new ScriptedSource("b");
        ScriptedSource c = new ScriptedSource("c");
        a.answer = SourceResult.listed(listing("a", Category.POLICY));
        b.answer = SourceResult.listed(listing("b", Category.INFECTED));
        c.answer = SourceResult.failed(SourceResult.Failure.ERROR, "zone x answered SERVFAIL");
        try (Checker checker = Checker.builder().source(a).source(b).source(c).executor(Runnable::run).build()) {
            Verdict v = checker.check(LISTED).join();
            assertThat(v.listings()).extracting(Listing::source).containsExactly("a", "b");
            assertThat(v.categories()).containsExactly(Category.INFECTED, Category.POLICY);
            assertThat(v.shouldNotify()).isTrue();
            assertThat(v.errors()).containsExactly(new SourceError("c", SourceResult.Failure.ERROR, "zone x answered SERVFAIL"));
        }
    }

    @Test
    void policyListingAloneNeverNotifies() {
        ScriptedSource a = new ScriptedSource("pbl");
        a.answer = SourceResult.listed(listing("pbl", Category.POLICY));
        try (Checker checker = Checker.builder().source(a).build()) {
            Verdict v = checker.check(LISTED).join();
            assertThat(v.listed()).isTrue();
            assertThat(v.shouldNotify()).isFalse();
        }
    }

    @Test
    void notifyCategoriesAreConfigurable() {
        ScriptedSource a = new ScriptedSource("spam");
        a.answer = SourceResult.listed(listing("spam", Category.SPAM));
        try (Checker checker = Checker.builder().source(a).notifyCategories(Set.of(Category.SPAM, Category.INFECTED)).build()) {
            assertThat(checker.check(LISTED).join().shouldNotify()).isTrue();
        }
    }

    @Test
    void listedCleanAndErrorVerdictsExpireAfterTheirOwnLifetimes() {
        FakeTicker ticker = new FakeTicker();
        ScriptedSource source = new ScriptedSource("s");
        try (Checker checker = Checker.builder().source(source).ticker(ticker).executor(Runnable::run)
                .listedTtl(Duration.ofHours(1)).cleanTtl(Duration.ofMinutes(15)).errorTtl(Duration.ofSeconds(30)).build()) {
            IpAddress failing = IpAddress.parse("192.0.2.99");

            source.answer = SourceResult.listed(listing("s", Category.INFECTED));
            checker.check(LISTED).join();
            source.answer = SourceResult.NOT_LISTED;
            checker.check(CLEAN).join();
            source.answer = SourceResult.failed(SourceResult.Failure.TIMEOUT, "timed out");
            checker.check(failing).join();
            assertThat(source.queries).hasValue(3);

            ticker.advance(Duration.ofSeconds(29));
            assertThat(checker.cached(failing)).as("error verdict within 30s").isNotNull();
            ticker.advance(Duration.ofSeconds(2));
            assertThat(checker.cached(failing)).as("error verdict after 30s").isNull();
            assertThat(checker.cached(CLEAN)).isNotNull();

            ticker.advance(Duration.ofMinutes(15));
            assertThat(checker.cached(CLEAN)).as("clean verdict after 15m").isNull();
            assertThat(checker.cached(LISTED)).as("listed verdict after 15m").isNotNull();

            ticker.advance(Duration.ofMinutes(45));
            assertThat(checker.cached(LISTED)).as("listed verdict after 1h").isNull();

            source.answer = SourceResult.NOT_LISTED;
            checker.check(LISTED).join();
            assertThat(source.queries).as("an expired verdict is looked up again").hasValue(4);
        }
    }

    @Test
    void budgetRunsOutThenTheFinishedLookupFillsTheCache() {
        ScriptedSource slow = new ScriptedSource("slow");
        slow.hold = true;
        slow.answer = SourceResult.listed(listing("slow", Category.INFECTED));
        AtomicInteger exceeded = new AtomicInteger();
        try (Checker checker = Checker.builder().source(slow).executor(Runnable::run)
                .listener(new Listener() {
                    @Override
                    public void budgetExceeded(IpAddress ip) {
                        exceeded.incrementAndGet();
                    }
                }).build()) {
            Verdict first = checker.check(LISTED, Duration.ofMillis(20));
            assertThat(first.complete()).isFalse();
            assertThat(first.shouldNotify()).as("unknown verdicts fail open").isFalse();
            assertThat(exceeded).hasValue(1);
            assertThat(checker.cached(LISTED)).as("unknown verdicts are not cached").isNull();

            slow.release();
            Verdict second = checker.check(LISTED, Duration.ofMillis(20));
            assertThat(second.complete()).isTrue();
            assertThat(second.shouldNotify()).isTrue();
            assertThat(slow.queries).as("the second request reused the first lookup").hasValue(1);
        }
    }

    @Test
    void concurrentChecksOfOneNewAddressShareOneLookup() throws Exception {
        ScriptedSource a = new ScriptedSource("a");
        ScriptedSource b = new ScriptedSource("b");
        a.hold = true;
        b.hold = true;
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try (Checker checker = Checker.builder().source(a).source(b).build()) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<CompletableFuture<Verdict>>> calls = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                calls.add(pool.submit(() -> {
                    go.await();
                    return checker.check(LISTED);
                }));
            }
            go.countDown();
            List<CompletableFuture<Verdict>> verdicts = new ArrayList<>();
            for (Future<CompletableFuture<Verdict>> call : calls) {
                verdicts.add(call.get(10, TimeUnit.SECONDS));
            }
            a.release();
            b.release();
            for (CompletableFuture<Verdict> v : verdicts) {
                assertThat(v.get(10, TimeUnit.SECONDS).complete()).isTrue();
            }
            assertThat(a.queries).hasValue(1);
            assertThat(b.queries).hasValue(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aSourceThatThrowsOrNeverAnswersBecomesAnErrorNotAnException() {
        Source throwing = new Source() {
            @Override
            public String name() {
                return "throwing";
            }

            @Override
            public CompletionStage<SourceResult> query(IpAddress ip) {
                throw new IllegalStateException("bug");
            }
        };
        ScriptedSource hanging = new ScriptedSource("hanging");
        hanging.hold = true;
        try (Checker checker = Checker.builder().source(throwing).source(hanging).sourceDeadline(Duration.ofMillis(50)).build()) {
            Verdict v = checker.check(CLEAN).join();
            assertThat(v.listed()).isFalse();
            assertThat(v.errors()).extracting(SourceError::source).containsExactly("throwing", "hanging");
            assertThat(v.errors().get(1).kind()).isEqualTo(SourceResult.Failure.TIMEOUT);
        }
    }

    @Test
    void aThrowingListenerDoesNotBreakLookups() {
        ScriptedSource a = new ScriptedSource("a");
        a.answer = SourceResult.listed(listing("a", Category.INFECTED));
        Listener broken = new Listener() {
            @Override
            public void sourceQueried(String source, IpAddress ip, SourceResult result, long nanos) {
                throw new IllegalStateException("broken listener");
            }

            @Override
            public void verdictComputed(Verdict verdict, long nanos) {
                throw new IllegalStateException("broken listener");
            }
        };
        try (Checker checker = Checker.builder().source(a).listener(broken).build()) {
            assertThat(checker.check(LISTED).join().shouldNotify()).isTrue();
        }
    }

    @Test
    void builderFailsFastOnRepeatedSettingsAndDuplicateNames() {
        Checker.Builder builder = Checker.builder().cleanTtl(Duration.ofMinutes(1)).source(new ScriptedSource("x"));
        assertThatThrownBy(() -> builder.cleanTtl(Duration.ofMinutes(2))).hasMessage("cleanTtl was already set to PT1M");
        assertThatThrownBy(() -> builder.source(new ScriptedSource("x"))).hasMessageContaining("\"x\" was already added");
        assertThatThrownBy(() -> Checker.builder().errorTtl(Duration.ZERO)).hasMessageContaining("errorTtl must be positive");
    }

    @Test
    void toStringIsReadable() {
        try (Checker checker = Checker.builder().source(new ScriptedSource("bl")).build()) {
            assertThat(checker.toString()).isEqualTo("Checker{sources=[bl], notify=[infected] at 1, cache=100000, ttl listed=PT1H clean=PT15M error=PT30S}");
        }
    }
}
