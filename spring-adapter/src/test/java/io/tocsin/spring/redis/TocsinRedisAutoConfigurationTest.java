package io.tocsin.spring.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.tocsin.core.Checker;
import io.tocsin.core.ip.IpAddress;
import io.tocsin.redis.RedisLink;
import io.tocsin.spring.TocsinAutoConfiguration;
import io.tocsin.spring.health.TocsinHealthContributorAutoConfiguration;
import io.tocsin.spring.health.TocsinHealthIndicator;
import io.tocsin.spring.metrics.TocsinMetricsAutoConfiguration;
import io.tocsin.testing.Poll;
import io.tocsin.testing.RedisServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The Redis tier in a Spring Boot application, against a real redis-server. */
class TocsinRedisAutoConfigurationTest {

    private static RedisServer redis;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TocsinRedisAutoConfiguration.class, TocsinAutoConfiguration.class,
                    TocsinHealthContributorAutoConfiguration.class, TocsinMetricsAutoConfiguration.class,
                    TocsinRedisMetricsAutoConfiguration.class, MetricsAutoConfiguration.class,
                    SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class))
            .withPropertyValues("tocsin.sources.local.type=list", "tocsin.sources.local.entries=192.0.2.66",
                    "tocsin.redis.key-prefix=spring:");

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void theRedisUrlSharesVerdictsWithHealthAndMeters() {
        runner.withPropertyValues("tocsin.redis.url=" + redis.url(), "tocsin.redis.timeout=200ms").run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(RedisTierMeters.class);
            Checker checker = context.getBean(Checker.class);
            assertThat(checker.sharedHealth()).as("shared through redis").isPresent();
            checker.check(IpAddress.parse("192.0.2.66")).join();
            Poll.until("the verdict in redis", Duration.ofSeconds(5), () -> redis.command("EXISTS", "spring:v:{192.0.2.66}").equals("1"));
            Health health = context.getBean(TocsinHealthIndicator.class).health();
            assertThat(health.getDetails()).containsEntry("degraded", false);
            assertThat(health.getDetails()).extractingByKey("shared").asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                    .containsEntry("state", "UP");
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get("tocsin.redis.up").gauge().value()).isEqualTo(1);
            assertThat(registry.get("tocsin.redis.verdicts").tag("result", "miss").functionCounter().count()).isEqualTo(1);
        });
    }

    @Test
    void anApplicationsLettuceClientIsReusedAndLeftOpen() {
        RedisClient client = RedisClient.create(redis.url());
        try {
            runner.withBean(RedisClient.class, () -> client).run(context -> {
                assertThat(context).hasNotFailed();
                Checker checker = context.getBean(Checker.class);
                assertThat(checker.sharedHealth()).as("shared through the application's client").isPresent();
                checker.check(IpAddress.parse("192.0.2.7")).join();
                Poll.until("the verdict in redis", Duration.ofSeconds(5), () -> redis.command("EXISTS", "spring:v:{192.0.2.7}").equals("1"));
                checker.close();
                try (var connection = client.connect()) {
                    assertThat(connection.sync().ping()).as("the application's client still works after the checker closed").isEqualTo("PONG");
                }
            });
        } finally {
            client.shutdown();
        }
    }

    @Test
    void withoutRedisNothingIsShared() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(Checker.class).sharedHealth()).isEmpty();
        });
        runner.withClassLoader(new FilteredClassLoader(RedisLink.class)).withPropertyValues().run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(RedisTierMeters.class);
        });
    }

    @Test
    void redisDownAtStartIsDegradedNotFailed() {
        runner.withPropertyValues("tocsin.redis.url=redis://127.0.0.1:1").run(context -> {
            assertThat(context).hasNotFailed();
            Health health = context.getBean(TocsinHealthIndicator.class).health();
            assertThat(health.getStatus().getCode()).as("fails open: still UP").isEqualTo("UP");
            assertThat(health.getDetails()).containsEntry("degraded", true);
            assertThat(context.getBean(Checker.class).check("192.0.2.66", Duration.ofMillis(500)).shouldNotify()).isTrue();
        });
    }
}
