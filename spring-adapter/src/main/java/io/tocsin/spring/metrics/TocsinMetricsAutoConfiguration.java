package io.tocsin.spring.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.tocsin.core.Checker;
import io.tocsin.spring.TocsinAutoConfiguration;
import io.tocsin.spring.TocsinCheckerBuilderCustomizer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of
 * Tocsin's meters, when the application has Micrometer and Spring Boot's metrics support (as
 * {@code spring-boot-starter-actuator} brings). See {@link TocsinMeters} for the names.
 *
 * <p>{@link TocsinMetrics} is a {@link io.tocsin.core.Listener} and a
 * {@link io.tocsin.servlet.NoticeListener} bean, which the checker and filter auto-configurations
 * attach; a checker of the application's own gets it only if the application passes it to the
 * builder ({@code listener(tocsinMetrics)}, {@code cacheStats(tocsinMetrics.cacheStats())}).
 */
@AutoConfiguration(after = { TocsinAutoConfiguration.class, MetricsAutoConfiguration.class,
        CompositeMeterRegistryAutoConfiguration.class })
@ConditionalOnClass({ MeterRegistry.class, MetricsAutoConfiguration.class, Checker.class })
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = "tocsin.enabled", matchIfMissing = true)
public final class TocsinMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public TocsinMetrics tocsinMetrics() {
        return new TocsinMetrics();
    }

    @Bean
    public TocsinCheckerBuilderCustomizer tocsinCacheStatsCustomizer(TocsinMetrics metrics) {
        return builder -> builder.cacheStats(metrics.cacheStats());
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(Checker.class)
    public CheckerGauges tocsinCheckerGauges(Checker checker) {
        return new CheckerGauges(checker);
    }
}
