package io.tocsin.collector.evidence;

import io.tocsin.core.config.Settings;

/**
 * Opens stores of one kind, chosen by the form of {@code tocsin.store}; further kinds (e.g.
 * {@code redis://…}) are found through {@link java.util.ServiceLoader}.
 */
public interface EvidenceStoreFactory {

    /** Whether this factory opens the store at {@code location}, the value of {@code tocsin.store}. */
    boolean accepts(String location);

    /**
     * Opens the store at {@code location}.
     *
     * @param settings all of the configuration, for keys of the store's own
     * @throws io.tocsin.core.config.ConfigException naming the key and value at fault
     * @throws StoreException if the store cannot be opened
     */
    EvidenceStore open(String location, Retention retention, Settings settings);
}
