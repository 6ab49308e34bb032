package io.tocsin.spring;

import io.tocsin.core.Category;
import io.tocsin.core.config.Durations;
import io.tocsin.core.config.Settings;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.convert.ConversionService;
import org.springframework.util.unit.DataSize;

/**
 * Turns bound {@link TocsinProperties} back into the flat {@code tocsin.*} keys that
 * {@link Settings} reads, so that Spring Boot and servlet init-params share one parser and one set
 * of error messages.
 */
final class SettingsMap {

    /**
     * The built-in source types' keys, to recognise the other spellings Spring Boot binds into a map
     * ({@code apiKey}, {@code api_key}, and {@code apikey} or {@code api.key} from the environment
     * variables {@code TOCSIN_SOURCES_X_APIKEY} or {@code ..._API_KEY}); a key not among them (a
     * source type added as a service) is passed on as written.
     */
    private static final Set<String> BUILT_IN_KEYS = Set.of("type", "zone", "preset", "codes", "servers", "timeout", "txt",
            "ipv6", "health-check", "health-interval", "access-key", "max-age-days", "min-threat", "url", "api-key", "entries",
            "file", "refresh", "category", "mode", "min-score", "verbose", "daily-quota", "pointer", "threshold",
            "reason-pointer", "lookup-url", "scenario-categories", "types", "connect-timeout", "max-in-flight",
            "max-response-size", "max-size", "max-shrink", "max-errors", "max-rate", "circuit-breaker.failures",
            "circuit-breaker.open-for");
    private static final Map<String, String> BY_LOOSE_NAME = new LinkedHashMap<>();

    static {
        BUILT_IN_KEYS.forEach(key -> BY_LOOSE_NAME.put(loose(key), key));
    }

    /** Source keys that were bound as {@link Duration}s, {@link DataSize}s and booleans when each had a field. */
    private static final Set<String> DURATION_KEYS = Set.of("timeout", "refresh", "health-interval", "connect-timeout",
            "circuit-breaker.open-for");
    private static final Set<String> SIZE_KEYS = Set.of("max-size", "max-response-size");
    private static final Set<String> BOOLEAN_KEYS = Set.of("txt", "health-check", "verbose", "ipv6");

    private static final Pattern LIST_ELEMENT = Pattern.compile("(.+?)(?:\\.(\\d{1,4})|\\[(\\d{1,4})])");
    private static final ConversionService CONVERSIONS = ApplicationConversionService.getSharedInstance();

    private final Map<String, String> map = new LinkedHashMap<>();

    private SettingsMap() {
    }

    static Map<String, String> of(TocsinProperties properties) {
        SettingsMap out = new SettingsMap();
        out.put("enabled", properties.getEnabled());
        out.put("mode", properties.getMode() == null ? null : properties.getMode().id());
        out.put("notify-categories", categories(properties.getNotifyCategories()));
        out.put("notify-threshold", plain(properties.getNotifyThreshold()));
        out.put("trusted-proxies", properties.getTrustedProxies());
        out.put("forwarded-header", properties.getForwardedHeader() == null ? null : properties.getForwardedHeader().id());
        out.put("lookup-budget", properties.getLookupBudget());
        out.put("lookup-deadline", properties.getLookupDeadline());
        out.put("max-in-flight", properties.getMaxInFlight());
        out.put("path", properties.getPath());
        out.put("ack-ttl", properties.getAckTtl());
        out.put("ack-secret", properties.getAckSecret());
        out.put("templates", properties.getTemplates());
        out.put("site-name", properties.getSiteName());
        out.put("support-contact", properties.getSupportContact());
        out.put("brand.logo", properties.getBrand().getLogo());
        out.put("brand.color", properties.getBrand().getColor());
        out.put("brand.links", properties.getBrand().getLinks());
        DataSize scanLimit = properties.getBanner().getScanLimit();
        out.put("banner.scan-limit", bytes(scanLimit));
        out.put("block.allow", properties.getBlock().getAllow());
        TocsinProperties.Cache cache = properties.getCache();
        out.put("cache.max-size", cache.getMaxSize());
        out.put("cache.listed-ttl", cache.getListedTtl());
        out.put("cache.clean-ttl", cache.getCleanTtl());
        out.put("cache.error-ttl", cache.getErrorTtl());
        TocsinProperties.Redis redis = properties.getRedis();
        out.put("redis.url", redis.getUrl());
        out.put("redis.cluster", redis.getCluster());
        out.put("redis.key-prefix", redis.getKeyPrefix());
        out.put("redis.timeout", redis.getTimeout());
        out.put("redis.lease", redis.getLease());
        out.put("redis.replay-buffer", redis.getReplayBuffer());
        properties.getSources().forEach((name, keys) -> out.putSource(name, keys == null ? Map.of() : keys));
        return out.map;
    }

