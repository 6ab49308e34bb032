package io.tocsin.redis;

import io.tocsin.core.Checker;
import io.tocsin.core.config.CheckerExtension;
import io.tocsin.core.config.Settings;

/**
 * With {@code tocsin.redis.url} set, gives a checker built from settings verdicts and
 * {@code max-rate}s shared with every node using the same Redis and {@code key-prefix}. Found by
 * {@code CheckerSettings} through {@link java.util.ServiceLoader}.
 */
public final class RedisCheckerExtension implements CheckerExtension {

    @Override
    public void extend(Settings settings, Checker.Builder builder) {
        if (!RedisOptions.configured(settings)) {
            return;
        }
        RedisOptions options = RedisOptions.from(settings, null, null);
        RedisLink link = RedisLink.open(options);
        builder.sharedVerdicts(new RedisSharedVerdicts(link));
        builder.sharedRateLimits(new RedisRateLimits(link.retain()));
    }
}
