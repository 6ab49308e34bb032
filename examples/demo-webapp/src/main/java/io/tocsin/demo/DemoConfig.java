package io.tocsin.demo;

import io.tocsin.core.config.ConfigException;
import io.tocsin.core.config.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Properties;

/** Where the demo's configuration comes from: {@code --config FILE}, or the embedded default. */
public final class DemoConfig {

    /** The embedded default: lists the loopback addresses as infected, so a local browser sees the banner at once. */
    public static final String DEFAULT_RESOURCE = "/io/tocsin/demo/default-tocsin.properties";

    private DemoConfig() {
    }

    /**
     * The settings of {@code file}, or the embedded default when {@code file} is {@code null}.
     *
     * @throws ConfigException naming the file if it cannot be read
     */
    public static Settings load(String file) {
        if (file != null) {
            return Settings.load(Path.of(file));
        }
        return embedded(DEFAULT_RESOURCE);
    }

    /** The settings of a properties file packed in the demo jar. */
    static Settings embedded(String resource) {
        Properties properties = new Properties();
        try (InputStream in = DemoConfig.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the demo jar lacks " + resource);
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Settings.of(properties);
    }
}
