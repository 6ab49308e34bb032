package io.tocsin.servlet;

import static io.tocsin.servlet.RawHttp.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tocsin.testing.Rbldnsd;
import jakarta.servlet.DispatcherType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The filter as a web.xml user declares it: the no-argument constructor, configured by init-params
 * or a properties file, looking visitors up in a real rbldnsd (whose TXT reasons are hostile).
 */
class WebXmlConfigIT {

    private static final String HOSTILE_TXT = "<script>alert(document.cookie)</script><b onmouseover=x>";

    private static Rbldnsd dns;

    @TempDir
    Path dir;

    @BeforeAll
    static void startDns() {
        dns = Rbldnsd.builder()
                .ip4set("bl.test", "192.0.2.66 :127.0.0.4:" + HOSTILE_TXT + "\n192.0.2.10 :127.0.0.10:policy listing")
                .start();
    }

    @AfterAll
    static void stopDns() {
        dns.close();
    }

    /** A Jetty with the filter made by the container from init-params; the caller stops it. */
    static Server start(Map<String, String> initParams, FilterHolder[] made) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        FilterHolder holder = new FilterHolder(TocsinFilter.class);
        holder.setInitParameters(initParams);
        context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new TestSite()), "/");
        server.setHandler(context);
        made[0] = holder;
        try {
            server.start();
        } catch (Exception e) {
            server.stop();
            throw e;
        }
        return server;
    }

    private static Map<String, String> dnsblParams() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("tocsin.trusted-proxies", "127.0.0.1");
        p.put("tocsin.lookup-budget", "2s");
        p.put("tocsin.sources.bl.type", "dnsbl");
        p.put("tocsin.sources.bl.zone", "bl.test");
        p.put("tocsin.sources.bl.servers", dns.servers());
        p.put("tocsin.sources.bl.codes", "127.0.0.4=infected,127.0.0.10=policy");
        p.put("tocsin.sources.bl.txt", "true");
        return p;
    }

    static int port(Server server) {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    @Test
    void initParamsConfigureTheFilterAndItsDnsbl() throws Exception {
        FilterHolder[] holder = new FilterHolder[1];
        Server server = start(dnsblParams(), holder);
        try {
            TocsinFilter filter = (TocsinFilter) holder[0].getFilter();
            filter.checker().ready().get(10, TimeUnit.SECONDS);
            RawHttp.Response page = get("/page").from("192.0.2.66").send(port(server));
            assertThat(page.header("Tocsin-Notice")).as("banner for an rbldnsd listing").isEqualTo("banner");

            String notice = get("/_tocsin/notice").from("192.0.2.66").send(port(server)).text();
            assertThat(notice).as("no raw markup from the TXT record")
                    .doesNotContain("<script>alert").doesNotContain("<b onmouseover");
            assertThat(notice).as("the TXT reason, escaped")
                    .contains("&lt;script&gt;alert(document.cookie)&lt;/script&gt;&lt;b onmouseover=x&gt;");

            String verdict = get("/_tocsin/verdict").from("192.0.2.66").send(port(server)).text();
            assertThat(verdict).as("verdict JSON carries the reason as a JSON string")
                    .contains("\"codes\":[\"127.0.0.4\"]").contains("\"reason\":\"<script>alert(document.cookie)</script><b onmouseover=x>\"");

            RawHttp.Response policy = get("/page").from("192.0.2.10").send(port(server));
            assertThat(policy.header("Tocsin-Notice")).as("a policy listing never notifies").isNull();
        } finally {
            server.stop();
        }
    }

    @Test
    void propertiesFileNamedByTocsinConfig() throws Exception {
        Path file = dir.resolve("tocsin.properties");
        StringBuilder props = new StringBuilder();
        dnsblParams().forEach((k, v) -> props.append(k).append('=').append(v).append('\n'));
        props.append("tocsin.mode=interstitial\n");
        Files.writeString(file, props);
        FilterHolder[] holder = new FilterHolder[1];
        Server server = start(Map.of("tocsin.config", file.toString(), "tocsin.path", "/.tocsin"), holder);
        try {
            ((TocsinFilter) holder[0].getFilter()).checker().ready().get(10, TimeUnit.SECONDS);
            RawHttp.Response r = get("/page").from("192.0.2.66").send(port(server));
            assertThat(r.status).as("interstitial from the file").isEqualTo(303);
            assertThat(r.header("Location")).as("init-param overrides the path").isEqualTo("/.tocsin/notice?return=%2Fpage");
        } finally {
            server.stop();
        }
    }

    @Test
    void badConfigurationFailsStartNamingKeyAndValue() {
        Map<String, String> params = dnsblParams();
        params.put("tocsin.lookup-budegt", "10ms");
        assertThatThrownBy(() -> start(params, new FilterHolder[1])).as("misspelt key")
                .hasStackTraceContaining("tocsin.lookup-budegt: \"10ms\" is not a known key (did you mean tocsin.lookup-budget?)");
        Map<String, String> misspeltPrefix = dnsblParams();
        misspeltPrefix.put("tocsn.mode", "block");
        assertThatThrownBy(() -> start(misspeltPrefix, new FilterHolder[1])).as("misspelt prefix in an init-param")
                .hasStackTraceContaining("tocsn.mode: \"block\" is not a Tocsin key: its prefix is misspelt (did you mean tocsin.mode?)");
        Map<String, String> bad = dnsblParams();
        bad.put("tocsin.mode", "shout");
        assertThatThrownBy(() -> start(bad, new FilterHolder[1])).as("bad mode")
                .hasStackTraceContaining("tocsin.mode").hasStackTraceContaining("shout");
        assertThatThrownBy(() -> start(Map.of("tocsin.config", dir.resolve("none.properties").toString()), new FilterHolder[1]))
                .as("missing file").hasStackTraceContaining("none.properties");
    }

    @Test
    void aMisspeltPrefixInTheFileNamedByTocsinConfigFailsStart() throws Exception {
        Path file = dir.resolve("tocsin.properties");
        StringBuilder props = new StringBuilder();
        dnsblParams().forEach((k, v) -> props.append(k).append('=').append(v).append('\n'));
        props.append("Tocsin.mode=block\n");
        Files.writeString(file, props);
        assertThatThrownBy(() -> start(Map.of("tocsin.config", file.toString()), new FilterHolder[1]))
                .as("misspelt prefix in the file")
                .hasStackTraceContaining("Tocsin.mode: \"block\" is not a Tocsin key: its prefix is misspelt (did you mean tocsin.mode?)");
    }
}
