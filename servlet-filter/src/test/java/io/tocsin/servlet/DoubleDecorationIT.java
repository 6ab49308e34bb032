package io.tocsin.servlet;

import static io.tocsin.servlet.RawHttp.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.core.Checker;
import io.tocsin.core.ip.IpSet;
import jakarta.servlet.DispatcherType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/** Regression: a filter declared twice (say, by web.xml and by a framework) must not insert two banners. */
class DoubleDecorationIT {

    @Test
    void twoFiltersOneBanner() throws Exception {
        try (Checker checker = TestSources.checker()) {
            FilterOptions options = FilterOptions.builder().trustedProxies(IpSet.parse("127.0.0.1"))
                    .lookupBudget(Duration.ofSeconds(2)).build();
            Server server = new Server();
            ServerConnector connector = new ServerConnector(server);
            connector.setHost("127.0.0.1");
            server.addConnector(connector);
            ServletContextHandler context = new ServletContextHandler();
            for (int i = 0; i < 2; i++) {
                context.addFilter(new FilterHolder(new TocsinFilter(checker, options)), "/*", EnumSet.of(DispatcherType.REQUEST));
            }
            context.addServlet(new ServletHolder(new TestSite()), "/");
            server.setHandler(context);
            server.start();
            try {
                RawHttp.Response r = get("/page").from(TestSources.LISTED).send(connector.getLocalPort());
                String body = new String(r.body, StandardCharsets.UTF_8);
                assertThat(body.split("id=\"tocsin-banner\"", -1)).as("banners in\n%s", body).hasSize(2);
                assertThat(r.headers("Tocsin-Notice")).as("one notice header").containsExactly("banner");
            } finally {
                server.stop();
            }
        }
    }
}
