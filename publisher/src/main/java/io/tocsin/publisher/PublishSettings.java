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
 * @param evidenceWeight {@code tocsin.publish.evidence-weight} (default 1): the weight of the evidence
 *     in the store of {@code tocsin.store}, when no {@code evidence} source marked for publishing gives
 *     it one
 */
public record PublishSettings(PublishCodes codes, GuardLimits limits, double evidenceWeight) {

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
        double evidenceWeight = settings.decimal("publish.evidence-weight", 1);
        return new PublishSettings(PublishCodes.from(settings), GuardLimits.from(settings), evidenceWeight);
    }
}
