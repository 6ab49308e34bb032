package io.tocsin.collector.evidence;

import io.tocsin.collector.store.SqliteEvidenceStore;
import io.tocsin.core.config.ConfigException;
import io.tocsin.core.config.Settings;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ServiceLoader;

/**
 * Opens the store that {@code tocsin.store} names: a directory for the embedded store (default
 * {@code tocsin-data}, or {@code redis} when {@code tocsin.redis.url} is set), or a URI such as
 * {@code redis://…} handled by an {@link EvidenceStoreFactory} on the class path.
 */
public final class EvidenceStores {

    /** The key naming the store. */
    public static final String KEY = "store";

    /** The embedded store's directory when {@code tocsin.store} is not set, relative to the working directory. */
    public static final String DEFAULT_LOCATION = "tocsin-data";

    private EvidenceStores() {
    }

    /**
     * Opens the store of {@code tocsin.store}, listing by {@code tocsin.collect.min-reports} and
     * {@code tocsin.collect.ttl}.
     *
     * @param settings all of the configuration (not a scope)
     * @throws ConfigException naming the key and value at fault
     * @throws StoreException if the store cannot be opened
     */
    public static EvidenceStore open(Settings settings) {
        Retention retention = Retention.from(settings);
        return open(location(settings), retention, settings);
    }

    /**
     * The value of {@code tocsin.store}, or the default; also marks the store's keys as known, for
     * commands that share a configuration file with a collector but open no store themselves.
     */
    public static String location(Settings settings) {
        Retention.from(settings);
        return settings.string(KEY, defaultLocation(settings));
    }

    /**
     * Where the store is when {@code tocsin.store} is not set: {@code redis} (the Redis of
     * {@code tocsin.redis.url}, with tocsin-redis on the class path) when a farm shares one, else the
     * embedded store's directory.
     */
    public static String defaultLocation(Settings settings) {
        return settings.string("redis.url") != null ? "redis" : DEFAULT_LOCATION;
    }

    /** Opens the store at {@code location} (a directory or a URI), listing by {@code retention}. */
    public static EvidenceStore open(String location, Retention retention, Settings settings) {
        for (EvidenceStoreFactory factory : ServiceLoader.load(EvidenceStoreFactory.class, EvidenceStores.class.getClassLoader())) {
            if (factory.accepts(location)) {
                return factory.open(location, retention, settings);
            }
        }
        if (location.isBlank() || location.matches("^[a-zA-Z][a-zA-Z0-9+.-]+://.*")) {
            throw new ConfigException(Settings.PREFIX + KEY, location,
                    "names no known store: give a directory for the embedded store, or redis://… with tocsin-redis on the class path");
        }
        Path directory;
        try {
            directory = Path.of(location.startsWith("file:") ? location.substring("file:".length()) : location);
        } catch (InvalidPathException e) {
            throw new ConfigException(Settings.PREFIX + KEY, location, "is not a directory name: " + e.getReason());
        }
        return SqliteEvidenceStore.open(directory, retention);
    }
}
