package io.tocsin.publisher.guard;

import io.tocsin.core.config.ConfigException;
import io.tocsin.core.config.Settings;

/**
 * How much a published list may cover before it is held back.
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code tocsin.publish.max-share}</td><td>{@code 0.25}</td><td>the largest share of any /8
 *       (IPv4 {@code N.0.0.0/8}, IPv6 {@code N00::/8}) the list may cover; 1 for no cap</td></tr>
 *   <tr><td>{@code tocsin.publish.max-growth}</td><td>{@code 10}</td><td>{@code publish}: the new list may
 *       be at most this many times the size of the one published before (counting IPv4 addresses and
 *       IPv6 /64s; growth by fewer than {@value #GROWTH_FLOOR} is always allowed); 0 for no cap</td></tr>
 * </table>
 *
 * @param maxShare see the table
 * @param maxGrowth see the table
 */
public record GuardLimits(double maxShare, double maxGrowth) {

    /** Growth by fewer addresses than this is never "sudden": a young list may double every run. */
    public static final long GROWTH_FLOOR = 10_000;

    public static final GuardLimits DEFAULT = new GuardLimits(0.25, 10);

    public GuardLimits {
        if (!(maxShare > 0 && maxShare <= 1)) {
            throw new IllegalArgumentException("maxShare must be in (0, 1]: " + maxShare);
        }
        if (!(maxGrowth == 0 || maxGrowth >= 1)) {
            throw new IllegalArgumentException("maxGrowth must be 0 (no cap) or at least 1: " + maxGrowth);
        }
    }

    /** From {@code tocsin.publish.max-share} and {@code tocsin.publish.max-growth}. */
    public static GuardLimits from(Settings settings) {
        Settings s = settings.scope("publish.");
        double share = s.decimal("max-share", DEFAULT.maxShare);
        if (!(share > 0 && share <= 1)) {
            throw new ConfigException(s.key("max-share"), s.string("max-share"), "must be a share above 0 and at most 1 (e.g. 0.25)");
        }
        double growth = s.decimal("max-growth", DEFAULT.maxGrowth);
        if (!(growth == 0 || growth >= 1)) {
            throw new ConfigException(s.key("max-growth"), s.string("max-growth"), "must be 0 (no cap) or a factor of at least 1 (e.g. 10)");
        }
        return new GuardLimits(share, growth);
    }
}
