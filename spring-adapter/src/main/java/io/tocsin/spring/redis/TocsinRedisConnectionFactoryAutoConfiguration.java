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
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of the
 * Redis tier on the application's own Spring Data Redis connection, when {@code tocsin-redis} and
 * Spring Data Redis are on the class path, {@code tocsin.redis.url} is not set and the application
 * has neither a Lettuce client bean (that one is used, {@link TocsinRedisAutoConfiguration}) nor
 * more than one {@link RedisConnectionFactory}.
 *
 * <p>A {@link LettuceConnectionFactory} lends its native Lettuce client (a {@code RedisClient} with
 * the factory's address, database, credentials and TLS, or a {@code RedisClusterClient}): Tocsin
 * opens a connection of its own on it, shares the client's threads, and never shuts it down; the
 * client stays the factory's. The client taken is the one the factory has when the checker is built
 * (a factory not started yet is started then, as Spring Data's early start-up would have done).
 *
 * <p>Any other factory (Jedis) has no Lettuce client to lend: Tocsin logs that it needs
 * {@code tocsin.redis.url} there and runs without the Redis tier.
 */
@AutoConfiguration(before = TocsinAutoConfiguration.class, after = TocsinRedisAutoConfiguration.class,
        afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnClass({ RedisLink.class, AbstractRedisClient.class, RedisConnectionFactory.class })
@ConditionalOnBooleanProperty(name = "tocsin.enabled", matchIfMissing = true)
// only without tocsin.redis.url (with it, the checker's settings bring the tier themselves): a value no
// URL can have, so that the condition holds exactly when the property is missing
@ConditionalOnProperty(name = "tocsin.redis.url", matchIfMissing = true, havingValue = "__never__")
public final class TocsinRedisConnectionFactoryAutoConfiguration {

    private static final Log logger = LogFactory.getLog(TocsinRedisConnectionFactoryAutoConfiguration.class);

    @Bean
    @ConditionalOnSingleCandidate(RedisConnectionFactory.class)
    @ConditionalOnMissingBean(AbstractRedisClient.class)
    public TocsinCheckerBuilderCustomizer tocsinRedisConnectionFactoryCustomizer(RedisConnectionFactory factory,
                                                                               TocsinProperties properties) {
        // read the other tocsin.redis.* keys now, so that a bad one fails start-up naming it
        RedisOptions options = RedisOptions.forLentClient(Settings.of(properties.toSettingsMap()));
        if (!(factory instanceof LettuceConnectionFactory lettuce)) {
            logger.warn("Tocsin shares nothing through Redis: the application's RedisConnectionFactory is a "
                    + factory.getClass().getSimpleName() + ", not Spring Data's LettuceConnectionFactory, so it has no "
                    + "Lettuce client to lend; set tocsin.redis.url to the same Redis for a farm of nodes");
            return builder -> { };
        }
        return builder -> {
            if (!lettuce.isRunning()) {
                lettuce.start();
            }
            AbstractRedisClient client = lettuce.getRequiredNativeClient();
            RedisLink link = RedisLink.lent(client, options);
            builder.sharedVerdicts(new RedisSharedVerdicts(link));
            builder.sharedRateLimits(new RedisRateLimits(link.retain()));
            logger.info("Tocsin shares verdicts and max-rates through the application's Redis connection factory ("
                    + where(lettuce) + ")");
        };
    }

    /** Where the factory's Redis is, without credentials. */
    private static String where(LettuceConnectionFactory factory) {
        if (factory.isClusterAware()) {
            return "a Redis Cluster";
        }
        if (factory.isRedisSentinelAware()) {
            return "Redis Sentinel";
        }
        return factory.getHostName() + ":" + factory.getPort() + "/" + factory.getDatabase();
    }
}
