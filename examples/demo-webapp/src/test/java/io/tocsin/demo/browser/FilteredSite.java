package io.tocsin.demo.browser;

import io.tocsin.core.Category;
import io.tocsin.core.Checker;
import io.tocsin.core.ip.IpSet;
import io.tocsin.core.list.ListSource;
import io.tocsin.servlet.FilterOptions;
import io.tocsin.servlet.TocsinFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import java.time.Duration;
import java.util.EnumSet;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * An embedded Jetty on 127.0.0.1 that serves test pages through {@code servlet}, with Tocsin's filter
 * (listing 127.0.0.1 and ::1 as infected, so the browser on this machine is a listed visitor) on
 * {@code /pages/*} and {@code /_tocsin/*} only: every other path is what a clean visitor gets.
 */
final class FilteredSite implements AutoCloseable {

    final String base;
    private final Server server;
    private final Checker checker;

    private FilteredSite(Server server, Checker checker, String base) {
        this.server = server;
        this.checker = checker;
        this.base = base;
    }

    static FilteredSite start(HttpServlet servlet) throws Exception {
        Checker checker = Checker.builder().source(new ListSource("demo", IpSet.parse("127.0.0.1, ::1"), Category.INFECTED)).build();
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        FilterHolder filter = new FilterHolder(new TocsinFilter(checker, FilterOptions.builder().lookupBudget(Duration.ofSeconds(2)).build()));
        context.addFilter(filter, "/pages/*", EnumSet.of(DispatcherType.REQUEST));
        context.addFilter(filter, "/_tocsin/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(servlet), "/");
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            checker.close();
            throw e;
        }
        return new FilteredSite(server, checker, "http://127.0.0.1:" + connector.getLocalPort());
    }

    @Override
    public void close() throws Exception {
        try {
            server.stop();
        } finally {
            checker.close();
        }
    }
}
