package io.tocsin.spring.health;

import io.tocsin.core.Checker;
import io.tocsin.spring.TocsinAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of the
 * {@code tocsin} health contributor, when the application has Spring Boot's health support (as
 * {@code spring-boot-starter-actuator} brings). Turn it off with
 * {@code management.health.tocsin.enabled=false}. See {@link TocsinHealthIndicator} for when it is
 * UP and what it details.
 */
@AutoConfiguration(after = TocsinAutoConfiguration.class)
@ConditionalOnClass({ HealthIndicator.class, Checker.class })
@ConditionalOnBean(Checker.class)
public final class TocsinHealthContributorAutoConfiguration {

    // on the method, not the class: the condition's own class lives in spring-boot-health, and class
    // conditions are all loaded before any is evaluated, so a missing module would fail start-up
    @Bean
    @ConditionalOnEnabledHealthIndicator("tocsin")
    @ConditionalOnMissingBean(name = { "tocsinHealthIndicator", "tocsinHealthContributor" })
    public TocsinHealthIndicator tocsinHealthIndicator(Checker checker) {
        return new TocsinHealthIndicator(checker);
    }
}
