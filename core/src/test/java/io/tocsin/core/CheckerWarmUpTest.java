package io.tocsin.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.core.ip.IpAddress;
import io.tocsin.core.ip.IpSet;
import io.tocsin.core.list.ListSource;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link Checker#warmUp}: every source warmed once, no list asked, nothing cached, nothing heard. */
class CheckerWarmUpTest {

    @Test
    void warmsEverySourceAndLeavesNoTrace() {
        List<String> heard = new CopyOnWriteArrayList<>();
        Listener recording = new Listener() {
            @Override
            public void sourceQueried(String source, IpAddress ip, SourceResult result, long nanos) {
                heard.add("queried " + source);
            }

            @Override
            public void verdictComputed(Verdict verdict, long nanos) {
                heard.add("verdict " + verdict.ip());
            }

            @Override
            public void verdictAnsweredEarly(Verdict verdict, long nanos) {
                heard.add("early " + verdict.ip());
            }

            @Override
            public void budgetExceeded(IpAddress ip) {
                heard.add("budget " + ip);
            }
        };
        AtomicInteger queries = new AtomicInteger();
        AtomicInteger warmUps = new AtomicInteger();
        ListSource list = new ListSource("list", IpSet.parse("192.0.2.66"), Category.INFECTED);
        Source counted = new Source() {
            @Override
            public String name() {
                return "counted";
            }

            @Override
            public CompletionStage<SourceResult> query(IpAddress ip) {
                queries.incrementAndGet();
                return list.query(ip);
            }

            @Override
            public void warmUp() {
                warmUps.incrementAndGet();
            }
        };
        try (Checker checker = Checker.builder().source(counted).source(list).listener(recording).build()) {
            assertThat(checker.warmUp(Duration.ofSeconds(5))).as("sources started").isTrue();
            assertThat(warmUps).as("warm-ups of the source").hasValue(1);
            assertThat(queries).as("queries the warm-up sent").hasValue(0);
            assertThat(heard).as("what the listener heard").isEmpty();
            assertThat(checker.estimatedCacheSize()).as("verdicts left in the cache").isZero();

            Verdict first = checker.check(IpAddress.parse("192.0.2.66"), Duration.ofSeconds(5));
            assertThat(first.shouldNotify()).as("a real lookup after the warm-up").isTrue();
            assertThat(queries).hasValue(1);
            assertThat(heard).contains("verdict 192.0.2.66");
        }
    }
}
