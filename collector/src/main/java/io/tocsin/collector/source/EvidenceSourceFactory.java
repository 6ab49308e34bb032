package io.tocsin.collector.source;

import io.tocsin.collector.evidence.EvidenceStore;
import io.tocsin.collector.evidence.EvidenceStores;
import io.tocsin.collector.evidence.Retention;
import io.tocsin.collector.evidence.StoreException;
import io.tocsin.core.Source;
import io.tocsin.core.config.ConfigException;
import io.tocsin.core.config.Settings;
import io.tocsin.core.config.SourceFactory;

/**
 * Type {@code evidence}: the store of {@code tocsin.store} (or the source's own key {@code store}),
 * listed by {@code tocsin.collect.min-reports} and {@code tocsin.collect.ttl}. Found by core through
 * {@link java.util.ServiceLoader}.
 */
public final class EvidenceSourceFactory implements SourceFactory {

    @Override
    public String type() {
        return "evidence";
    }

    @Override
    public Source create(String name, Settings settings) {
        Settings root = settings.root();
        Retention retention = Retention.from(root);
        String location;
        String key;
        if (settings.has(EvidenceStores.KEY)) {
            location = settings.string(EvidenceStores.KEY);
            key = settings.key(EvidenceStores.KEY);
        } else {
            location = root.string(EvidenceStores.KEY, EvidenceStores.defaultLocation(root));
            key = root.key(EvidenceStores.KEY);
        }
        EvidenceStore store;
        try {
            store = EvidenceStores.open(location, retention, root);
        } catch (StoreException e) {
            throw new ConfigException(key, location, "cannot be opened: " + e.getMessage());
        }
        return new EvidenceSource(name, store, true);
    }
}
