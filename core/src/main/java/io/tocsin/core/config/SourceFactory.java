package io.tocsin.core.config;

import io.tocsin.core.Source;

/**
 * Makes a {@link Source} of one type ({@code dnsbl}, {@code list}, …) from its configuration keys
 * {@code tocsin.sources.NAME.*}. Further types can be added through {@link java.util.ServiceLoader}.
 */
public interface SourceFactory {

    /** The value of {@code tocsin.sources.NAME.type} this factory handles. */
    String type();

    /**
     * Makes the source named {@code name} from {@code settings}, a view of {@code tocsin.sources.NAME.}.
     *
     * @throws ConfigException naming the key and value at fault
     */
    Source create(String name, Settings settings);
}
