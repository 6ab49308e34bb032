package io.tocsin.publisher;

import io.tocsin.core.Category;
import io.tocsin.core.config.ConfigException;
import io.tocsin.core.config.Settings;
import io.tocsin.core.ip.IpAddress;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The A record a published listing answers with, by category ({@code tocsin.publish.codes}):
 * {@code infected=127.0.0.4,spam=127.0.0.2,attacker=127.0.0.3,proxy=127.0.0.5,other=127.0.0.9} by
 * default. A category without a code of its own answers with the code of {@code other}.
 *
 * <p>Every code lies in 127.0.0.0/8 (RFC 5782 section 2.3), and none is 127.0.0.1 (the address that
 * must never be listed) or in 127.255.255.0/24 (the error codes of Spamhaus and others, which
 * consumers must not read as listings).
 */
public final class PublishCodes {

    /** The key, relative to {@code tocsin.}. */
    public static final String KEY = "publish.codes";

    /** The default value of {@code tocsin.publish.codes}. */
    public static final String DEFAULT = "infected=127.0.0.4,spam=127.0.0.2,attacker=127.0.0.3,proxy=127.0.0.5,other=127.0.0.9";

    private static final IpAddress OTHER_FALLBACK = IpAddress.ofIpv4(0x7F000009);

    private final Map<Category, IpAddress> codes;

    private PublishCodes(Map<Category, IpAddress> codes) {
        this.codes = codes;
    }

    /** The default codes. */
    public static PublishCodes defaults() {
        return parse("tocsin." + KEY, DEFAULT);
    }

    /** The codes of {@code tocsin.publish.codes}. */
    public static PublishCodes from(Settings settings) {
        return parse(settings.key(KEY), settings.string(KEY, DEFAULT));
    }

    /**
     * Parses {@code category=127.x.y.z,…}.
     *
     * @throws ConfigException naming {@code key} and the value
     */
    public static PublishCodes parse(String key, String value) {
        Map<Category, IpAddress> codes = new EnumMap<>(Category.class);
        for (String part : value.split(",")) {
            String entry = part.trim();
            int eq = entry.indexOf('=');
            if (eq < 0) {
                throw new ConfigException(key, value, "has \"" + entry + "\", not CATEGORY=127.x.y.z");
            }
            Category category;
            try {
                category = Category.of(entry.substring(0, eq));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(key, value, e.getMessage());
            }
            IpAddress code = IpAddress.tryParse(entry.substring(eq + 1).trim());
            if (code == null || !code.isIpv4()) {
                throw new ConfigException(key, value, "has \"" + entry + "\": the code must be an IPv4 address in 127.0.0.0/8");
            }
            int bits = code.ipv4Bits();
            if ((bits >>> 24) != 127 || bits == 0x7F000001 || (bits >>> 8) == 0x7FFFFF) {
                throw new ConfigException(key, value, "has \"" + entry
                        + "\": a code must lie in 127.0.0.0/8, and be neither 127.0.0.1 nor in 127.255.255.0/24 (error codes)");
            }
            if (codes.put(category, code) != null) {
                throw new ConfigException(key, value, "gives the category " + category + " twice");
            }
        }
        return new PublishCodes(codes);
    }

    /** The code for a listing of {@code category}. */
    public IpAddress code(Category category) {
        IpAddress code = codes.get(Objects.requireNonNull(category, "category"));
        if (code != null) {
            return code;
        }
        IpAddress other = codes.get(Category.OTHER);
        return other != null ? other : OTHER_FALLBACK;
    }

    /** The distinct codes of {@code categories}, lowest first. */
    public TreeSet<IpAddress> codes(Collection<Category> categories) {
        TreeSet<IpAddress> out = new TreeSet<>();
        for (Category category : categories) {
            out.add(code(category));
        }
        return out;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        codes.forEach((category, code) -> sb.append(sb.length() == 0 ? "" : ",").append(category).append('=').append(code));
        return sb.toString();
    }
}
