package io.tocsin.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The filter as the module {@code io.tocsin.servlet} in a JVM of its own: an application on the module
 * path sees only {@code io.tocsin.servlet}, and the filter still finds its own templates and messages
 * inside the module (a class loader does not show a named module's files). The other tests run on the
 * class path, as webapps and Spring Boot run the filter.
 */
class ModulePathIT {

    /** Serves the notice page to a listed visitor through the filter, with a request and response made of proxies. */
    private static final String MAIN = """
            package check;

            import io.tocsin.core.Checker;
            import io.tocsin.core.config.CheckerSettings;
            import io.tocsin.core.config.Settings;
            import io.tocsin.servlet.FilterOptions;
            import io.tocsin.servlet.TocsinFilter;
            import jakarta.servlet.DispatcherType;
            import jakarta.servlet.ServletOutputStream;
            import jakarta.servlet.WriteListener;
            import jakarta.servlet.http.HttpServletRequest;
            import jakarta.servlet.http.HttpServletResponse;
            import java.io.ByteArrayOutputStream;
            import java.lang.reflect.Proxy;
            import java.nio.charset.StandardCharsets;
            import java.util.Collections;
            import java.util.HashMap;
            import java.util.Map;

            public class Main {
                public static void main(String[] args) throws Exception {
                    Module servlet = TocsinFilter.class.getModule();
                    System.out.println("module=" + servlet.getName());
                    System.out.println("exports-notice=" + servlet.isExported("io.tocsin.servlet.notice"));
                    Settings settings = Settings.of(Map.of("tocsin.sources.bl.type", "list", "tocsin.sources.bl.entries", "192.0.2.66"));
                    Map<String, Object> attributes = new HashMap<>();
                    Map<String, String> headers = Map.of("Accept-Language", "de", "Host", "localhost");
                    HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(Main.class.getClassLoader(),
                            new Class<?>[] {HttpServletRequest.class}, (proxy, method, a) -> switch (method.getName()) {
                                case "getMethod" -> "GET";
                                case "getRequestURI" -> "/_tocsin/notice";
                                case "getServletPath" -> "/_tocsin/notice";
                                case "getContextPath" -> "";
                                case "getRemoteAddr" -> "192.0.2.66";
                                case "getDispatcherType" -> DispatcherType.REQUEST;
                                case "getHeader" -> headers.get((String) a[0]);
                                case "getHeaders" -> headers.containsKey((String) a[0])
                                        ? Collections.enumeration(java.util.List.of(headers.get((String) a[0])))
                                        : Collections.emptyEnumeration();
                                case "getAttribute" -> attributes.get((String) a[0]);
                                case "setAttribute" -> attributes.put((String) a[0], a[1]);
                                case "isSecure", "isAsyncStarted" -> false;
                                default -> null;
                            });
                    ByteArrayOutputStream body = new ByteArrayOutputStream();
                    ServletOutputStream out = new ServletOutputStream() {
                        @Override public void write(int b) { body.write(b); }
                        @Override public boolean isReady() { return true; }
                        @Override public void setWriteListener(WriteListener listener) { }
                    };
                    int[] status = {0};
                    HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(Main.class.getClassLoader(),
                            new Class<?>[] {HttpServletResponse.class}, (proxy, method, a) -> switch (method.getName()) {
                                case "setStatus" -> { status[0] = (Integer) a[0]; yield null; }
                                case "getOutputStream" -> out;
                                case "isCommitted" -> false;
                                default -> null;
                            });
                    try (Checker checker = CheckerSettings.builder(settings).build()) {
                        checker.check("192.0.2.66", java.time.Duration.ofSeconds(20));
                        TocsinFilter filter = new TocsinFilter(checker, FilterOptions.from(settings));
                        filter.doFilter(request, response, (req, res) -> System.out.println("passed-through"));
                    }
                    System.out.println("status=" + status[0]);
                    System.out.println("verdict-attribute=" + (attributes.get(TocsinFilter.VERDICT_ATTRIBUTE) != null));
                    System.out.println(body.toString(StandardCharsets.UTF_8));
                }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void theFilterWorksOnTheModulePathAndShowsOnlyItsApi() throws Exception {
        Path src = dir.resolve("src/check/Main.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, MAIN);
        Path classes = dir.resolve("classes");
        String modulePath = modulePath();
        int status = ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "17", "-proc:none",
                "--module-path", modulePath, "--add-modules", "io.tocsin.servlet", "-d", classes.toString(), src.toString());
        assertThat(status).as("the application compiles against the module").isZero();

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", modulePath, "--add-modules", "io.tocsin.servlet",
                // core's one documented flag (README, "Java modules")
                "--add-exports", "org.dnsjava/org.xbill.DNS.io=io.tocsin.core",
                "-cp", classes.toString(), "check.Main"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        boolean done = p.waitFor(120, TimeUnit.SECONDS);
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!done) {
            p.destroyForcibly();
        }
        assertThat(done ? p.exitValue() : -1).as("exit status; output:\n%s", text).isZero();
        assertThat(text).as("output")
                .contains("module=io.tocsin.servlet", "exports-notice=false", "status=200", "verdict-attribute=true")
                .doesNotContain("passed-through")
                .contains("<html lang=\"de\">") // the German bundle and the built-in template, from inside the module
                .contains("/_tocsin/tocsin.css");
    }

    /** The filter's classes (with module-info.class), core's, and the jars both depend on, as this test found them. */
    private static String modulePath() throws ReflectiveOperationException, URISyntaxException {
        List<String> entries = new ArrayList<>();
        // by name: the tests compile inside the filter's module, which does not read core's own dependencies
        for (String name : List.of("io.tocsin.servlet.TocsinFilter", "io.tocsin.core.Checker", "jakarta.servlet.Filter",
                "com.github.benmanes.caffeine.cache.Caffeine", "org.xbill.DNS.Name", "okhttp3.OkHttpClient", "okio.Buffer",
                "kotlin.Unit", "tools.jackson.databind.ObjectMapper", "tools.jackson.core.JsonParser",
                "com.fasterxml.jackson.annotation.JsonProperty", "org.slf4j.LoggerFactory")) {
            Class<?> c = Class.forName(name, false, ModulePathIT.class.getClassLoader());
            String entry = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
            if (!entries.contains(entry)) {
                entries.add(entry);
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
