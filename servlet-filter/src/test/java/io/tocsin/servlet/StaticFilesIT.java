package io.tocsin.servlet;

import static io.tocsin.servlet.RawHttp.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.core.Checker;
import io.tocsin.core.ip.IpSet;
import jakarta.servlet.DispatcherType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.servlets.DefaultServlet;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Static HTML files served by the containers' own default servlets, which answer conditional
 * requests with 304 and write files their own way: a listed visitor still gets the full page with
 * the banner, a clean visitor keeps the 304.
 */
class StaticFilesIT {

    @TempDir
    Path root;

    private TocsinFilter filter(Checker checker) {
        return new TocsinFilter(checker, FilterOptions.builder().trustedProxies(IpSet.parse("127.0.0.1"))
                .lookupBudget(Duration.ofSeconds(2)).build());
    }

    private void assertStaticPage(int port) throws Exception {
        RawHttp.Response clean = get("/index.html").from(TestSources.CLEAN).send(port);
        assertThat(clean.status).as("clean status").isEqualTo(200);
        String etag = clean.header("ETag");
        String lastModified = clean.header("Last-Modified");
        assertThat(etag).as("the default servlet sends an ETag").isNotNull();
        RawHttp.Response notModified = get("/index.html").from(TestSources.CLEAN).header("If-None-Match", etag).send(port);
        assertThat(notModified.status).as("clean visitor keeps the 304").isEqualTo(304);

        RawHttp.Response listed = get("/index.html").from(TestSources.LISTED).header("If-None-Match", etag)
                .header("If-Modified-Since", lastModified).send(port);
        assertThat(listed.status).as("listed visitor gets the page").isEqualTo(200);
        assertThat(listed.header("Tocsin-Notice")).as("notice header").isEqualTo("banner");
        assertThat(listed.header("ETag")).as("no ETag").isNull();
        assertThat(FilterContractTests.withoutBanner(listed, FilterContractTests.PAGE_BODY_TAG)).as("file minus banner")
                .isEqualTo(TestSite.PAGE.getBytes(StandardCharsets.UTF_8));
        String length = listed.header("Content-Length");
        if (length != null) {
            assertThat(Integer.parseInt(length)).as("Content-Length").isEqualTo(listed.body.length);
        }
    }

    @Test
    void jettyDefaultServlet() throws Exception {
        Files.writeString(root.resolve("index.html"), TestSite.PAGE, StandardCharsets.UTF_8);
        try (Checker checker = TestSources.checker()) {
            Server server = new Server();
            ServerConnector connector = new ServerConnector(server);
            connector.setHost("127.0.0.1");
            server.addConnector(connector);
            ServletContextHandler context = new ServletContextHandler();
            context.setBaseResource(ResourceFactory.of(server).newResource(root));
            context.getMimeTypes().addMimeMapping("html", "text/html;charset=utf-8");
            context.addFilter(new FilterHolder(filter(checker)), "/*", EnumSet.of(DispatcherType.REQUEST));
            ServletHolder files = new ServletHolder("default", org.eclipse.jetty.ee11.servlet.DefaultServlet.class);
            files.setInitParameter("etags", "true");
            context.addServlet(files, "/");
            server.setHandler(context);
            server.start();
            try {
                assertStaticPage(connector.getLocalPort());
            } finally {
                server.stop();
            }
        }
    }

    @Test
    void tomcatDefaultServlet() throws Exception {
        Path docs = Files.createDirectories(root.resolve("docs"));
        Files.writeString(docs.resolve("index.html"), TestSite.PAGE, StandardCharsets.UTF_8);
        try (Checker checker = TestSources.checker()) {
            Tomcat tomcat = new Tomcat();
            tomcat.setBaseDir(root.resolve("base").toString());
            tomcat.setPort(0);
            tomcat.getConnector().setProperty("address", "127.0.0.1");
            Context context = tomcat.addContext("", docs.toString());
            context.addMimeMapping("html", "text/html;charset=UTF-8");
            Wrapper wrapper = Tomcat.addServlet(context, "default", new DefaultServlet());
            wrapper.addInitParameter("fileEncoding", "UTF-8");
            context.addServletMappingDecoded("/", "default");
            FilterDef def = new FilterDef();
            def.setFilterName("tocsin");
            def.setFilter(filter(checker));
            context.addFilterDef(def);
            FilterMap map = new FilterMap();
            map.setFilterName("tocsin");
            map.addURLPattern("/*");
            context.addFilterMap(map);
            tomcat.start();
            try {
                assertStaticPage(tomcat.getConnector().getLocalPort());
            } finally {
                tomcat.stop();
                tomcat.destroy();
            }
        }
    }
}
