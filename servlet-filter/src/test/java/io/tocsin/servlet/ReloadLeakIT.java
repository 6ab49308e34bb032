package io.tocsin.servlet;

import static io.tocsin.servlet.RawHttp.get;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.tocsin.core.Checker;
import io.tocsin.testing.CrowdsecLapi;
import io.tocsin.testing.Poll;
import io.tocsin.testing.Rbldnsd;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.ref.WeakReference;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression test for the reload leak: a web.xml webapp with the filter and a dnsbl (rbldnsd), feed
 * (HTTP on loopback) and crowdsec (a real LAPI) source, deployed into embedded Tomcat with Tocsin and
 * its dependencies in {@code WEB-INF/lib} (so that they load in the webapp's class loader, as in a
 * real deployment), reloaded with traffic in between. Tomcat's own leak detection must report no
 * thread or ThreadLocal the webapp left behind, and every old webapp class loader must be collectable.
 */
class ReloadLeakIT {

    private static final int RELOADS = 5;
    private static final String DNSBL_LISTED = "192.0.2.66";
    private static final String FEED_LISTED = "198.51.100.7";
    private static final String CROWDSEC_LISTED = "203.0.113.9";
    private static final String CLEAN = "192.0.2.1";
    /** Tomcat logs its leak findings (threads, ThreadLocals) through this logger. */
    private static final Logger LEAK_LOG = Logger.getLogger("org.apache.catalina.loader.WebappClassLoaderBase");

