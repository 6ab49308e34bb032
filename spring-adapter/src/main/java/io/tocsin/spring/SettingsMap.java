package io.tocsin.spring;

import io.tocsin.core.Category;
import io.tocsin.core.config.Durations;
import io.tocsin.core.config.Settings;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import org.springframework.util.unit.DataSize;

/**
 * Turns bound {@link TocsinProperties} back into the flat {@code tocsin.*} keys that
 * {@link Settings} reads, so that Spring Boot and servlet init-params share one parser and one set
 * of error messages.
 */
final class SettingsMap {

    private final Map<String, String> map = new LinkedHashMap<>();

    private SettingsMap() {
    }

    static Map<String, String> of(TocsinProperties properties) {
        SettingsMap out = new SettingsMap();
        out.put("enabled", properties.isEnabled());
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
        properties.getSources().forEach((name, source) -> out.putSource(name, source));
        return out.map;
    }

    private void putSource(String name, TocsinProperties.Source source) {
        String p = "sources." + name + ".";
        // the type is always written, even when missing, so that the core names the source's key
        put(p + "type", source.getType() == null ? "" : source.getType());
        put(p + "zone", source.getZone());
        put(p + "preset", source.getPreset());
        put(p + "codes", source.getCodes());
        put(p + "servers", source.getServers());
        put(p + "timeout", source.getTimeout());
        put(p + "txt", source.getTxt());
        put(p + "access-key", source.getAccessKey());
        put(p + "url", source.getUrl());
        put(p + "api-key", source.getApiKey());
        put(p + "entries", source.getEntries());
        put(p + "file", source.getFile());
        put(p + "refresh", source.getRefresh());
        put(p + "category", source.getCategory() == null ? null : source.getCategory().id());
        put(p + "health-check", source.getHealthCheck());
        put(p + "health-interval", source.getHealthInterval());
        put(p + "max-age-days", source.getMaxAgeDays());
        put(p + "min-threat", source.getMinThreat());
        put(p + "mode", source.getMode());
        put(p + "min-score", source.getMinScore());
        put(p + "verbose", source.getVerbose());
        put(p + "pointer", source.getPointer());
        put(p + "threshold", source.getThreshold());
        put(p + "connect-timeout", source.getConnectTimeout());
        put(p + "max-in-flight", source.getMaxInFlight());
        put(p + "max-response-size", bytes(source.getMaxResponseSize()));
        put(p + "daily-quota", source.getDailyQuota());
        put(p + "scenario-categories", source.getScenarioCategories());
        put(p + "types", source.getTypes());
        put(p + "reason-pointer", source.getReasonPointer());
        put(p + "max-size", bytes(source.getMaxSize()));
        put(p + "max-shrink", source.getMaxShrink());
        put(p + "max-errors", source.getMaxErrors());
        put(p + "max-rate", source.getMaxRate());
        put(p + "weight", plain(source.getWeight()));
        put(p + "circuit-breaker.failures", source.getCircuitBreaker().getFailures());
        put(p + "circuit-breaker.open-for", source.getCircuitBreaker().getOpenFor());
        if (source.getHeader() != null) {
            source.getHeader().forEach((header, value) -> put(p + "header." + header, value));
        }
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
