package io.tocsin.spring;

import io.tocsin.core.Checker;
import io.tocsin.core.Listener;
import io.tocsin.core.config.CheckerSettings;
import io.tocsin.core.config.ConfigException;
import io.tocsin.core.config.KeySpelling;
import io.tocsin.core.config.Settings;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ResourceLoader;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of the
 * Tocsin {@link Checker}, made from the {@code tocsin.*} properties.
 *
 * <p>Every {@link Listener} bean is attached to the checker (the metrics auto-configuration adds
 * one), and every {@link TocsinCheckerBuilderCustomizer} bean may adjust the builder. A
 * {@link Checker} bean of the application's own replaces this one; it then gets no listeners or
 * customizers, which the application may apply itself.
 */
@AutoConfiguration
@ConditionalOnClass(Checker.class)
@ConditionalOnBooleanProperty(name = "tocsin.enabled", matchIfMissing = true)
@EnableConfigurationProperties(TocsinProperties.class)
public final class TocsinAutoConfiguration {

    private static final Log logger = LogFactory.getLog(TocsinAutoConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    public Checker tocsinChecker(TocsinProperties properties, ObjectProvider<Listener> listeners,
                                 ObjectProvider<TocsinCheckerBuilderCustomizer> customizers,
                                 ResourceLoader resourceLoader, Environment environment) {
        rejectMisspeltPrefixes(environment);
        Settings settings = Settings.of(properties.toSettingsMap());
        Checker.Builder builder = CheckerSettings.builder(settings, resourceLoader.getClassLoader());
        // Spring binds the top-level keys strictly; a source's keys are a map, checked here
        settings.scope("sources.").rejectUnknown();
        Listener listener = CompositeListener.of(listeners.orderedStream().toList());
        if (listener != Listener.NONE) {
            builder.listener(listener);
        }
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        Checker checker = builder.build();
        if (checker.sources().isEmpty()) {
            logger.warn("Tocsin has no sources, so it will warn nobody: configure tocsin.sources.NAME.type and its keys");
        } else if (logger.isInfoEnabled()) {
            logger.info("Tocsin " + checker);
        }
        return checker;
    }

    /**
     * Fails on a property under a prefix within two edits of {@code tocsin.} ({@code tocsn.mode}):
     * Spring would silently ignore it, leaving a default in place.
     */
    static void rejectMisspeltPrefixes(Environment environment) {
        if (!(environment instanceof ConfigurableEnvironment configurable)) {
            return;
        }
        for (PropertySource<?> source : configurable.getPropertySources()) {
            if (source instanceof EnumerablePropertySource<?> enumerable) {
                for (String name : enumerable.getPropertyNames()) {
                    String meant = KeySpelling.correctedPrefix(name);
                    if (meant != null) {
                        Object value = enumerable.getProperty(name);
                        throw new ConfigException(name, value == null ? null : value.toString(),
                                "is not a Tocsin key: its prefix is misspelt (did you mean " + meant + "?)");
                    }
                }
            }
        }
    }
}
