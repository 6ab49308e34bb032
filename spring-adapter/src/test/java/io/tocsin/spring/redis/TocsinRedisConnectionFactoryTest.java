package io.tocsin.spring.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import io.tocsin.core.Checker;
import io.tocsin.core.ip.IpAddress;
import io.tocsin.spring.TocsinAutoConfiguration;
import io.tocsin.testing.Poll;
import io.tocsin.testing.RedisServer;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The Redis tier on an application's Spring Data Redis connection factory, against a real
 * redis-server, with the Lettuce the starter ends up with (tocsin's, not Boot's managed one).
 */
@ExtendWith(OutputCaptureExtension.class)
class TocsinRedisConnectionFactoryTest {

    private static RedisServer redis;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, TocsinRedisAutoConfiguration.class,
                    TocsinRedisConnectionFactoryAutoConfiguration.class, TocsinAutoConfiguration.class))
            .withPropertyValues("tocsin.sources.local.type=list", "tocsin.sources.local.entries=192.0.2.66",
                    "tocsin.redis.key-prefix=data:", "tocsin.redis.timeout=200ms");

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
    void bootsLettuceConnectionFactoryIsReusedForTheRedisTier(CapturedOutput output) {
        runner.withPropertyValues("spring.data.redis.url=" + redis.url(), "spring.data.redis.client-name=webmail").run(context -> {
            assertThat(context).hasNotFailed().hasBean("tocsinRedisConnectionFactoryCustomizer");
            // Spring Data Redis itself works on the Lettuce the starter brings
            StringRedisTemplate template = context.getBean(StringRedisTemplate.class);
            template.opsForValue().set("app:greeting", "hello");
            assertThat(template.opsForValue().get("app:greeting")).isEqualTo("hello");

            Checker checker = context.getBean(Checker.class);
            assertThat(checker.sharedHealth()).as("shared through the factory's client").isPresent();
            assertThat(checker.check(IpAddress.parse("192.0.2.66")).join().shouldNotify()).isTrue();
            Poll.until("the verdict in redis", Duration.ofSeconds(5), () -> redis.command("EXISTS", "data:v:{192.0.2.66}").equals("1"));
            assertThat(redis.command("GET", "data:v:{192.0.2.66}")).contains("\"local\"");

            // the evidence channel is listened to on the factory's client: its connection carries the
            // factory's client name, which only the factory's RedisURI holds
            Poll.until("tocsin subscribed to the evidence channel", Duration.ofSeconds(5),
                    () -> redis.command("PUBSUB", "NUMSUB", "data:evidence").endsWith("\n1"));
            assertThat(Arrays.stream(redis.command("CLIENT", "LIST").split("\n")).filter(c -> c.contains(" sub=1 ")))
                    .singleElement().asString().contains(" name=webmail ");
            // and what it carries reaches the checker: a cached verdict is forgotten
            checker.check(IpAddress.parse("192.0.2.7")).join();
            assertThat(checker.cached(IpAddress.parse("192.0.2.7"))).isNotNull();
            redis.command("PUBLISH", "data:evidence", "192.0.2.7");
            Poll.until("the announced address forgotten", Duration.ofSeconds(5),
                    () -> checker.cached(IpAddress.parse("192.0.2.7")) == null);
        });
        // the context stops the factory (and its client) before it closes the checker: Tocsin's link
        // then finds its connections closed, and leaves them so, without a word
        assertThat(output).doesNotContain("already closed");
        assertThat(output).as("the Lettuce the starter ends up with is the one tocsin-redis is built for")
                .doesNotContain("built and tested with Lettuce");
    }

    @Test
    void theApplicationsFactoryOutlivesTocsin() {
        LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", redis.port()));
        factory.afterPropertiesSet();
        AnnotationConfigApplicationContext application = new AnnotationConfigApplicationContext();
        application.getBeanFactory().registerSingleton("redisConnectionFactory", factory);
        application.refresh();
        try {
            runner.withParent(application).run(context -> {
                assertThat(context).hasNotFailed().hasBean("tocsinRedisConnectionFactoryCustomizer");
                context.getBean(Checker.class).check(IpAddress.parse("192.0.2.8")).join();
                Poll.until("the verdict in redis", Duration.ofSeconds(5), () -> redis.command("EXISTS", "data:v:{192.0.2.8}").equals("1"));
            });
            // Tocsin's context is closed (its checker and link with it): the application's factory and client go on
            assertThat(factory.isRunning()).isTrue();
            StringRedisTemplate template = new StringRedisTemplate(factory);
            template.afterPropertiesSet();
            template.opsForValue().set("app:after", "still here");
            assertThat(template.opsForValue().get("app:after")).isEqualTo("still here");
            assertThat(template.hasKey("data:v:{192.0.2.8}")).isTrue();
        } finally {
            application.close();
            factory.destroy();
        }
    }

    @Test
    void aFactoryWithoutLettuceIsNamedAndLeftAlone(CapturedOutput output) {
        runner.withBean(RedisConnectionFactory.class, () -> mock(RedisConnectionFactory.class)).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(Checker.class).sharedHealth()).as("no Redis tier").isEmpty();
        });
        assertThat(output).containsOnlyOnce("not Spring Data's LettuceConnectionFactory")
                .contains("set tocsin.redis.url to the same Redis");
    }

    @Test
    void theUrlWinsOverTheFactory() {
        runner.withPropertyValues("spring.data.redis.url=redis://127.0.0.1:1", "tocsin.redis.url=" + redis.url()).run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean("tocsinRedisConnectionFactoryCustomizer");
            context.getBean(Checker.class).check(IpAddress.parse("192.0.2.9")).join();
            Poll.until("the verdict in redis", Duration.ofSeconds(5), () -> redis.command("EXISTS", "data:v:{192.0.2.9}").equals("1"));
        });
    }

    @Test
    void aLettuceOlderThanSevenIsToldApart() {
        assertThat(TocsinRedisAutoConfiguration.olderThan7("6.8.2.RELEASE")).isTrue();
        assertThat(TocsinRedisAutoConfiguration.olderThan7("7.7.0.RELEASE/1960d49")).isFalse();
        assertThat(TocsinRedisAutoConfiguration.olderThan7("10.0.0.RELEASE")).isFalse();
        assertThat(TocsinRedisAutoConfiguration.olderThan7("unknown")).isFalse();
    }

    @Test
    void withoutSpringDataRedisTheStarterStillWorks() {
        runner.withClassLoader(new FilteredClassLoader(RedisConnectionFactory.class)).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(Checker.class)
                    .doesNotHaveBean("tocsinRedisConnectionFactoryCustomizer");
            assertThat(context.getBean(Checker.class).sharedHealth()).isEmpty();
        });
    }
}
