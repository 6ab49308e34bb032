package io.tocsin.redis;

import io.tocsin.core.Category;
import io.tocsin.core.Listing;
import io.tocsin.core.Source;
import io.tocsin.core.SourceResult;
import io.tocsin.core.ip.IpAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A list that lists addresses ending in .66 as infected, answers after a delay, and counts its queries. */
final class CountingSource implements Source {

    private final String name;
    private final Duration delay;
    final AtomicInteger queries = new AtomicInteger();

    CountingSource(String name, Duration delay) {
        this.name = name;
        this.delay = delay;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public CompletionStage<SourceResult> query(IpAddress ip) {
        queries.incrementAndGet();
        SourceResult result = ip.toString().endsWith(".66")
                ? SourceResult.listed(new Listing(name, Category.INFECTED, List.of("127.0.0.4"), "infected: test"))
                : SourceResult.NOT_LISTED;
        if (delay.isZero()) {
            return CompletableFuture.completedFuture(result);
        }
        Executor later = CompletableFuture.delayedExecutor(delay.toNanos(), TimeUnit.NANOSECONDS);
        return CompletableFuture.supplyAsync(() -> result, later);
    }
}
