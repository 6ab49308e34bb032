package io.tocsin.redis;

import io.tocsin.collector.evidence.EvidenceStore;
import io.tocsin.collector.evidence.EvidenceStoreFactory;
import io.tocsin.collector.evidence.Retention;
import io.tocsin.core.config.ConfigException;
import io.tocsin.core.config.Settings;

/**
 * {@code tocsin.store=redis} (the Redis of {@code tocsin.redis.url}) or
 * {@code tocsin.store=redis://…} / {@code rediss://…} / {@code redis-sentinel://…} (a Redis of its
 * own, with the other {@code tocsin.redis.*} keys): the {@link RedisEvidenceStore}. Found by
 * collector through {@link java.util.ServiceLoader}.
 */
public final class RedisEvidenceStoreFactory implements EvidenceStoreFactory {

    @Override
    public boolean accepts(String location) {
        String l = location.trim();
        return l.equals("redis") || l.startsWith("redis://") || l.startsWith("rediss://") || l.startsWith("redis-sentinel://")
                || l.startsWith("rediss-sentinel://") || l.startsWith("redis-socket://");
    }

    @Override
    public EvidenceStore open(String location, Retention retention, Settings settings) {
        Settings root = settings.root();
        RedisOptions options;
        if (location.trim().equals("redis")) {
            if (!RedisOptions.configured(root)) {
                throw new ConfigException(root.key("store"), location, "needs tocsin.redis.url (where Redis is)");
            }
            options = RedisOptions.from(root, null, null);
        } else {
            options = RedisOptions.from(root, location, root.key("store"));
        }
        return new RedisEvidenceStore(RedisLink.open(options), retention);
    }
}
