package io.tocsin.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.core.Checker;
import io.tocsin.core.Verdict;
import io.tocsin.spring.web.TocsinFilterAutoConfiguration;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/** {@code tocsin.notify-threshold} and {@code tocsin.sources.NAME.weight} through Spring Boot's binding. */
class WeightPropertiesTest {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TocsinAutoConfiguration.class, TocsinFilterAutoConfiguration.class))
            .withPropertyValues("tocsin.sources.weak.type=list", "tocsin.sources.weak.entries=192.0.2.0/24",
                    "tocsin.sources.strong.type=list", "tocsin.sources.strong.entries=192.0.2.66",
                    "tocsin.sources.campus.type=list", "tocsin.sources.campus.entries=10.0.0.0/8",
                    "tocsin.sources.campus.category=other");

    @Test
    void weightsAndThresholdReachTheChecker() {
        runner.withPropertyValues("tocsin.notify-threshold=1.5", "tocsin.sources.weak.weight=0.5",
                        "tocsin.sources.strong.weight=1", "tocsin.sources.campus.weight=-100")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Checker checker = context.getBean(Checker.class);
                    assertThat(checker.notifyThreshold()).isEqualTo(1.5);
                    assertThat(checker.weights()).containsEntry("weak", 0.5).containsEntry("campus", -100.0);
                    Verdict both = checker.check("192.0.2.66", Duration.ofSeconds(5));
                    assertThat(both.score()).isEqualTo(1.5);
                    assertThat(both.shouldNotify()).isTrue();
                    assertThat(checker.check("192.0.2.67", Duration.ofSeconds(5)).shouldNotify()).as("0.5 alone").isFalse();
                });
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "tocsin.sources.weak.weight | heavy | a decimal such as 1, 0.5 or -100",
            "tocsin.notify-threshold    | lots  | a decimal such as 1, 0.5 or -100",
            "tocsin.notify-threshold    | 0     | must be greater than zero",
            "tocsin.notify-threshold    | -2    | must be greater than zero",
            "tocsin.notify-threshold    | 50    | cannot be reached",
    })
    void badValuesFailStartNamingKeyAndValue(String key, String value, String problem) {
        runner.withPropertyValues(key + "=" + value).run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new TocsinFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription()).contains(key).contains("\"" + value + "\"").contains(problem);
        });
    }
}