    /**
     * A source's keys as written. A key bound as a YAML list ({@code servers[0]}, {@code servers[1]})
     * arrives as {@code servers.0}, {@code servers.1} and becomes one comma list; values in the forms
     * Spring Boot accepts for durations, data sizes and booleans become the forms the core reads.
     */
    private void putSource(String name, Map<String, String> keys) {
        String p = "sources." + name + ".";
        // the type is always written, even when missing, so that the core names the source's key
        put(p + "type", keys.getOrDefault("type", ""));
        Map<String, List<String>> lists = new TreeMap<>();
        for (Map.Entry<String, String> entry : keys.entrySet()) {
            String key = entry.getKey();
            Matcher indexed = LIST_ELEMENT.matcher(key);
            if (indexed.matches()) {
                List<String> list = lists.computeIfAbsent(indexed.group(1), k -> new ArrayList<>());
                int index = Integer.parseInt(indexed.group(2) != null ? indexed.group(2) : indexed.group(3));
                while (list.size() <= index) {
                    list.add(null);
                }
                list.set(index, entry.getValue());
            } else if (!key.equals("type")) {
                String canonical = canonical(key);
                put(p + canonical, springForm(canonical, entry.getValue()));
            }
        }
        lists.forEach((key, list) -> {
            list.removeIf(Objects::isNull);
            put(p + key, list);
        });
    }

    /** {@code key} as the core spells it, if it is a built-in key in another of Spring Boot's spellings. */
    private static String canonical(String key) {
        if (BUILT_IN_KEYS.contains(key) || key.regionMatches(true, 0, "header.", 0, 7)) {
            return key;
        }
        return BY_LOOSE_NAME.getOrDefault(loose(key), key);
    }

    /** Letters and digits only, in lower case: what Spring Boot's relaxed binding compares. */
    private static String loose(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT);
    }

    /**
     * {@code value} of a source's {@code key} as the core reads it, where Spring Boot's conversions
     * (which bound these keys before the keys were a map) accept more: {@code 500} or {@code PT1S} for
     * a duration, {@code 1MB} for a size, {@code yes} or {@code on} for a boolean. A value that is not
     * in Spring's form either is passed on as it is, for the core to report with its key.
     */
    private static Object springForm(String key, String value) {
        try {
            if (DURATION_KEYS.contains(key)) {
                return DurationStyle.detectAndParse(value.strip());
            }
            if (SIZE_KEYS.contains(key)) {
                return DataSize.parse(value.strip()).toBytes();
            }
            if (BOOLEAN_KEYS.contains(key)) {
                Boolean b = CONVERSIONS.convert(value, Boolean.class);
                return b == null ? value : b;
            }
        } catch (RuntimeException e) {
            // not Spring's form either
        }
        return value;
    }

    private void put(String name, Object value) {
        if (value == null) {
            return;
        }
        String text;
        if (value instanceof Duration duration) {
            text = Durations.format(duration);
        } else if (value instanceof Collection<?> collection) {
            if (collection.isEmpty()) {
                return;
            }
            StringJoiner joined = new StringJoiner(",");
            collection.forEach(element -> joined.add(String.valueOf(element)));
            text = joined.toString();
        } else {
            text = String.valueOf(value);
        }
        map.put(Settings.PREFIX + name, text);
    }

    /** {@code 100}, not {@code 1E+2}: the core reads decimals as written. */
    private static String plain(BigDecimal number) {
        return number == null ? null : number.toPlainString();
    }

    private static Long bytes(DataSize size) {
        return size == null ? null : size.toBytes();
    }

    private static String categories(Collection<Category> categories) {
        if (categories == null) {
            return null;
        }
        StringJoiner joined = new StringJoiner(",");
        categories.forEach(c -> joined.add(c.id()));
        // empty means unset, as for every flat key: the core's default applies
        return joined.toString();
    }
}
