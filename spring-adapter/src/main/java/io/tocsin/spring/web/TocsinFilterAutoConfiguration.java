package io.tocsin.spring.web;

import io.tocsin.core.Checker;
import io.tocsin.core.config.Settings;
import io.tocsin.servlet.FilterOptions;
import io.tocsin.servlet.NoticeListener;
import io.tocsin.servlet.TocsinFilter;
import io.tocsin.spring.TocsinAutoConfiguration;
import io.tocsin.spring.TocsinProperties;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingFilterBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of the
 * {@link TocsinFilter} in a servlet web application: its {@link FilterOptions} from the
 * {@code tocsin.*} properties, and its registration for every path with
 * {@code tocsin.filter.order} and {@code tocsin.filter.dispatcher-types}.
 *
 * <p>The default order, {@value TocsinProperties.Filter#DEFAULT_ORDER}, is just ahead of Spring
 * Security's filter chain (-100): block mode then stops a listed visitor before any authentication
 * work, Tocsin's own endpoints (notice, acknowledgement) answer visitors who are not logged in, and
 * the banner also reaches the pages Spring Security renders itself, such as its login page.
 *
 * <p>Every {@link NoticeListener} bean hears of the notices shown (the metrics auto-configuration
 * adds one). A {@link FilterOptions} bean, or a registration of a {@link TocsinFilter} of the
 * application's own, replaces the one made here.
 */
@AutoConfiguration(after = TocsinAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ TocsinFilter.class, jakarta.servlet.Filter.class })
@ConditionalOnBean(Checker.class)
@ConditionalOnBooleanProperty(name = "tocsin.enabled", matchIfMissing = true)
public final class TocsinFilterAutoConfiguration {

    /** The name of the filter registration bean and of the filter in the servlet container. */
    public static final String FILTER_NAME = "tocsinFilter";

    @Bean
    @ConditionalOnMissingBean
    public FilterOptions tocsinFilterOptions(TocsinProperties properties, ObjectProvider<NoticeListener> noticeListeners) {
        FilterOptions options = FilterOptions.from(Settings.of(properties.toSettingsMap()));
        NoticeListener listener = CompositeNoticeListener.of(noticeListeners.orderedStream().toList());
        return listener == NoticeListener.NONE ? options : options.withNoticeListener(listener);
    }

    @Bean
    @ConditionalOnMissingFilterBean(TocsinFilter.class)
    public FilterRegistrationBean<TocsinFilter> tocsinFilterRegistration(Checker checker, FilterOptions options,
                                                                          TocsinProperties properties) {
        FilterRegistrationBean<TocsinFilter> registration = new FilterRegistrationBean<>(new TocsinFilter(checker, options));
        registration.setName(FILTER_NAME);
        registration.setOrder(properties.getFilter().getOrder());
        registration.setAsyncSupported(true);
        registration.setUrlPatterns(List.of("/*"));
        registration.setDispatcherTypes(dispatcherTypes(properties.getFilter().getDispatcherTypes()));
        return registration;
    }

    private static EnumSet<DispatcherType> dispatcherTypes(
            java.util.Collection<org.springframework.boot.web.servlet.DispatcherType> configured) {
        EnumSet<DispatcherType> types = EnumSet.noneOf(DispatcherType.class);
        for (org.springframework.boot.web.servlet.DispatcherType type : configured) {
            types.add(DispatcherType.valueOf(type.name()));
        }
        return types;
    }
}
