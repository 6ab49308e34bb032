package io.tocsin.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.tocsin.core.Checker;
import io.tocsin.core.config.CheckerSettings;
import io.tocsin.core.config.Durations;
import io.tocsin.core.config.Settings;
import io.tocsin.servlet.FilterOptions;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The properties pass on only what was set, so the defaults that apply are the core's and the
 * filter's; the configuration metadata, which an IDE shows, states those same defaults.
 */
class MetadataDefaultsTest {

    @Test
    void nothingSetPassesNothingOn() {
        assertThat(new TocsinProperties().toSettingsMap()).as("flat keys of unset properties").isEmpty();
        assertThat(bind(Map.of()).toSettingsMap()).as("flat keys of an empty environment").isEmpty();
    }

    @Test
    void everyDefaultInTheMetadataIsTheOneThatApplies() throws Exception {
        String metadata;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("generated configuration metadata").isNotNull();
            metadata = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Map<String, Object>> properties = JsonPath.read(metadata, "$.properties[*]");
        String defaults = effective(Map.of());
        int checked = 0;
        for (Map<String, Object> property : properties) {
            String name = (String) property.get("name");
            if (!property.containsKey("defaultValue") || property.get("defaultValue") == null) {
                continue;
            }
            if (name.startsWith("tocsin.filter.")) {
                continue; // the filter's registration in Spring Boot: defaults of the starter itself
            }
            Object value = property.get("defaultValue");
            String text = value instanceof Collection<?> c ? String.join(",", c.stream().map(String::valueOf).toList())
                    : String.valueOf(value);
            Map<String, String> flat = bind(Map.of(name, text)).toSettingsMap();
            assertThat(effective(flat)).as("%s set to its default in the metadata, %s", name, text).isEqualTo(defaults);
            checked++;
        }
        assertThat(checked).as("properties with a default").isGreaterThanOrEqualTo(16);
    }

    /** Two core defaults a checker does not show: the metadata states the core's constants. */
    @Test
    void theDeadlineAndInFlightDefaultsAreTheCoresConstants() throws Exception {
        String metadata;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("META-INF/spring-configuration-metadata.json")) {
            metadata = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Object> deadline = JsonPath.read(metadata, "$.properties[?(@.name == 'tocsin.lookup-deadline')].defaultValue");
        List<Object> inFlight = JsonPath.read(metadata, "$.properties[?(@.name == 'tocsin.max-in-flight')].defaultValue");
        assertThat(deadline).as("tocsin.lookup-deadline").containsExactly(Durations.format(Checker.DEFAULT_SOURCE_DEADLINE));
        assertThat(inFlight).as("tocsin.max-in-flight").containsExactly(Checker.DEFAULT_MAX_IN_FLIGHT);
    }

    /** The comparison above sees each of these keys: set to something else, the outcome differs. */
    @ParameterizedTest
    @CsvSource({"tocsin.enabled,false", "tocsin.mode,block", "tocsin.notify-categories,spam", "tocsin.forwarded-header,forwarded",
            "tocsin.lookup-budget,51ms", "tocsin.path,/_t",
            "tocsin.ack-ttl,23h", "tocsin.brand.color,#000", "tocsin.banner.scan-limit,63KB", "tocsin.cache.max-size,9",
            "tocsin.cache.listed-ttl,2h", "tocsin.cache.clean-ttl,14m", "tocsin.cache.error-ttl,29s"})
    void aChangedKeyChangesTheOutcome(String name, String value) throws Exception {
        assertThat(effective(bind(Map.of(name, value)).toSettingsMap())).as(name).isNotEqualTo(effective(Map.of()));
    }

    private static TocsinProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bind("tocsin", Bindable.of(TocsinProperties.class)).orElseGet(TocsinProperties::new);
    }

    /** What the filter and the checker made from {@code flat} do, as text. */
    private static String effective(Map<String, String> flat) throws Exception {
        Settings settings = Settings.of(new LinkedHashMap<>(flat));
        FilterOptions o = FilterOptions.from(settings);
        try (Checker checker = CheckerSettings.builder(settings).build()) {
            settings.rejectUnknown();
            return List.of(o.enabled(), o.mode(), o.trustedProxies(), o.forwardedHeader(), o.lookupBudget(), o.path(),
                    o.ackTtl(), o.blockAllow(), o.branding().accent(), o.scanLimit(), checker).toString();
        }
    }
}
