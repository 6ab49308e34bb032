package io.tocsin.core.http;

import io.tocsin.core.Listener;
import io.tocsin.core.Source;
import io.tocsin.core.SourceContext;
import io.tocsin.core.SourceResult;
import io.tocsin.core.config.CheckerSettings;
import io.tocsin.core.config.Settings;
import io.tocsin.core.ip.IpAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Builds one source from flat keys, as a user's configuration would, and runs its background work. */
public final class SourceFixture implements AutoCloseable {

    public final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "test-scheduler");
        t.setDaemon(true);
        return t;
    });
    public final Source source;
    private SourceContext context;

    public SourceFixture(String name, String... keyValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put("tocsin.sources." + name + "." + keyValues[i], keyValues[i + 1]);
        }
        Settings settings = Settings.of(map);
        List<Source> sources = CheckerSettings.sources(settings, SourceFixture.class.getClassLoader());
        settings.rejectUnknown();
        this.source = sources.get(0);
    }

    /** Starts the source and waits (bounded) for its first load attempt. */
    public SourceFixture start(Clock clock) {
        context = new SourceContext(scheduler, clock, Listener.NONE);
        source.start(context).toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
        return this;
    }

    public SourceFixture start() {
        return start(Clock.systemUTC());
    }

    public SourceResult query(String ip) {
        return source.query(IpAddress.parse(ip)).toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
    }

    /** Polls {@code condition} until it holds; fails with {@code what} after {@code timeout}. */
    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for: " + what);
            }
            try {
                Thread.sleep(20); // between polls of the condition
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
    }

    @Override
    public void close() {
        source.close();
        if (context != null) {
            context.close();
        }
        scheduler.shutdownNow();
    }
}