    private static Rbldnsd dns;
    private static CrowdsecLapi lapi;
    private static HttpServer feed;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServices() throws IOException {
        dns = Rbldnsd.builder().ip4set("bl.test", DNSBL_LISTED + " :127.0.0.2:listed in the test zone").start();
        lapi = CrowdsecLapi.start();
        lapi.addDecision(CROWDSEC_LISTED, Duration.ofHours(1), "crowdsecurity/test-scenario", "ban");
        feed = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        feed.createContext("/feed.txt", exchange -> {
            byte[] body = ("# test feed\n" + FEED_LISTED + "\n").getBytes(StandardCharsets.US_ASCII);
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        feed.start();
    }

    @AfterAll
    static void stopServices() {
        if (feed != null) {
            feed.stop(0);
        }
        if (lapi != null) {
            lapi.close();
        }
        if (dns != null) {
            dns.close();
        }
    }

    @Test
    void reloadingTheWebappLeavesNoThreadNorThreadLocalAndFreesItsClassLoader() throws Exception {
        // PREPARE: an exploded webapp and a Tomcat that logs its leak findings to us
        Path webapp = webapp();
        LeakLines leaks = new LeakLines();
        LEAK_LOG.addHandler(leaks);
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(dir.resolve("tomcat").toString());
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        tomcat.setAddDefaultWebXmlToWebapp(false); // no JSP servlet: Jasper is not on the class path
        List<WeakReference<ClassLoader>> oldLoaders = new ArrayList<>();
        try {
            Context context = tomcat.addWebapp("/app", webapp.toString());
            // no TLD or fragment scanning of the jars: it is slow, and nothing in them needs it
            ((StandardJarScanner) context.getJarScanner()).setJarScanFilter((type, name) -> false);
            tomcat.start();
            int port = tomcat.getConnector().getLocalPort();

            // TEST: traffic, then a reload, five times over; then a stop
            for (int round = 0; round <= RELOADS; round++) {
                assertThat(context.getLoader().getClassLoader().loadClass(Checker.class.getName()).getClassLoader())
                        .as("Tocsin runs in the webapp's class loader, as in a real deployment")
                        .isSameAs(context.getLoader().getClassLoader());
                traffic(port, round);
                oldLoaders.add(new WeakReference<>(context.getLoader().getClassLoader()));
                if (round < RELOADS) {
                    context.reload();
                    assertThat(context.getState().isAvailable()).as("the webapp is back after reload " + (round + 1)).isTrue();
                }
            }
            context.stop();

            // VERIFY: nothing Tomcat calls a leak, and every old class loader can go
            assertThat(leaks.lines()).as("Tomcat's leak detection over " + RELOADS + " reloads and a stop").isEmpty();
            Poll.until("every old webapp class loader collected (" + oldLoaders.size() + ")", Duration.ofSeconds(60), () -> {
                System.gc();
                return oldLoaders.stream().allMatch(ref -> ref.get() == null);
            });
            assertThat(((StandardHost) tomcat.getHost()).findReloadedContextMemoryLeaks())
                    .as("Tomcat's own check for stopped webapps still in memory").isEmpty();
        } finally {
            LEAK_LOG.removeHandler(leaks);
            tomcat.stop();
            tomcat.destroy();
        }
    }

    /** Listed visitors (one per source) see the banner, a clean one does not. */
    private static void traffic(int port, int round) {
        for (String ip : List.of(DNSBL_LISTED, FEED_LISTED, CROWDSEC_LISTED)) {
            RawHttp.Response[] last = new RawHttp.Response[1];
            try {
                Poll.until("a banner for " + ip + " (round " + round + ")", Duration.ofSeconds(60), () -> {
                    last[0] = send(port, ip);
                    return "banner".equals(last[0].header("Tocsin-Notice"));
                });
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; last response: " + last[0], e);
            }
        }
        for (int i = 0; i < 3; i++) {
            RawHttp.Response clean = send(port, CLEAN);
            assertThat(clean.status).as("a clean visitor gets the page (round " + round + ")").isEqualTo(200);
            assertThat(clean.header("Tocsin-Notice")).as("no banner for a clean visitor (round " + round + ")").isNull();
        }
    }

    private static RawHttp.Response send(int port, String ip) {
        try {
            return get("/app/index.html").from(ip).send(port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An exploded webapp: a page, a web.xml declaring the filter, and Tocsin with its dependencies in WEB-INF/lib. */
    private Path webapp() throws IOException, URISyntaxException {
        Path root = dir.resolve("webapp");
        Path lib = Files.createDirectories(root.resolve("WEB-INF/lib"));
        Files.writeString(root.resolve("index.html"), "<!doctype html><html><head><title>t</title></head><body><p>page</p></body></html>");
        Map<String, String> params = new LinkedHashMap<>();
        params.put("tocsin.trusted-proxies", "127.0.0.1");
        params.put("tocsin.lookup-budget", "5s");
        params.put("tocsin.cache.error-ttl", "1s");
        params.put("tocsin.sources.bl.type", "dnsbl");
        params.put("tocsin.sources.bl.zone", "bl.test");
        params.put("tocsin.sources.bl.servers", dns.servers());
        params.put("tocsin.sources.feed.type", "feed");
        params.put("tocsin.sources.feed.url", "http://127.0.0.1:" + feed.getAddress().getPort() + "/feed.txt");
        params.put("tocsin.sources.feed.refresh", "1s");
        params.put("tocsin.sources.cs.type", "crowdsec");
        params.put("tocsin.sources.cs.mode", "stream");
        params.put("tocsin.sources.cs.refresh", "1s");
        params.put("tocsin.sources.cs.url", lapi.url());
        params.put("tocsin.sources.cs.api-key", lapi.apiKey());
        StringBuilder xml = new StringBuilder("""
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0" metadata-complete="true">
                  <filter>
                    <filter-name>tocsin</filter-name>
                    <filter-class>io.tocsin.servlet.TocsinFilter</filter-class>
                """);
        params.forEach((k, v) -> xml.append("    <init-param><param-name>").append(k).append("</param-name><param-value>")
                .append(v).append("</param-value></init-param>\n"));
        xml.append("""
                  </filter>
                  <filter-mapping><filter-name>tocsin</filter-name><url-pattern>/*</url-pattern></filter-mapping>
                  <servlet>
                    <servlet-name>default</servlet-name>
                    <servlet-class>org.apache.catalina.servlets.DefaultServlet</servlet-class>
                  </servlet>
                  <servlet-mapping><servlet-name>default</servlet-name><url-pattern>/</url-pattern></servlet-mapping>
                  <mime-mapping><extension>html</extension><mime-type>text/html;charset=UTF-8</mime-type></mime-mapping>
                </web-app>
                """);
        Files.writeString(root.resolve("WEB-INF/web.xml"), xml);
        // Tocsin and each runtime dependency, found where the test's own class path has them
        List<Class<?>> markers = List.of(TocsinFilter.class, Checker.class, org.xbill.DNS.Message.class,
                com.github.benmanes.caffeine.cache.Caffeine.class, okhttp3.OkHttpClient.class, okio.Okio.class,
                kotlin.Unit.class, tools.jackson.databind.ObjectMapper.class, tools.jackson.core.JsonParser.class,
                com.fasterxml.jackson.annotation.JsonProperty.class, org.slf4j.LoggerFactory.class,
                org.slf4j.simple.SimpleLogger.class);
        for (Class<?> marker : markers) {
            Path from = Path.of(marker.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path to = lib.resolve(marker.getName().replace('.', '-') + ".jar");
            if (Files.isDirectory(from)) {
                jar(from, to);
            } else {
                Files.copy(from, to);
            }
        }
        return root;
    }

    /** Packs a directory of classes (a module's target/classes) into a jar. */
    private static void jar(Path classes, Path jar) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
    }

    /** Tomcat's leak findings: every warning or error of its webapp class loader. */
    private static final class LeakLines extends Handler {
        private final List<String> lines = new ArrayList<>();

        @Override
        public synchronized void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                String message = record.getMessage();
                Object[] parameters = record.getParameters();
                lines.add(parameters == null ? message : java.text.MessageFormat.format(message, parameters));
            }
        }

        synchronized List<String> lines() {
            return List.copyOf(lines);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
