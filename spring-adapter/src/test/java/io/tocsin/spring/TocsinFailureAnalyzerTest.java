package io.tocsin.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.spring.web.TocsinFilterAutoConfiguration;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/** A bad tocsin.* value fails start-up, and the analysis names the key, the value and what is allowed. */
class TocsinFailureAnalyzerTest {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TocsinAutoConfiguration.class, TocsinFilterAutoConfiguration.class));

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            // values Spring cannot convert
            "tocsin.mode                       | flashy     | banner, interstitial, block, observe",
            "tocsin.lookup-budget              | fast       | a duration such as 250ms, 30s, 15m, 1h, 1d",
            "tocsin.notify-categories          | infected,evil | infected, spam, attacker, proxy, policy, other",
            "tocsin.filter.dispatcher-types    | request,sometimes | forward, include, request, async, error",
            "tocsin.cache.max-size             | lots       | a whole number",
            "tocsin.sources.bl.category        | nasty      | infected, spam, attacker, proxy, policy, other",
            // values the Tocsin parser rejects
            "tocsin.trusted-proxies            | 10.0.0.0/33 | is not a list of IP addresses and CIDR ranges",
            "tocsin.sources.bl.type            | telepathy  | is not a source type (allowed: dnsbl, list",
            "tocsin.path                       | no-slash   | is not a path prefix",
            "tocsin.cache.listed-ttl           | 0s         | must be greater than zero",
    })
    void namesKeyValueAndWhatIsAllowed(String key, String value, String allowed) {
        runner.withPropertyValues("tocsin.sources.bl.type=list", "tocsin.sources.bl.entries=192.0.2.66", key + "=" + value)
                .run(context -> {
                    assertThat(context).as("start-up with %s=%s", key, value).hasFailed();
                    FailureAnalysis analysis = new TocsinFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis).as("analysis of %s=%s", key, value).isNotNull();
                    assertThat(analysis.getDescription()).as("description")
                            .contains(key)
                            .contains(value.contains(",") ? value.substring(value.lastIndexOf(',') + 1) : value)
                            .contains(allowed);
                    assertThat(analysis.getAction()).as("action").contains("tocsin.*");
                });
    }

    @Test
    void unknownKeyIsNamed() {
        runner.withPropertyValues("tocsin.lookup-budgett=100ms").run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new TocsinFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription()).as("description")
                    .contains("tocsin.lookup-budgett")
                    .contains("not a Tocsin key");
        });
    }

    @Test
    void unknownKeyGetsTheKeyMeant() {
        runner.withPropertyValues("tocsin.lookup-budgett=100ms").run(context -> {
            FailureAnalysis analysis = new TocsinFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).as("description").contains("(did you mean tocsin.lookup-budget?)");
        });
    }

    @Test
    void aKeyUnderAMisspeltPrefixFailsStartUp() {
        runner.withPropertyValues("tocsin.sources.bl.type=list", "tocsin.sources.bl.entries=192.0.2.66", "tocsn.mode=block")
                .run(context -> {
                    assertThat(context).as("start-up with tocsn.mode").hasFailed();
                    FailureAnalysis analysis = new TocsinFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis).isNotNull();
                    assertThat(analysis.getDescription()).as("description").isEqualTo("Tocsin could not start: "
                            + "tocsn.mode: \"block\" is not a Tocsin key: its prefix is misspelt (did you mean tocsin.mode?).");
                });
    }

    @Test
    void anUnknownSourceKeyFailsStartUpWithTheKeyMeant() {
        runner.withPropertyValues("tocsin.sources.bl.type=list", "tocsin.sources.bl.entries=192.0.2.66",
                "tocsin.sources.bl.categroy=spam").run(context -> {
                    assertThat(context).as("start-up with a misspelt source key").hasFailed();
                    FailureAnalysis analysis = new TocsinFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis).isNotNull();
                    assertThat(analysis.getDescription()).as("description")
                            .contains("tocsin.sources.bl.categroy: \"spam\" is not a known key (did you mean tocsin.sources.bl.category?)");
                });
    }

    @Test
    void missingSourceTypeIsNamed() {
        runner.withPropertyValues("tocsin.sources.zen.zone=zen.spamhaus.org").run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new TocsinFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription()).as("description").contains("tocsin.sources.zen.type").contains("is required");
        });
    }

    @Test
    void otherFailuresAreLeftToSpringBoot() {
        assertThat(new TocsinFailureAnalyzer().analyze(new IllegalStateException("not ours"))).isNull();
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void springBootReportsTheAnalysisAheadOfItsOwn(CapturedOutput output) {
        SpringApplication application = new SpringApplication(Minimal.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        assertThatThrownBy(() -> application.run("--tocsin.mode=flashy", "--spring.main.banner-mode=off"))
                .as("start-up with a bad mode").isInstanceOf(Exception.class);
        assertThat(output).as("start-up failure report")
                .contains("APPLICATION FAILED TO START")
                .contains("Tocsin could not start: tocsin.mode: \"flashy\" is not allowed (allowed: banner, interstitial, block, observe)");
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(TocsinAutoConfiguration.class)
    static class Minimal {
    }
}
