package io.tocsin.spring;

import io.tocsin.core.Checker;

/**
 * Adjusts the {@link Checker.Builder} that the auto-configuration made from the {@code tocsin.*}
 * properties, before the checker is built: add a source written in code, set an executor, and so
 * on. Every customizer bean is applied, in {@link org.springframework.core.annotation.Order order}.
 *
 * <p>The builder accepts each setting once: a customizer cannot override a setting the properties
 * already made (such as the cache lifetimes), and it cannot set the listener — declare a
 * {@link io.tocsin.core.Listener} bean instead; all of them are combined.
 */
@FunctionalInterface
public interface TocsinCheckerBuilderCustomizer {

    void customize(Checker.Builder builder);
}
