package io.tocsin.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tocsin.core.config.ConfigException;
import io.tocsin.core.config.Settings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code tocsin.redis.*}: defaults, every form of URI, and errors that name the key and value. */
class RedisOptionsTest {

    private static Settings settings(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return Settings.of(map);
    }

    @Test
    void defaultsAreWellUnderTheLookupBudget() {
        RedisOptions o = RedisOptions.from(settings("tocsin.redis.url", "redis://127.0.0.1:6379"), null, null);
        assertThat(o.keyPrefix()).isEqualTo("tocsin:");
        assertThat(o.timeout()).isEqualTo(Duration.ofMillis(50));
        assertThat(o.lease()).isEqualTo(Duration.ofSeconds(1));
        assertThat(o.replayBuffer()).isEqualTo(10_000);
        assertThat(o.cluster()).isFalse();
    }

    @Test
    void tlsAclUsersDatabasesAndSentinelAreReadAsLettuceReadsThem() {
        RedisOptions tls = RedisOptions.from(settings("tocsin.redis.url", "rediss://tocsin:s3cret@redis.example.org:6380/2"), null, null);
        assertThat(tls.uri().isSsl()).isTrue();
        assertThat(tls.uri().getCredentialsProvider()).as("the ACL user and password").isNotNull();
        assertThat(tls.uri().getDatabase()).isEqualTo(2);
        assertThat(tls.toString()).as("no password in toString").doesNotContain("s3cret");
        RedisOptions sentinel = RedisOptions.from(settings("tocsin.redis.url", "redis-sentinel://10.0.0.1:26379,10.0.0.2:26379/0#mymaster"),
                null, null);
        assertThat(sentinel.uri().getSentinels()).hasSize(2);
        assertThat(sentinel.uri().getSentinelMasterId()).isEqualTo("mymaster");
        RedisOptions cluster = RedisOptions.from(settings("tocsin.redis.url", "redis://10.0.0.1:7000", "tocsin.redis.cluster", "true"),
                null, null);
        assertThat(cluster.cluster()).isTrue();
    }

    @Test
    void badValuesNameTheKeyAndTheValueButNeverThePassword() {
        assertThatThrownBy(() -> RedisOptions.from(settings("tocsin.redis.url", "http://:pw@example.org"), null, null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tocsin.redis.url").hasMessageNotContaining(":pw@");
        assertThatThrownBy(() -> RedisOptions.from(settings("tocsin.redis.url", "redis://h:1", "tocsin.redis.timeout", "fast"), null, null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tocsin.redis.timeout").hasMessageContaining("fast");
        assertThatThrownBy(() -> RedisOptions.from(settings("tocsin.redis.url", "redis://h:1", "tocsin.redis.timeout", "30s"), null, null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("at most 10s");
        assertThatThrownBy(() -> RedisOptions.from(settings("tocsin.redis.url", "redis://h:1", "tocsin.redis.key-prefix", "a b"), null, null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tocsin.redis.key-prefix");
        assertThatThrownBy(() -> RedisOptions.from(settings("tocsin.redis.url", "redis://h:1", "tocsin.redis.replay-buffer", "-1"), null, null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tocsin.redis.replay-buffer");
        assertThatThrownBy(() -> RedisOptions.from(settings("tocsin.redis.url", "redis://h:1", "tocsin.redis.cluster", "yes"), null, null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tocsin.redis.cluster");
    }
}
