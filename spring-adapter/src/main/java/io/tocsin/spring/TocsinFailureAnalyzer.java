package io.tocsin.spring;

import io.tocsin.core.config.CheckerSettings;
import io.tocsin.core.config.ConfigException;
import io.tocsin.core.config.KeySpelling;
import io.tocsin.core.config.Settings;
import io.tocsin.servlet.FilterOptions;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.origin.Origin;
import org.springframework.core.Ordered;
import org.springframework.core.ResolvableType;
import org.springframework.util.unit.DataSize;

/**
 * Explains a start-up failure caused by Tocsin's configuration: the key, the value, where it was set,
 * and what is allowed. It covers both the values Spring cannot convert (a {@code tocsin.*} property
 * that is not a duration, not one of an enum's values, or not a known key at all) and those the
 * Tocsin parser rejects ({@link ConfigException}, for example an invalid CIDR range or an unknown
 * source type).
 *
 * <p>It runs before Spring Boot's own bind failure analyzers so that a {@code tocsin.*} key gets
 * Tocsin's wording; other failures are left to them.
 */
public final class TocsinFailureAnalyzer implements FailureAnalyzer, Ordered {

    private static final String ACTION = "Update the tocsin.* configuration. The keys and their defaults are "
            + "listed in the Tocsin Spring Boot starter's README and in your IDE's configuration metadata.";

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        ConfigException config = find(failure, ConfigException.class);
        if (config != null) {
            return new FailureAnalysis("Tocsin could not start: " + config.getMessage() + ".",
                    ACTION, config);
        }
        BindException bind = find(failure, BindException.class);
        if (bind != null && bind.getName() != null && isTocsinKey(bind.getName().toString())) {
            return analyzeBind(bind);
        }
        return null;
    }

    private FailureAnalysis analyzeBind(BindException bind) {
        UnboundConfigurationPropertiesException unbound = find(bind, UnboundConfigurationPropertiesException.class);
        if (unbound != null) {
            StringBuilder description = new StringBuilder("Tocsin could not start: ");
            StringJoiner keys = new StringJoiner(", ");
            Set<String> known = knownKeys();
            for (ConfigurationProperty property : unbound.getUnboundProperties()) {
                String name = property.getName().toString();
                String meant = KeySpelling.nearest(name, known);
                keys.add(name + origin(property.getOrigin()) + (meant == null ? "" : " (did you mean " + meant + "?)"));
            }
            description.append(unbound.getUnboundProperties().size() == 1 ? "the key " : "the keys ")
                    .append(keys)
                    .append(unbound.getUnboundProperties().size() == 1 ? " is" : " are")
                    .append(" not a Tocsin key. Check the spelling; a misspelt key would leave a default in place.");
            return new FailureAnalysis(description.toString(), ACTION, bind);
        }
        ConfigurationProperty property = bind.getProperty();
        String key = property != null ? property.getName().toString() : bind.getName().toString();
        StringBuilder description = new StringBuilder("Tocsin could not start: ").append(key);
        if (property != null) {
            description.append(": \"").append(property.getValue()).append('"');
        }
        description.append(" is not allowed (allowed: ").append(allowed(bind.getTarget().getType())).append(')');
        if (property != null) {
            description.append(origin(property.getOrigin()));
        }
        description.append('.');
        return new FailureAnalysis(description.toString(), ACTION, bind);
    }

    /** What a property of {@code type} accepts, in the words of Tocsin's own messages. */
    static String allowed(ResolvableType type) {
        Class<?> raw = type.resolve(Object.class);
        if (Collection.class.isAssignableFrom(raw)) {
            return "a comma-separated list of " + allowed(type.asCollection().getGeneric(0));
        }
        if (raw.isEnum()) {
            StringJoiner values = new StringJoiner(", ");
            Arrays.stream(raw.getEnumConstants())
                    .forEach(constant -> values.add(((Enum<?>) constant).name().toLowerCase(Locale.ROOT).replace('_', '-')));
            return values.toString();
        }
        if (raw == Duration.class) {
            return "a duration such as 250ms, 30s, 15m, 1h, 1d";
        }
        if (raw == DataSize.class) {
            return "a size such as 65536, 64KB, 1MB";
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return "true, false";
        }
        if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class) {
            return "a whole number";
        }
        if (raw == double.class || raw == Double.class) {
            return "a number";
        }
        if (raw == BigDecimal.class) {
            return "a decimal such as 1, 0.5 or -100";
        }
        return "a value of type " + raw.getSimpleName();
    }

    /** Every top-level key the core and the filter read, as flat keys. */
    private static Set<String> knownKeys() {
        Settings probe = Settings.of(Map.of());
        try {
            CheckerSettings.builder(probe);
            FilterOptions.from(probe);
        } catch (RuntimeException | LinkageError e) {
            // suggestions from the keys read so far
        }
        return probe.knownKeys();
    }

    private static boolean isTocsinKey(String name) {
        return name.equals("tocsin") || name.startsWith("tocsin.");
    }

    private static String origin(Origin origin) {
        return origin == null ? "" : " (set in " + origin + ")";
    }

    private static <E extends Throwable> E find(Throwable failure, Class<E> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    @Override
    public int getOrder() {
        // ahead of Spring Boot's BindFailureAnalyzer, which would otherwise explain tocsin.* keys generically
        return Ordered.HIGHEST_PRECEDENCE + 100;
    }
}
