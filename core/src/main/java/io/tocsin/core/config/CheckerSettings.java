package io.tocsin.core.config;

import io.tocsin.core.Category;
import io.tocsin.core.Checker;
import io.tocsin.core.Source;
import io.tocsin.core.SourceLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Maps the core's configuration keys onto a {@link Checker.Builder}:
 *
 * <table>
 *   <caption>Keys read here</caption>
 *   <tr><th>key</th><th>default</th></tr>
 *   <tr><td>{@code tocsin.notify-categories}</td><td>{@code infected}</td></tr>
 *   <tr><td>{@code tocsin.cache.max-size}</td><td>{@code 100000}</td></tr>
 *   <tr><td>{@code tocsin.cache.listed-ttl} / {@code clean-ttl} / {@code error-ttl}</td><td>{@code 1h} / {@code 15m} / {@code 30s}</td></tr>
 *   <tr><td>{@code tocsin.lookup-deadline}</td><td>{@code 10s}: the longest any source may take</td></tr>
 *   <tr><td>{@code tocsin.max-in-flight}</td><td>{@code 10000}: distinct addresses looked up at once</td></tr>
 *   <tr><td>{@code tocsin.sources.NAME.type} and the type's keys</td><td>–</td></tr>
 *   <tr><td>{@code tocsin.sources.NAME.max-rate}</td><td>the operator's free-use rate, else 0 (no cap)</td></tr>
 *   <tr><td>{@code tocsin.sources.NAME.circuit-breaker.failures} / {@code open-for}</td><td>{@code 5} / {@code 30s}</td></tr>
 * </table>
 */
public final class CheckerSettings {

    private static final Pattern SOURCE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    private CheckerSettings() {
    }

    /**
     * A builder configured from {@code settings}, its sources made but not yet started; the caller may
     * add a listener, a ticker and so on, then {@link Checker.Builder#build() build} it.
     *
     * @throws ConfigException naming the first bad key or value
     */
    public static Checker.Builder builder(Settings settings) {
        return builder(settings, CheckerSettings.class.getClassLoader());
    }

    /** As {@link #builder(Settings)}, looking for extra source types with {@code loader}. */
    public static Checker.Builder builder(Settings settings, ClassLoader loader) {
        Checker.Builder builder = Checker.builder();
        builder.notifyCategories(settings.categories("notify-categories", EnumSet.of(Category.INFECTED)));
        builder.cacheMaximumSize(settings.number("cache.max-size", 100_000, 0, Integer.MAX_VALUE));
        builder.listedTtl(settings.positiveDuration("cache.listed-ttl", Duration.ofHours(1)));
        builder.cleanTtl(settings.positiveDuration("cache.clean-ttl", Duration.ofMinutes(15)));
        builder.errorTtl(settings.positiveDuration("cache.error-ttl", Duration.ofSeconds(30)));
        builder.sourceDeadline(settings.positiveDuration("lookup-deadline", Duration.ofSeconds(10)));
        builder.maxInFlight((int) settings.number("max-in-flight", 10_000, 1, 10_000_000));
        Map<String, SourceFactory> types = SourceTypes.all(loader);
        List<Source> sources = new ArrayList<>();
        try {
            for (String name : settings.childNames("sources.")) {
                Source source = source(name, settings.scope("sources." + name + "."), types);
                sources.add(source);
                builder.source(source, limits(settings.scope("sources." + name + "."), source));
            }
        } catch (RuntimeException e) {
            sources.forEach(Source::close);
            throw e;
        }
        return builder;
    }

    /** The sources configured under {@code tocsin.sources.}, in name order, without their limits. */
    public static List<Source> sources(Settings settings, ClassLoader loader) {
        Map<String, SourceFactory> types = SourceTypes.all(loader);
        List<Source> sources = new ArrayList<>();
        try {
            for (String name : settings.childNames("sources.")) {
                sources.add(source(name, settings.scope("sources." + name + "."), types));
            }
        } catch (RuntimeException e) {
            sources.forEach(Source::close);
            throw e;
        }
        return sources;
    }

    /**
     * The generic keys every source has: {@code max-rate} (queries per second, 0 for no cap; default
     * the list operator's free-use rate where known), {@code circuit-breaker.failures} (default 5, 0
     * never opens) and {@code circuit-breaker.open-for} (default 30s).
     */
    private static SourceLimits limits(Settings scope, Source source) {
        double maxRate = scope.decimal("max-rate", source.defaultMaxRate());
        if (maxRate < 0) {
            throw new ConfigException(scope.key("max-rate"), scope.string("max-rate"), "must not be negative (0 for no cap)");
        }
        int failures = (int) scope.number("circuit-breaker.failures", SourceLimits.DEFAULT.failureThreshold(), 0, 1_000_000);
        Duration openFor = scope.positiveDuration("circuit-breaker.open-for", SourceLimits.DEFAULT.openFor());
        return new SourceLimits(maxRate, failures, openFor);
    }

    private static Source source(String name, Settings scope, Map<String, SourceFactory> types) {
        if (!SOURCE_NAME.matcher(name).matches()) {
            throw new ConfigException(scope.key("type"), "has a source name that is not allowed (letters, digits, '-' and '_', at most 64)");
        }
        String type = scope.required("type");
        scope.bool("publish", false); // whether publish republishes the source: read by tocsin-publisher, known here
        SourceFactory factory = types.get(type);
        if (factory == null) {
            throw new ConfigException(scope.key("type"), type, "is not a source type (allowed: " + String.join(", ", types.keySet()) + ")");
        }
        return factory.create(name, scope);
    }
}
