package io.tocsin.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.tocsin.spring.metrics.TocsinMeters;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's property and meter tables keep up with the code. */
class ReadmeTest {

    private static String readme() throws Exception {
        return Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
    }

    @Test
    void documentsEveryProperty() throws Exception {
        String metadata;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("generated configuration metadata").isNotNull();
            metadata = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> names = JsonPath.read(metadata, "$.properties[*].name");
        assertThat(names).as("properties in the metadata").contains("tocsin.mode", "tocsin.filter.order", "tocsin.sources");
        String readme = readme();
        for (String name : names) {
            assertThat(readme).as("README documents %s", name).contains("`" + name + "`");
        }
    }

    @Test
    void documentsEveryMeter() throws Exception {
        String readme = readme();
        for (Field field : TocsinMeters.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                String value = (String) field.get(null);
                assertThat(readme).as("README mentions %s = %s", field.getName(), value).contains("`" + value);
            }
        }
    }
}
