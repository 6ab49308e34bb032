package io.tocsin.core.config;

import io.tocsin.core.Checker;
import io.tocsin.core.Source;
import io.tocsin.core.SourceLimits;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.regex.Pattern;

/**
 * Maps the core's configuration keys onto a {@link Checker.Builder}:
 *
 * <table>
 *   <caption>Keys read here</caption>
 *   <tr><th>key</th><th>default</th></tr>
 *   <tr><td>{@code tocsin.notify-categories}</td><td>{@code infected}</td></tr>
 *   <tr><td>{@code tocsin.notify-threshold}</td><td>{@code 1}: the score at which a verdict notifies</td></tr>
 *   <tr><td>{@code tocsin.cache.max-size}</td><td>{@code 100000}</td></tr>
 *   <tr><td>{@code tocsin.cache.listed-ttl} / {@code clean-ttl} / {@code error-ttl}</td><td>{@code 1h} / {@code 15m} / {@code 30s}</td></tr>
 *   <tr><td>{@code tocsin.lookup-deadline}</td><td>{@code 10s}: the longest any source may take</td></tr>
 *   <tr><td>{@code tocsin.max-in-flight}</td><td>{@code 10000}: distinct addresses looked up at once</td></tr>
 *   <tr><td>{@code tocsin.sources.NAME.type} and the type's keys</td><td>–</td></tr>
 *   <tr><td>{@code tocsin.sources.NAME.weight}</td><td>{@code 1}: what a listing counts; negative for an allowlist</td></tr>
 *   <tr><td>{@code tocsin.sources.NAME.max-rate}</td><td>the operator's free-use rate, else 0 (no cap)</td></tr>
 *   <tr><td>{@code tocsin.sources.NAME.circuit-breaker.failures} / {@code open-for}</td><td>{@code 5} / {@code 30s}</td></tr>
 * </table>
 *
 * <p>Then every {@link CheckerExtension} on the class path reads its own keys (e.g.
 * {@code tocsin.redis.*}).
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
        builder.notifyCategories(settings.categories("notify-categories", Checker.DEFAULT_NOTIFY_CATEGORIES));
        String threshold = settings.string("notify-threshold");
        if (threshold != null) {
            double t = decimal(settings.key("notify-threshold"), threshold);
            if (t <= 0) {
                // zero or less would notify for an address that no list names
                throw new ConfigException(settings.key("notify-threshold"), threshold, "must be greater than zero");
            }
            builder.notifyThreshold(t);
        }
        builder.cacheMaximumSize(settings.number("cache.max-size", Checker.DEFAULT_CACHE_MAXIMUM_SIZE, 0, Integer.MAX_VALUE));
        builder.listedTtl(settings.positiveDuration("cache.listed-ttl", Checker.DEFAULT_LISTED_TTL));
        builder.cleanTtl(settings.positiveDuration("cache.clean-ttl", Checker.DEFAULT_CLEAN_TTL));
        builder.errorTtl(settings.positiveDuration("cache.error-ttl", Checker.DEFAULT_ERROR_TTL));
        builder.sourceDeadline(settings.positiveDuration("lookup-deadline", Checker.DEFAULT_SOURCE_DEADLINE));
        builder.maxInFlight((int) settings.number("max-in-flight", Checker.DEFAULT_MAX_IN_FLIGHT, 1, 10_000_000));
        SourceTypes types = SourceTypes.load(loader);
        List<Source> sources = new ArrayList<>();
        try {
            for (String name : settings.childNames("sources.")) {
                Source source = source(name, settings.scope("sources." + name + "."), types);
                sources.add(source);
                Settings scope = settings.scope("sources." + name + ".");
                builder.source(source, limits(scope, source));
                String weight = scope.string("weight");
                if (weight != null) {
                    builder.weight(name, decimal(scope.key("weight"), weight));
                }
            }
            reachable(settings, builder, !sources.isEmpty());
            for (CheckerExtension extension : ServiceLoader.load(CheckerExtension.class, loader)) {
                extension.extend(settings, builder);
            }
        } catch (RuntimeException e) {
            sources.forEach(Source::close);
            throw e;
        }
        return builder;
    }

    /** The sources configured under {@code tocsin.sources.}, in name order, without their limits. */
    public static List<Source> sources(Settings settings, ClassLoader loader) {
        SourceTypes types = SourceTypes.load(loader);
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
     * A weight or threshold as an operator writes it: a plain decimal such as {@code 2}, {@code 0.5} or
     * {@code -100}. {@link BigDecimal} rather than {@link Double#parseDouble}, which would take
     * {@code NaN}, {@code Infinity}, {@code 1d} and hex floats.
     */
    private static double decimal(String key, String text) {
        double d;
        try {
            d = new BigDecimal(text.replace("_", "")).doubleValue();
        } catch (NumberFormatException e) {
            throw new ConfigException(key, text, "is not a number (write a decimal such as 1, 0.5 or -100)");
        }
        if (!Double.isFinite(d)) {
            throw new ConfigException(key, text, "is too large");
        }
        return d;
    }

    /** Fails when no combination of the sources can reach the threshold: such a site would never notify. */
    private static void reachable(Settings settings, Checker.Builder builder, boolean anySource) {
        String threshold = settings.string("notify-threshold");
        double t = threshold == null ? 1 : decimal(settings.key("notify-threshold"), threshold);
        BigDecimal reach = builder.reach();
        if (anySource && reach.compareTo(BigDecimal.valueOf(t)) < 0) {
            throw new ConfigException(settings.key("notify-threshold"), threshold != null ? threshold : "1",
                    "cannot be reached: the highest weights of all sources add up to " + reach.stripTrailingZeros().toPlainString());
        }
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

    private static Source source(String name, Settings scope, SourceTypes types) {
        if (!SOURCE_NAME.matcher(name).matches()) {
            throw new ConfigException(scope.key("type"), "has a source name that is not allowed (letters, digits, '-' and '_', at most 64)");
        }
        scope.bool("publish", false); // whether publish republishes the source: read by tocsin-publisher, known here
        return types.factory(scope).create(name, scope);
    }
}
