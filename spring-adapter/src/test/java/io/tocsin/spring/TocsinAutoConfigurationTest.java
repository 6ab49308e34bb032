package io.tocsin.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.tocsin.core.Checker;
import io.tocsin.core.Listener;
import io.tocsin.core.SourceResult;
import io.tocsin.core.Verdict;
import io.tocsin.core.config.CheckerSettings;
import io.tocsin.core.config.Settings;
import io.tocsin.core.ip.IpAddress;
import io.tocsin.core.list.ListSource;
import io.tocsin.core.ip.IpSet;
import io.tocsin.core.Category;
import io.tocsin.servlet.FilterOptions;
import io.tocsin.servlet.Mode;
import io.tocsin.servlet.TocsinFilter;
import io.tocsin.spring.health.TocsinHealthContributorAutoConfiguration;
import io.tocsin.spring.health.TocsinHealthIndicator;
import io.tocsin.spring.metrics.CheckerGauges;
import io.tocsin.spring.metrics.TocsinMetrics;
import io.tocsin.spring.metrics.TocsinMetricsAutoConfiguration;
import io.tocsin.spring.web.TocsinFilterAutoConfiguration;
import jakarta.servlet.DispatcherType;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class TocsinAutoConfigurationTest {

    private static final AutoConfigurations TOCSIN = AutoConfigurations.of(TocsinAutoConfiguration.class,
            TocsinFilterAutoConfiguration.class, TocsinHealthContributorAutoConfiguration.class,
            TocsinMetricsAutoConfiguration.class);

    private static final AutoConfigurations METRICS = AutoConfigurations.of(MetricsAutoConfiguration.class,
            SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class);

    private final WebApplicationContextRunner web = new WebApplicationContextRunner()
            .withConfiguration(TOCSIN)
            .withConfiguration(METRICS)
            .withPropertyValues("tocsin.sources.local.type=list", "tocsin.sources.local.entries=192.0.2.66");

    @Nested
    class Defaults {

        @Test
        void makesCheckerFilterHealthAndMetrics() {
            web.run(context -> {
                assertThat(context).hasNotFailed()
                        .hasSingleBean(Checker.class)
                        .hasSingleBean(FilterOptions.class)
                        .hasSingleBean(TocsinHealthIndicator.class)
                        .hasSingleBean(TocsinMetrics.class)
                        .hasSingleBean(CheckerGauges.class)
                        .hasBean("tocsinHealthIndicator");
                Checker checker = context.getBean(Checker.class);
                assertThat(checker.sources()).as("the configured list source").extracting(s -> s.name())
                        .containsExactly("local");
                FilterRegistrationBean<?> registration = context.getBean("tocsinFilterRegistration", FilterRegistrationBean.class);
                assertThat(registration.getFilter()).as("registered filter").isInstanceOf(TocsinFilter.class);
                assertThat(registration.getOrder()).as("default order, before Spring Security's -100").isEqualTo(-110);
                assertThat(registration.getUrlPatterns()).as("url patterns").containsExactly("/*");
                assertThat(registration.isAsyncSupported()).as("async supported").isTrue();
                assertThat(dispatcherTypes(registration)).as("default dispatcher types")
                        .containsExactlyInAnyOrder(DispatcherType.REQUEST, DispatcherType.ASYNC);
            });
        }

        @Test
        void closingTheContextClosesTheCheckerAndItsSources() {
            // so that a redeployed application leaves none of the checker's threads behind
            RecordingSource source = new RecordingSource();
            web.withBean(TocsinCheckerBuilderCustomizer.class, () -> builder -> builder.source(source))
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        assertThat(source.closed).as("open while the context runs").isFalse();
                    });
            assertThat(source.closed).as("closed with the context").isTrue();
        }

        @Test
        void defaultsAreTheCoreDefaults() {
            // the Spring defaults are written in TocsinProperties for the metadata; they must say
            // what the core and the filter do when a key is not set at all
            new ApplicationContextRunner().withConfiguration(TOCSIN).run(context -> {
                Checker fromSpring = context.getBean(Checker.class);
                try (Checker fromCore = CheckerSettings.builder(Settings.of(Map.of())).build()) {
                    assertThat(fromSpring).as("checker made from default properties").hasToString(fromCore.toString());
                }
                TocsinProperties properties = context.getBean(TocsinProperties.class);
                FilterOptions fromSpringOptions = FilterOptions.from(Settings.of(properties.toSettingsMap()));
                FilterOptions fromCoreOptions = FilterOptions.from(Settings.of(Map.of()));
                assertThat(fromSpringOptions).as("filter options made from default properties")
                        .hasToString(fromCoreOptions.toString());
            });
        }

        @Test
        void propertiesReachTheCheckerAndTheFilter() {
            web.withPropertyValues("tocsin.mode=block", "tocsin.lookup-budget=250ms", "tocsin.trusted-proxies=10.0.0.0/8, 192.168.1.1",
                            "tocsin.block.allow=/help/**,/favicon.ico", "tocsin.cache.listed-ttl=2h", "tocsin.filter.order=5",
                            "tocsin.filter.dispatcher-types=request,error", "tocsin.forwarded-header=x-forwarded-for",
                            "tocsin.banner.scan-limit=128KB")
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        FilterOptions options = context.getBean(FilterOptions.class);
                        assertThat(options.mode()).as("mode").isEqualTo(Mode.BLOCK);
                        assertThat(options.lookupBudget()).as("budget").isEqualTo(Duration.ofMillis(250));
                        assertThat(options.trustedProxies().contains(IpAddress.parse("10.1.2.3"))).as("trusted CIDR").isTrue();
                        assertThat(options.trustedProxies().contains(IpAddress.parse("192.168.1.1"))).as("trusted address").isTrue();
                        assertThat(options.blockAllow()).as("block allow").containsExactly("/help/**", "/favicon.ico");
                        assertThat(options.forwardedHeader()).as("forwarded header").isEqualTo(FilterOptions.ForwardedHeader.X_FORWARDED_FOR);
                        assertThat(options.scanLimit()).as("scan limit").isEqualTo(128 * 1024);
                        assertThat(context.getBean(Checker.class).toString()).as("checker").contains("listed=PT2H");
                        FilterRegistrationBean<?> registration = context.getBean(FilterRegistrationBean.class);
                        assertThat(registration.getOrder()).as("order").isEqualTo(5);
                        assertThat(dispatcherTypes(registration)).as("dispatcher types")
                                .containsExactlyInAnyOrder(DispatcherType.REQUEST, DispatcherType.ERROR);
                    });
        }

        @Test
        void checkerLooksUpTheConfiguredList() {
            web.run(context -> {
                Checker checker = context.getBean(Checker.class);
                Verdict listed = checker.check("192.0.2.66", Duration.ofSeconds(5));
                Verdict clean = checker.check("192.0.2.1", Duration.ofSeconds(5));
                assertThat(listed.shouldNotify()).as("listed address notifies").isTrue();
                assertThat(clean.listed()).as("other address is clean").isFalse();
            });
        }

        @Test
        void autoConfigurationsAreFinalAndListedInImports() {
            List<String> imports = ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()).getCandidates();
            List<Class<?>> ours = List.of(TocsinAutoConfiguration.class, TocsinFilterAutoConfiguration.class,
                    TocsinHealthContributorAutoConfiguration.class, TocsinMetricsAutoConfiguration.class);
            for (Class<?> type : ours) {
                assertThat(imports).as("AutoConfiguration.imports").contains(type.getName());
                assertThat(Modifier.isFinal(type.getModifiers())).as(type.getSimpleName() + " is final").isTrue();
            }
        }
    }

    @Nested
    class Disabled {

        @Test
        void enabledFalseMakesNothing() {
            web.withPropertyValues("tocsin.enabled=false").run(context -> {
                assertThat(context).hasNotFailed()
                        .doesNotHaveBean(Checker.class)
                        .doesNotHaveBean(FilterOptions.class)
                        .doesNotHaveBean(FilterRegistrationBean.class)
                        .doesNotHaveBean(TocsinHealthIndicator.class)
                        .doesNotHaveBean(TocsinMetrics.class);
            });
        }

        @Test
        void healthIndicatorCanBeTurnedOffAlone() {
            web.withPropertyValues("management.health.tocsin.enabled=false").run(context -> {
                assertThat(context).hasNotFailed()
                        .hasSingleBean(Checker.class)
                        .doesNotHaveBean(TocsinHealthIndicator.class);
            });
        }

        @Test
        void noFilterOutsideAServletWebApplication() {
            new ApplicationContextRunner().withConfiguration(TOCSIN).run(context -> {
                assertThat(context).hasNotFailed()
                        .hasSingleBean(Checker.class)
                        .doesNotHaveBean(FilterRegistrationBean.class)
                        .doesNotHaveBean(FilterOptions.class);
            });
        }
    }

    @Nested
    class BackOff {

        @Test
        void userCheckerReplacesTheAutoConfiguredOne() {
            web.withUserConfiguration(UserChecker.class).run(context -> {
                assertThat(context).hasNotFailed().hasSingleBean(Checker.class);
                Checker checker = context.getBean(Checker.class);
                assertThat(checker).as("the user's checker").isSameAs(context.getBean("userChecker"));
                assertThat(checker.sources()).extracting(s -> s.name()).as("the user's sources").containsExactly("mine");
                // the filter and the health indicator use the user's checker
                assertThat(context.getBean(FilterRegistrationBean.class).getFilter())
                        .extracting(f -> ((TocsinFilter) f).checker()).as("filter's checker").isSameAs(checker);
                assertThat(context.getBean(TocsinHealthIndicator.class).health().getDetails())
                        .extractingByKey("sources").asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                        .containsOnlyKeys("mine");
            });
        }

        @Test
        void userFilterOptionsReplaceTheAutoConfiguredOnes() {
            web.withUserConfiguration(UserFilterOptions.class).run(context -> {
                assertThat(context).hasNotFailed().hasSingleBean(FilterOptions.class);
                TocsinFilter filter = (TocsinFilter) context.getBean(FilterRegistrationBean.class).getFilter();
                assertThat(filter.options().mode()).as("the user's mode").isEqualTo(Mode.OBSERVE);
            });
        }

        @Test
        void userFilterRegistrationReplacesTheAutoConfiguredOne() {
            web.withUserConfiguration(UserFilterRegistration.class).run(context -> {
                assertThat(context).hasNotFailed()
                        .hasSingleBean(FilterRegistrationBean.class)
                        .hasBean("myTocsinRegistration")
                        .doesNotHaveBean("tocsinFilterRegistration");
            });
        }

        @Test
        void userHealthIndicatorReplacesTheAutoConfiguredOne() {
            web.withUserConfiguration(UserHealthIndicator.class).run(context -> {
                assertThat(context).hasNotFailed().doesNotHaveBean(TocsinHealthIndicator.class).hasBean("tocsinHealthIndicator");
            });
        }

        @Test
        void customizersAdjustTheBuilder() {
            web.withUserConfiguration(ExtraSource.class).run(context -> {
                assertThat(context.getBean(Checker.class).sources()).extracting(s -> s.name())
                        .as("configured source, then the customizer's").containsExactly("local", "extra");
            });
        }

        @Test
        void listenerBeansHearTheCheckerBesideTheMetrics() {
            web.withUserConfiguration(RecordingListener.class).run(context -> {
                Checker checker = context.getBean(Checker.class);
                checker.check("192.0.2.66", Duration.ofSeconds(5));
                RecordingListener listener = context.getBean(RecordingListener.class);
                assertThat(listener.outcomes).as("the user's listener").containsExactly("local:listed");
                MeterRegistry registry = context.getBean(MeterRegistry.class);
                assertThat(registry.get("tocsin.lookups").tag("source", "local").tag("outcome", "listed").counter().count())
                        .as("the metrics listener too").isEqualTo(1.0);
            });
        }
    }

    @Nested
    class OptionalDependencies {

        @Test
        void withoutActuatorHealthThereIsNoHealthIndicator() {
            web.withClassLoader(new FilteredClassLoader(HealthIndicator.class)).run(context -> {
                assertThat(context).hasNotFailed()
                        .hasSingleBean(Checker.class)
                        .hasSingleBean(FilterRegistrationBean.class)
                        .doesNotHaveBean(TocsinHealthIndicator.class);
            });
        }

        @Test
        void withoutMicrometerThereAreNoMeters() {
            new WebApplicationContextRunner().withConfiguration(TOCSIN)
                    .withPropertyValues("tocsin.sources.local.type=list", "tocsin.sources.local.entries=192.0.2.66")
                    .withClassLoader(new FilteredClassLoader("io.micrometer", "org.springframework.boot.micrometer",
                            "org.springframework.boot.health"))
                    .run(context -> {
                        assertThat(context).hasNotFailed()
                                .hasSingleBean(Checker.class)
                                .hasSingleBean(FilterRegistrationBean.class)
                                .doesNotHaveBean(TocsinMetrics.class)
                                .doesNotHaveBean(TocsinHealthIndicator.class);
                        // the checker works without a listener
                        assertThat(context.getBean(Checker.class).check("192.0.2.66", Duration.ofSeconds(5)).shouldNotify())
                                .as("lookup without metrics").isTrue();
                    });
        }

        @Test
        void withMicrometerButNoRegistryThereAreNoMeters() {
            new WebApplicationContextRunner().withConfiguration(TOCSIN).run(context -> {
                assertThat(context).hasNotFailed().hasSingleBean(Checker.class).doesNotHaveBean(TocsinMetrics.class);
            });
        }
    }

    private static java.util.Set<DispatcherType> dispatcherTypes(FilterRegistrationBean<?> registration) {
        return registration.determineDispatcherTypes();
    }

    @Configuration(proxyBeanMethods = false)
    static class UserChecker {
        @Bean
        Checker userChecker() {
            return Checker.builder().source(new ListSource("mine", IpSet.parse("198.51.100.7"), Category.INFECTED)).build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserFilterOptions {
        @Bean
        FilterOptions myFilterOptions() {
            return FilterOptions.builder().mode(Mode.OBSERVE).build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserFilterRegistration {
        @Bean
        FilterRegistrationBean<TocsinFilter> myTocsinRegistration(Checker checker) {
            return new FilterRegistrationBean<>(new TocsinFilter(checker, FilterOptions.builder().build()));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserHealthIndicator {
        @Bean
        HealthIndicator tocsinHealthIndicator() {
            return () -> org.springframework.boot.health.contributor.Health.up().build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ExtraSource {
        @Bean
        TocsinCheckerBuilderCustomizer extraSource() {
            return builder -> builder.source(new ListSource("extra", IpSet.parse("203.0.113.9"), Category.SPAM));
        }
    }

    static class RecordingListener implements Listener {
        final List<String> outcomes = new CopyOnWriteArrayList<>();

        @Override
        public void sourceQueried(String source, IpAddress ip, SourceResult result, long nanos) {
            outcomes.add(source + ":" + result.outcome().id());
        }
    }

    /** A source that only remembers whether it was closed. */
    private static final class RecordingSource implements io.tocsin.core.Source {
        volatile boolean closed;

        @Override
        public String name() {
            return "recording";
        }

        @Override
        public java.util.concurrent.CompletionStage<SourceResult> query(IpAddress ip) {
            return java.util.concurrent.CompletableFuture.completedFuture(SourceResult.NOT_LISTED);
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
