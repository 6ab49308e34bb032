package io.tocsin.core.config;

import io.tocsin.core.Checker;

/**
 * Adds to a checker what a module on the class path brings (e.g. {@code tocsin-redis}: shared
 * verdicts and farm-wide rate limits), from its own configuration keys. Found by
 * {@link CheckerSettings} through {@link java.util.ServiceLoader}, so that an application that
 * builds its checker from settings needs no code of its own for it.
 */
public interface CheckerExtension {

    /**
     * Reads this extension's keys from {@code settings} (all of the configuration) and, if they ask
     * for it, sets what it brings on {@code builder}. Does nothing when its keys are absent.
     *
     * @throws ConfigException naming the key and value at fault
     */
    void extend(Settings settings, Checker.Builder builder);
}
