package io.tocsin.spring.redis;

import io.lettuce.core.AbstractRedisClient;
import io.tocsin.core.config.Settings;
import io.tocsin.redis.RedisLink;
import io.tocsin.redis.RedisOptions;
import io.tocsin.redis.RedisRateLimits;
import io.tocsin.redis.RedisSharedVerdicts;
import io.tocsin.spring.TocsinAutoConfiguration;
import io.tocsin.spring.TocsinCheckerBuilderCustomizer;
import io.tocsin.spring.TocsinProperties;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of the
 * Redis tier when {@code tocsin-redis} is on the class path.
 *
 * <p>With {@code tocsin.redis.url} set, the checker made from the properties shares verdicts, rate
 * limits and (for an {@code evidence} source) the evidence store through that Redis by itself. Without
 * it, a Lettuce {@code RedisClient} or {@code RedisClusterClient} bean of the application's is used
 * instead, for a connection of Tocsin's own (the client stays the application's, and is never shut
 * down by Tocsin); the other {@code tocsin.redis.*} properties apply. Without either, a Spring Data
 * Redis connection factory's client may be ({@link TocsinRedisConnectionFactoryAutoConfiguration}).
 */
@AutoConfiguration(before = TocsinAutoConfiguration.class)
@ConditionalOnClass({ RedisLink.class, AbstractRedisClient.class })
@ConditionalOnBooleanProperty(name = "tocsin.enabled", matchIfMissing = true)
public final class TocsinRedisAutoConfiguration {

    private static final Log logger = LogFactory.getLog(TocsinRedisAutoConfiguration.class);

    /** Warns once at start when the application resolved a Lettuce older than the one tocsin-redis is built for. */
    public TocsinRedisAutoConfiguration() {
        String version = AbstractRedisClient.class.getPackage().getImplementationVersion();
        if (version != null && olderThan7(version)) {
            logger.warn("Tocsin's Redis tier is built and tested with Lettuce " + LETTUCE_TESTED + ", but this application has Lettuce "
                    + version + " (Spring Boot's dependency management picks 6.8): set the Maven property lettuce.version to "
                    + LETTUCE_TESTED + " (Gradle: ext['lettuce.version']); Spring Data Redis 4.0 works with it");
        }
    }

    private static final String LETTUCE_TESTED = "7.7.0.RELEASE";

    static boolean olderThan7(String version) {
        int dot = version.indexOf('.');
        try {
            return Integer.parseInt(dot < 0 ? version : version.substring(0, dot)) < 7;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    @Bean
    // only without tocsin.redis.url (with it, the checker's settings bring the tier themselves): a value
    // no URL can have, so that the condition holds exactly when the property is missing
    @ConditionalOnProperty(name = "tocsin.redis.url", matchIfMissing = true, havingValue = "__never__")
    @ConditionalOnSingleCandidate(AbstractRedisClient.class)
    public TocsinCheckerBuilderCustomizer tocsinRedisClientCustomizer(AbstractRedisClient client, TocsinProperties properties) {
        return builder -> {
            RedisOptions options = RedisOptions.forLentClient(Settings.of(properties.toSettingsMap()));
            RedisLink link = RedisLink.lent(client, options);
            builder.sharedVerdicts(new RedisSharedVerdicts(link));
            builder.sharedRateLimits(new RedisRateLimits(link.retain()));
        };
    }
}
