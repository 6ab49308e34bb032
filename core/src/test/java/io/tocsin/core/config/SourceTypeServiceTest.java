package io.tocsin.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tocsin.core.Category;
import io.tocsin.core.Source;
import io.tocsin.core.SourceResult;
import io.tocsin.core.ip.IpAddress;
import java.io.IOException;
import java.io.StringReader;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source type added by a jar: the factory of docs/SOURCES.md ("Your own source types") is compiled
 * from the page, packed into its own jar with its service file, and loaded through a fresh class
 * loader, as a webapp's WEB-INF/lib would.
 */
class SourceTypeServiceTest {

    private static final String SECTION = "## Your own source types";
    private static final String BUILT_IN = "dnsbl, list, crowdsec, abuseipdb, http-json, feed";

    @TempDir
    Path dir;

    @Test
    void aFactoryInAJarOnTheClassPathAddsItsType() throws Exception {
        String section = section();
        Path jar = jar("office", javaBlock(section), "com.example.tocsin.OfficeRangesFactory");
        Settings settings = Settings.of(propertiesBlock(section));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader())) {
            List<Source> sources = CheckerSettings.sources(settings, loader);
            settings.rejectUnknown();
            assertThat(sources).as("one source of the added type").hasSize(1);
            Source office = sources.get(0);
            assertThat(office.getClass().getClassLoader()).as("a built-in class, made by the jar's factory").isNotSameAs(loader);
            SourceResult result = office.query(IpAddress.parse("198.51.100.7")).toCompletableFuture().join();
            assertThat(result).as("an address in the configured ranges").isInstanceOf(SourceResult.Listed.class);
            assertThat(((SourceResult.Listed) result).listing().categories()).containsExactly(Category.POLICY);
            assertThat(office.lookupUrl(IpAddress.parse("198.51.100.7"))).as("the factory's lookup page, address filled in")
                    .contains("https://it.example.com/ip/198.51.100.7");
        }
    }

    @Test
    void withoutTheJarTheTypeIsUnknownAndTheErrorListsTheKnownTypes() throws Exception {
        Settings settings = Settings.of(propertiesBlock(section()));
        assertThatThrownBy(() -> CheckerSettings.sources(settings, getClass().getClassLoader()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("tocsin.sources.office.type: \"office-ranges\" is not a source type (allowed: " + BUILT_IN + ")");
    }

    @Test
    void aMisspeltTypeListsTheAddedTypeToo() throws Exception {
        Path jar = jar("office", javaBlock(section()), "com.example.tocsin.OfficeRangesFactory");
        Settings settings = Settings.of(Map.of("tocsin.sources.office.type", "office-range"));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader())) {
            assertThatThrownBy(() -> CheckerSettings.sources(settings, loader))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("tocsin.sources.office.type: \"office-range\" is not a source type (allowed: "
                            + BUILT_IN + ", office-ranges)");
        }
    }

    @Test
    void twoFactoriesOfOneTypeAreReportedByName() throws Exception {
        String java = javaBlock(section());
        Path first = jar("office", java, "com.example.tocsin.OfficeRangesFactory");
        Path second = jar("other", java.replace("OfficeRangesFactory", "OtherOfficeFactory"), "com.example.tocsin.OtherOfficeFactory");
        Settings settings = Settings.of(propertiesBlock(section()));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {first.toUri().toURL(), second.toUri().toURL()},
                getClass().getClassLoader())) {
            assertThatThrownBy(() -> CheckerSettings.builder(settings, loader))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("tocsin.sources.office.type: \"office-ranges\" is provided by more than one source factory"
                            + " (com.example.tocsin.OfficeRangesFactory, com.example.tocsin.OtherOfficeFactory):"
                            + " remove all but one of them from the class path");
            Settings unrelated = Settings.of(Map.of("tocsin.sources.bl.type", "list", "tocsin.sources.bl.entries", "192.0.2.1"));
            assertThat(CheckerSettings.sources(unrelated, loader)).as("the clash matters only where that type is used").hasSize(1);
        }
    }

    @Test
    void aJarClaimingABuiltInTypeIsReportedToo() throws Exception {
        String java = javaBlock(section()).replace("\"office-ranges\"", "\"list\"");
        Path jar = jar("office", java, "com.example.tocsin.OfficeRangesFactory");
        Settings settings = Settings.of(Map.of("tocsin.sources.bl.type", "list", "tocsin.sources.bl.entries", "192.0.2.1"));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader())) {
            assertThatThrownBy(() -> CheckerSettings.sources(settings, loader))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("\"list\" is provided by more than one source factory")
                    .hasMessageContaining("io.tocsin.core.list.ListSourceFactory, com.example.tocsin.OfficeRangesFactory");
        }
    }

    @Test
    void aBrokenServiceEntryDoesNotHideTheOtherTypes() throws Exception {
        Path jar = dir.resolve("broken.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("META-INF/services/" + SourceFactory.class.getName()));
            out.write("com.example.Missing\n".getBytes(StandardCharsets.UTF_8));
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader())) {
            Settings good = Settings.of(Map.of("tocsin.sources.bl.type", "list", "tocsin.sources.bl.entries", "192.0.2.1"));
            assertThat(CheckerSettings.sources(good, loader)).hasSize(1);
            Settings bad = Settings.of(Map.of("tocsin.sources.x.type", "missing"));
            assertThatThrownBy(() -> CheckerSettings.sources(bad, loader))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("is not a source type (allowed: " + BUILT_IN + ")")
                    .hasMessageContaining("could not be loaded")
                    .hasMessageContaining("com.example.Missing");
        }
    }

    private static String section() throws IOException {
        Path doc = Path.of(System.getProperty("user.dir")).resolveSibling("docs").resolve("SOURCES.md");
        String text = Files.readString(doc);
        int start = text.indexOf(SECTION);
        assertThat(start).as("docs/SOURCES.md has the section " + SECTION).isNotNegative();
        int end = text.indexOf("\n## ", start + SECTION.length());
        return end < 0 ? text.substring(start) : text.substring(start, end);
    }

    private static String javaBlock(String section) {
        return block(section, "java");
    }

    private static Properties propertiesBlock(String section) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(block(section, "properties")));
        return p;
    }

    private static String block(String section, String language) {
        Matcher m = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL).matcher(section);
        assertThat(m.find()).as("a ```%s block in the section", language).isTrue();
        return m.group(1);
    }

    /** Compiles {@code source} against core's classes only and packs it with its service file. */
    private Path jar(String name, String source, String className) throws IOException {
        Path src = dir.resolve(name + "-src").resolve(className.replace('.', '/') + ".java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, source);
        Path classes = Files.createDirectories(dir.resolve(name + "-classes"));
        String coreClasses = Path.of(location(SourceFactory.class)).toString();
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status = javac.run(null, null, null, "--release", "17", "-proc:none", "-classpath", coreClasses,
                "-d", classes.toString(), src.toString());
        assertThat(status).as("the documented factory compiles").isZero();
        Path jar = dir.resolve(name + ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("META-INF/services/" + SourceFactory.class.getName()));
            out.write((className + "\n").getBytes(StandardCharsets.UTF_8));
            try (var files = Files.walk(classes)) {
                for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                    Files.copy(f, out);
                }
            }
        }
        return jar;
    }

    private static java.net.URI location(Class<?> type) {
        try {
            return type.getProtectionDomain().getCodeSource().getLocation().toURI();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
