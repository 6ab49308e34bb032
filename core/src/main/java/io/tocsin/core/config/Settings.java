package io.tocsin.core.config;

import io.tocsin.core.Category;
import io.tocsin.core.ip.InvalidIpAddressException;
import io.tocsin.core.ip.IpSet;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tocsin's flat {@code tocsin.*} configuration keys, read the same way from a properties file,
 * servlet init-params or Spring's environment, with typed getters whose errors name the key and the
 * value.
 *
 * <p>Every getter marks its key as known, so that after all readers are done
 * {@link #rejectUnknown()} can fail on a misspelt key instead of silently ignoring it. Keys that do
 * not start with {@code tocsin.} are ignored altogether, except those under a prefix within two
 * edits of it ({@code tocsn.}, {@code Tocsin.}), which {@link #rejectUnknown()} also fails on. A
 * {@linkplain #scope scope} is a view of the keys under a prefix, such as one source's
 * {@code tocsin.sources.NAME.}, sharing that bookkeeping.
 */
public final class Settings {

    /** The prefix of every key Tocsin reads. */
    public static final String PREFIX = "tocsin.";

    private final Map<String, String> values;
    private final Map<String, String> misspelt; // keys under a prefix within two edits of tocsin.
    private final Set<String> read;
    private final String prefix;

    private Settings(Map<String, String> values, Map<String, String> misspelt, Set<String> read, String prefix) {
        this.values = values;
        this.misspelt = misspelt;
        this.read = read;
        this.prefix = prefix;
    }

    /** The {@code tocsin.*} entries of {@code map}; values are trimmed. */
    public static Settings of(Map<String, String> map) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> misspelt = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (k != null && k.startsWith(PREFIX) && v != null) {
                values.put(k.trim(), v.trim());
            } else if (k != null && v != null && KeySpelling.correctedPrefix(k.trim()) != null) {
                misspelt.put(k.trim(), v.trim());
            }
        });
        return new Settings(Collections.unmodifiableMap(values), Collections.unmodifiableMap(misspelt),
                ConcurrentHashMap.newKeySet(), "");
    }

    public static Settings of(Properties properties) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String name : properties.stringPropertyNames()) {
            map.put(name, properties.getProperty(name));
        }
        return of(map);
    }

    /**
     * Reads a properties file (ISO-8859-1 with escapes, as {@link Properties#load(InputStream)}).
     *
     * @throws ConfigException naming the file if it cannot be read
     */
    public static Settings load(Path file) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (NoSuchFileException e) {
            throw new ConfigException("tocsin.config", file.toString(), "names no file");
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("tocsin.config", file.toString(), "cannot be read: " + e.getMessage());
        }
        return of(properties);
    }

    /** The keys under {@code subPrefix} (relative to this view), e.g. {@code scope("sources.bl.")}. */
    public Settings scope(String subPrefix) {
        return new Settings(values, misspelt, read, prefix + subPrefix);
    }

    /**
     * The view of every {@code tocsin.*} key, sharing this view's bookkeeping: for a source whose
     * factory gets its own scope but also reads global keys (the {@code evidence} source reads
     * {@code tocsin.store}).
     */
    public Settings root() {
        return new Settings(values, misspelt, read, "");
    }

    /** The full key of {@code name} in this view, e.g. {@code tocsin.sources.bl.zone}. */
    public String key(String name) {
        return PREFIX + prefix + name;
    }

    /** Whether {@code name} is set (marks it known). */
    public boolean has(String name) {
        String key = key(name);
        read.add(key);
        return values.containsKey(key);
    }

    /** The raw value of {@code name}, or {@code null}; an empty value counts as unset. */
    public String string(String name) {
        String key = key(name);
        read.add(key);
        String value = values.get(key);
        return value == null || value.isEmpty() ? null : value;
    }

    public String string(String name, String defaultValue) {
        String value = string(name);
        return value != null ? value : defaultValue;
    }

    /** The value of a key that must be set. */
    public String required(String name) {
        String value = string(name);
        if (value == null) {
            throw new ConfigException(key(name), "is required");
        }
        return value;
    }

    public Duration duration(String name, Duration defaultValue) {
        String value = string(name);
        if (value == null) {
            return defaultValue;
        }
        Duration duration = Durations.parse(key(name), value);
        if (duration.isNegative()) {
            throw new ConfigException(key(name), value, "must not be negative");
        }
        return duration;
    }

    /** A duration that must be greater than zero. */
    public Duration positiveDuration(String name, Duration defaultValue) {
        Duration duration = duration(name, defaultValue);
        if (duration != null && duration.isZero()) {
            throw new ConfigException(key(name), string(name), "must be greater than zero");
        }
        return duration;
    }

    public boolean bool(String name, boolean defaultValue) {
        String value = string(name);
        if (value == null) {
            return defaultValue;
        }
        switch (value.toLowerCase(Locale.ROOT)) {
            case "true": return true;
            case "false": return false;
            default: throw new ConfigException(key(name), value, "is not a boolean (allowed: true, false)");
        }
    }

    public long number(String name, long defaultValue, long min, long max) {
        String value = string(name);
        if (value == null) {
            return defaultValue;
        }
        long n;
        try {
            n = Long.parseLong(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new ConfigException(key(name), value, "is not a whole number");
        }
        if (n < min || n > max) {
            throw new ConfigException(key(name), value, "is out of range (allowed: " + min + " to " + max + ")");
        }
        return n;
    }

    public double decimal(String name, double defaultValue) {
        String value = string(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            double d = Double.parseDouble(value);
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(key(name), value, "is not a number");
    }

    /**
     * One of {@code allowed} (case-insensitive), or {@code defaultValue} when unset.
     */
    public String choice(String name, String defaultValue, String... allowed) {
        String value = string(name);
        if (value == null) {
            return defaultValue;
        }
        for (String a : allowed) {
            if (a.equalsIgnoreCase(value)) {
                return a;
            }
        }
        throw new ConfigException(key(name), value, "is not allowed (allowed: " + String.join(", ", allowed) + ")");
    }

    /** A comma list of categories. */
    public Set<Category> categories(String name, Set<Category> defaultValue) {
        String value = string(name);
        if (value == null) {
            return defaultValue;
        }
        EnumSet<Category> set = EnumSet.noneOf(Category.class);
        for (String part : value.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            set.add(category(name, part));
        }
        return Collections.unmodifiableSet(set);
    }

    /** One category. */
    public Category category(String name, Category defaultValue) {
        String value = string(name);
        return value == null ? defaultValue : category(name, value);
    }

    private Category category(String name, String value) {
        try {
            return Category.of(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key(name), value, "is not a category (allowed: infected, spam, attacker, proxy, policy, other)");
        }
    }

    /**
     * An {@code https:} URL in which {@code {ip}} stands for an address, such as a list's lookup page
     * ({@code lookup-url}), or {@code defaultValue} when unset.
     */
    public String urlTemplate(String name, String defaultValue) {
        String value = string(name);
        if (value == null) {
            return defaultValue;
        }
        boolean plain = value.chars().noneMatch(c -> c <= ' ' || c == '"' || c == '<' || c == '>' || c == '\\' || c == 0x7F);
        if (!plain || !value.regionMatches(true, 0, "https://", 0, 8) || value.length() == 8) {
            throw new ConfigException(key(name), value, "is not an https:// URL (use {ip} for the address, e.g. https://lists.example.org/check/{ip})");
        }
        return value;
    }

    /** A comma or whitespace list of addresses and CIDR ranges; empty when unset. */
    public IpSet ipSet(String name) {
        String value = string(name);
        if (value == null) {
            return IpSet.empty();
        }
        try {
            return IpSet.parse(value);
        } catch (InvalidIpAddressException e) {
            throw new ConfigException(key(name), value, "is not a list of IP addresses and CIDR ranges (" + e.getMessage() + ")");
        }
    }

    /**
     * The distinct names {@code N} of keys {@code <this view>childPrefix N.<anything>}, e.g. the source
     * names under {@code sources.}, sorted.
     */
    public Set<String> childNames(String childPrefix) {
        String p = key(childPrefix);
        Set<String> names = new TreeSet<>();
        for (String key : values.keySet()) {
            if (key.startsWith(p)) {
                int dot = key.indexOf('.', p.length());
                names.add(dot < 0 ? key.substring(p.length()) : key.substring(p.length(), dot));
            }
        }
        return names;
    }

    /** The entries under {@code childPrefix} with that prefix removed, e.g. {@code header.X-Key=…}; marks them known. */
    public Map<String, String> entries(String childPrefix) {
        String p = key(childPrefix);
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(p) && k.length() > p.length()) {
                read.add(k);
                out.put(k.substring(p.length()), v);
            }
        });
        return out;
    }

    /**
     * Fails on the first key under a misspelt prefix ({@code tocsn.mode}, see
     * {@link KeySpelling#correctedPrefix}), then on the first {@code tocsin.*} key no reader asked
     * for: usually a typing error that would otherwise silently leave a default in place. The message
     * suggests the key that was probably meant. A {@linkplain #scope scope} checks only its own keys
     * (and no prefixes).
     */
    public void rejectUnknown() {
        if (prefix.isEmpty() && !misspelt.isEmpty()) {
            Map.Entry<String, String> e = misspelt.entrySet().iterator().next();
            throw new ConfigException(e.getKey(), e.getValue(),
                    "is not a Tocsin key: its prefix is misspelt (did you mean " + KeySpelling.correctedPrefix(e.getKey()) + "?)");
        }
        for (String key : values.keySet()) {
            if (key.startsWith(PREFIX + prefix) && !read.contains(key)) {
                String nearest = KeySpelling.nearest(key, knownKeys());
                throw new ConfigException(key, values.get(key),
                        "is not a known key" + (nearest == null ? "" : " (did you mean " + nearest + "?)"));
            }
        }
    }

    /** The full keys the readers have asked for so far, known or not set: what a misspelt key is compared with. */
    public Set<String> knownKeys() {
        return Collections.unmodifiableSet(new TreeSet<>(read));
    }

    /**
     * The entries under a prefix within two edits of {@code tocsin.} ({@code tocsn.mode}), which no
     * reader sees and {@link #rejectUnknown()} fails on; for code that copies settings elsewhere.
     */
    public Map<String, String> misspelt() {
        return misspelt;
    }

    /** All {@code tocsin.*} entries, as given. */
    public Map<String, String> asMap() {
        return values;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Settings that && values.equals(that.values) && prefix.equals(that.prefix);
    }

    @Override
    public int hashCode() {
        return Objects.hash(values, prefix);
    }

    @Override
    public String toString() {
        return "Settings" + values.keySet();
    }
}
