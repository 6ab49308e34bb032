package io.tocsin.publisher;

import io.tocsin.core.config.Settings;
import io.tocsin.publisher.guard.GuardLimits;
import java.util.Objects;

/**
 * The keys {@code tocsin.publish.*}, read together so that {@code publish} and {@code serve-dns} can
 * share one configuration file (each knows every key, even those only the other uses).
 *
 * @param codes {@code tocsin.publish.codes}
 * @param limits {@code tocsin.publish.max-share} and {@code max-growth}
 */
public record PublishSettings(PublishCodes codes, GuardLimits limits) {

    public PublishSettings {
        Objects.requireNonNull(codes, "codes");
        Objects.requireNonNull(limits, "limits");
    }

    /**
     * Reads every {@code tocsin.publish.*} key.
     *
     * @throws io.tocsin.core.config.ConfigException naming the first bad key or value
     */
    public static PublishSettings from(Settings settings) {
        return new PublishSettings(PublishCodes.from(settings), GuardLimits.from(settings));
    }
}
