package io.tocsin.spring.redis;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.tocsin.core.Checker;
import io.tocsin.redis.RedisMetrics;
import io.tocsin.redis.RedisSharedVerdicts;
import java.util.function.ToDoubleFunction;

/**
 * Meters of the Redis tier, when the checker shares its verdicts through Redis (none otherwise):
 *
 * <ul>
 *   <li>{@code tocsin.redis.up}: 1 while connected, 0 while the node works alone;</li>
 *   <li>{@code tocsin.redis.verdicts} (counter) tagged {@code result=hit|miss|lease-wait}: local misses
 *       answered by another node, not answered, or waiting for another node's lookup;</li>
 *   <li>{@code tocsin.redis.commands.failed} (counter) tagged {@code reason=error|timeout|unavailable}:
 *       the node fell back to its own cache, store or bucket;</li>
 *   <li>{@code tocsin.redis.replay.backlog} (gauge), {@code tocsin.redis.replay.replayed} and
 *       {@code tocsin.redis.replay.dropped} (counters): evidence recorded while Redis was away.</li>
 * </ul>
 */
public final class RedisTierMeters implements MeterBinder {

    private final Checker checker;

    public RedisTierMeters(Checker checker) {
        this.checker = checker;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        RedisSharedVerdicts shared = checker.sharedVerdicts()
                .filter(RedisSharedVerdicts.class::isInstance).map(RedisSharedVerdicts.class::cast).orElse(null);
        if (shared == null) {
            return;
        }
        RedisMetrics m = shared.metrics();
        Gauge.builder("tocsin.redis.up", shared, s -> s.link().isUp() ? 1 : 0)
                .description("Whether this node is connected to the farm's Redis").register(registry);
        counter(registry, "tocsin.redis.verdicts", "result", "hit", m, RedisMetrics::hits);
        counter(registry, "tocsin.redis.verdicts", "result", "miss", m, RedisMetrics::misses);
        counter(registry, "tocsin.redis.verdicts", "result", "lease-wait", m, RedisMetrics::leaseWaits);
        counter(registry, "tocsin.redis.commands.failed", "reason", "error", m, RedisMetrics::errors);
        counter(registry, "tocsin.redis.commands.failed", "reason", "timeout", m, RedisMetrics::timeouts);
        counter(registry, "tocsin.redis.commands.failed", "reason", "unavailable", m, RedisMetrics::fallbacks);
        Gauge.builder("tocsin.redis.replay.backlog", m, RedisMetrics::replayBacklog)
                .description("Evidence reports waiting for Redis").register(registry);
        FunctionCounter.builder("tocsin.redis.replay.replayed", m, RedisMetrics::replayed)
                .description("Evidence reports written once Redis was back").register(registry);
        FunctionCounter.builder("tocsin.redis.replay.dropped", m, RedisMetrics::dropped)
                .description("Evidence reports the full replay buffer could not keep").register(registry);
    }

    private static void counter(MeterRegistry registry, String name, String tag, String value, RedisMetrics m,
                                ToDoubleFunction<RedisMetrics> f) {
        FunctionCounter.builder(name, m, f).tag(tag, value).register(registry);
    }
}
