package io.tocsin.core.list;

import io.tocsin.core.Category;
import io.tocsin.core.Source;
import io.tocsin.core.config.ConfigException;
import io.tocsin.core.config.Settings;
import io.tocsin.core.config.SourceFactory;
import io.tocsin.core.ip.IpSet;

/** Type {@code list}: keys {@code entries} (required), {@code category} (default {@code infected}) and {@code lookup-url}. */
public final class ListSourceFactory implements SourceFactory {

    @Override
    public String type() {
        return "list";
    }

    @Override
    public Source create(String name, Settings settings) {
        if (!settings.has("entries")) {
            throw new ConfigException(settings.key("entries"), "is required for a source of type list");
        }
        IpSet entries = settings.ipSet("entries");
        return new ListSource(name, entries, settings.category("category", Category.INFECTED), settings.urlTemplate("lookup-url", null));
    }
}
