package io.tocsin.benchmarks.http;

import io.tocsin.core.Checker;
import io.tocsin.core.config.CheckerSettings;
import io.tocsin.core.config.Settings;
import io.tocsin.servlet.FilterOptions;
import io.tocsin.servlet.TocsinFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Map;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A benchmark-only Jetty 12 server mounted exactly like the demo ({@code /*}, REQUEST, ASYNC and
 * ERROR dispatches, async supported), serving HTML pages of a chosen size: {@code /page/5k},
 * {@code /page/200k}, {@code /page/10m} (any {@code /page/<n>k} or {@code <n>m}). Pages are written
 * in 8 KiB chunks from one pre-built chunk, so the application itself never holds a whole page.
 *
 * <p>With {@code settings == null} no filter is mounted at all; otherwise the filter is built from
 * the flat {@code tocsin.*} keys, as the demo does.
 */
public final class BenchServer implements AutoCloseable {

    private final Server server;
    private final Checker checker;
    private final int port;

    private BenchServer(Server server, Checker checker, int port) {
        this.server = server;
        this.checker = checker;
        this.port = port;
    }

    public static BenchServer start(Map<String, String> settings) throws Exception {
        return start(settings, null);
    }

    /** As {@link #start(Map)}, with a listener on the checker (to count budget overruns and source outcomes). */
    public static BenchServer start(Map<String, String> settings, io.tocsin.core.Listener listener) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        Checker checker = null;
        if (settings != null) {
            Settings s = Settings.of(settings);
            Checker.Builder builder = CheckerSettings.builder(s);
            FilterOptions options = FilterOptions.from(s);
            s.rejectUnknown();
            if (listener != null) {
                builder.listener(listener);
            }
            checker = builder.build();
            FilterHolder filter = new FilterHolder(new TocsinFilter(checker, options));
            filter.setName("tocsin");
            filter.setAsyncSupported(true);
            context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR));
        }
        context.addServlet(new ServletHolder("pages", new PageServlet()), "/*");
        server.setHandler(context);
        server.start();
        if (checker != null) {
            checker.ready().get();
        }
        return new BenchServer(server, checker, connector.getLocalPort());
    }

    /**
     * Starts the filtered server alone, for profiling under wrk:
     * {@code java -XX:StartFlightRecording=... -cp benchmarks/target/benchmarks.jar io.tocsin.benchmarks.http.BenchServer [seconds]},
     * then {@code wrk -H 'X-Forwarded-For: 192.0.2.66' http://127.0.0.1:PORT/page/5k} for a listed visitor.
     */
    public static void main(String[] args) throws Exception {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 60;
        Map<String, String> settings = new java.util.LinkedHashMap<>();
        settings.put("tocsin.trusted-proxies", "127.0.0.1");
        settings.put("tocsin.sources.bl.type", "list");
        settings.put("tocsin.sources.bl.entries", RequestOverhead.LISTED);
        try (BenchServer server = start(settings)) {
            System.out.println("listening on " + server.url("/page/5k") + " for " + seconds + " s");
            System.out.flush();
            Thread.sleep(seconds * 1000);
        }
    }

    public int port() {
        return port;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public Checker checker() {
        return checker;
    }

    @Override
    public void close() throws Exception {
        server.stop();
        if (checker != null) {
            checker.close();
        }
    }

    /** Serves {@code /page/<size>}: an HTML document of exactly that many bytes, with a body tag near the top. */
    static final class PageServlet extends HttpServlet {
        private static final byte[] HEAD = ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<title>Benchmark page</title>\n<link rel=\"stylesheet\" href=\"/static/app.css\">\n</head>\n"
                + "<body class=\"portal\">\n").getBytes(StandardCharsets.US_ASCII);
        private static final byte[] TAIL = "\n</body>\n</html>\n".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] CHUNK = chunk();

        private static byte[] chunk() {
            StringBuilder sb = new StringBuilder(8192);
            String p = "<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt "
                    + "ut labore et dolore magna aliqua. <a href=\"/next\">Read more</a></p>\n";
            while (sb.length() + p.length() <= 8192) {
                sb.append(p);
            }
            while (sb.length() < 8192) {
                sb.append(' ');
            }
            return sb.toString().getBytes(StandardCharsets.US_ASCII);
        }

        static long size(String path) {
            if (path == null || !path.startsWith("/")) {
                return -1;
            }
            String s = path.substring(1).toLowerCase(java.util.Locale.ROOT);
            try {
                if (s.endsWith("k")) {
                    return Long.parseLong(s.substring(0, s.length() - 1)) * 1000;
                }
                if (s.endsWith("m")) {
                    return Long.parseLong(s.substring(0, s.length() - 1)) * 1000 * 1000;
                }
            } catch (NumberFormatException e) {
                return -1;
            }
            return -1;
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            String path = request.getPathInfo();
            long size = path != null && path.startsWith("/page/") ? size(path.substring(5)) : -1;
            if (size < HEAD.length + TAIL.length) {
                response.sendError(404);
                return;
            }
            response.setContentType("text/html;charset=UTF-8");
            response.setHeader("Cache-Control", "public, max-age=60");
            response.setContentLengthLong(size);
            ServletOutputStream out = response.getOutputStream();
            out.write(HEAD);
            long left = size - HEAD.length - TAIL.length;
            while (left > 0) {
                int n = (int) Math.min(left, CHUNK.length);
                out.write(CHUNK, 0, n);
                left -= n;
            }
            out.write(TAIL);
        }
    }
}
