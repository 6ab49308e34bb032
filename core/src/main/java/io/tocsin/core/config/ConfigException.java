package io.tocsin.core.config;

/**
 * A configuration key or value that Tocsin cannot use. The message names the key, the value and
 * what is allowed, e.g. {@code tocsin.lookup-budget: "50 ms" is not a duration (examples: 250ms, 30s, 15m, 1h, 1d)}.
 */
public final class ConfigException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String key;
    private final String value;

    public ConfigException(String key, String value, String problem) {
        super(key + (value == null ? "" : ": \"" + printable(value) + "\"") + " " + problem);
        this.key = key;
        this.value = value;
    }

    /** A problem with no single value, such as an unknown key or a missing setting. */
    public ConfigException(String key, String problem) {
        this(key, null, problem);
    }

    /** The key at fault. */
    public String key() {
        return key;
    }

    /** The value at fault, or {@code null}. */
    public String value() {
        return value;
    }

    private static String printable(String value) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < value.length() && i < 200; i++) {
            char c = value.charAt(i);
            sb.append(c < 0x20 || c == 0x7F ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return value.length() > 200 ? sb + "…" : sb.toString();
    }
}
