package io.tocsin.spring.redis;

import io.micrometer.core.instrument.MeterRegistry;
import io.tocsin.core.Checker;
import io.tocsin.redis.RedisLink;
import io.tocsin.spring.metrics.TocsinMetricsAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of the
 * Redis tier's meters ({@link RedisTierMeters}), when the application has Micrometer and
 * {@code tocsin-redis}.
 */
@AutoConfiguration(after = TocsinMetricsAutoConfiguration.class)
@ConditionalOnClass({ MeterRegistry.class, RedisLink.class })
@ConditionalOnBean({ MeterRegistry.class, Checker.class })
@ConditionalOnBooleanProperty(name = "tocsin.enabled", matchIfMissing = true)
public final class TocsinRedisMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public RedisTierMeters tocsinRedisTierMeters(Checker checker) {
        return new RedisTierMeters(checker);
    }
}
