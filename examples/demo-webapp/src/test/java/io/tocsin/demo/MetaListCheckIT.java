package io.tocsin.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.testing.Rbldnsd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worked example of docs/SOURCES.md, "Trying it", run as written: its zones in a real rbldnsd,
 * its configuration, its {@code check} command, and the output it documents, line for line.
 */
class MetaListCheckIT {

    @TempDir
    Path dir;

    private static String section() throws Exception {
        String doc = Files.readString(Path.of("..", "..", "docs", "SOURCES.md"));
        int start = doc.indexOf("### Trying it");
        assertThat(start).as("the section in docs/SOURCES.md").isPositive();
        return doc.substring(start);
    }

    private static List<String> blocks(String text, String language) {
        Matcher m = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL).matcher(text);
        List<String> blocks = new ArrayList<>();
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    @Test
    void checkPrintsTheDocumentedScores() throws Exception {
        String section = section();
        Map<String, StringBuilder> zones = new LinkedHashMap<>();
        StringBuilder current = null;
        for (String line : blocks(section, "text").get(0).split("\n")) {
            if (line.startsWith("# zone ")) {
                current = new StringBuilder();
                zones.put(line.substring("# zone ".length()).trim(), current);
            } else if (current != null) {
                current.append(line).append('\n');
            }
        }
        assertThat(zones).as("zones in the documentation").containsOnlyKeys("zen.local", "drone.local", "traps.local");
        Rbldnsd.Builder builder = Rbldnsd.builder();
        zones.forEach((zone, data) -> builder.withoutTestPoint(zone).ip4set(zone, data.toString()));
        try (Rbldnsd dns = builder.start()) {
            String config = blocks(section, "properties").get(0).replace("127.0.0.1:5353", dns.servers());
            Path file = Files.writeString(dir.resolve("meta.properties"), config);
            Matcher command = Pattern.compile("`java -jar examples/demo-webapp/target/tocsin-demo.jar check --config meta.properties ([^`]*)`")
                    .matcher(section);
            assertThat(command.find()).as("the documented command").isTrue();
            List<String> args = new ArrayList<>(List.of("check", "--config", file.toString()));
            args.addAll(List.of(command.group(1).trim().split(" +")));
            CheckCommandIT.Run run = CheckCommandIT.run(args.toArray(String[]::new));
            assertThat(run.status()).as(run.err()).isZero();
            List<String> documented = List.of(blocks(section, "json").get(0).strip().split("\n"));
            assertThat(run.lines()).as("the documented output").containsExactlyElementsOf(documented);
        }
    }
}
