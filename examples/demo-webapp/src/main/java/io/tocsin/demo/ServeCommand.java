package io.tocsin.demo;

import io.tocsin.core.Checker;
import io.tocsin.core.config.CheckerSettings;
import io.tocsin.core.config.ConfigException;
import io.tocsin.core.config.Settings;
import io.tocsin.core.ip.IpAddress;
import io.tocsin.servlet.FilterOptions;
import io.tocsin.servlet.TocsinFilter;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.util.EnumSet;
import java.util.List;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * {@code serve [--port N] [--bind ADDR] [--config FILE]}: the demo portal ({@code /},
 * {@code /api/status}, {@code /static/app.css}) behind the Tocsin filter on embedded Jetty, by default
 * on {@code 127.0.0.1:8080}. Without {@code --config} the embedded default lists 127.0.0.1 and ::1 as
 * infected, so a browser on the same machine sees the banner at once.
 *
 * <p>Prints {@code Tocsin demo listening on http://HOST:PORT/} once it accepts connections and returns
 * 0, leaving the server running until the JVM stops. A bad option or configuration prints one line
 * naming it on standard error and returns 2; a port that cannot be bound returns 1.
 */
public final class ServeCommand {

    static final String USAGE = "usage: serve [--port N] [--bind ADDR] [--config FILE]";

    private ServeCommand() {
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.contains("--help") || args.contains("-h")) {
            out.println(USAGE);
            out.println("  Serves the demo portal behind the Tocsin filter on embedded Jetty (default 127.0.0.1:8080).");
            out.println("  --config FILE: tocsin.* properties (sources, filter keys); without it, the embedded list,");
            out.println("  which lists 127.0.0.1 and ::1, so a browser on this machine sees the banner at once.");
            out.println("  Exit 2 naming a bad option or configuration; 1 when the port cannot be bound.");
            return 0;
        }
        Running running;
        try {
            running = start(args, out);
        } catch (UsageException e) {
            err.println("tocsin serve: " + e.getMessage());
            return e.status;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(running::close, "tocsin-demo-shutdown"));
        return 0;
    }

    /**
     * Starts the demo and prints the listening line; the caller stops it with {@link Running#close()}.
     *
     * @throws UsageException for a bad option or configuration (status 2) or a port that cannot be bound (status 1)
     */
    static Running start(List<String> args, PrintStream out) throws UsageException {
        int port = 8080;
        String bind = "127.0.0.1";
        String config = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            String value;
            switch (name) {
                case "--port", "--bind", "--config" -> {
                    if (arg.contains("=")) {
                        value = arg.substring(arg.indexOf('=') + 1);
                    } else if (i + 1 < args.size()) {
                        value = args.get(++i);
                    } else {
                        throw new UsageException(2, name + " needs a value (" + USAGE + ")");
                    }
                }
                default -> throw new UsageException(2, "unknown option \"" + arg + "\" (" + USAGE + ")");
            }
            switch (name) {
                case "--port" -> port = port(value);
                case "--bind" -> bind = bindAddress(value);
                default -> config = value;
            }
        }

        Settings settings;
        Checker checker;
        FilterOptions options;
        try {
            settings = DemoConfig.load(config);
            Checker.Builder builder = CheckerSettings.builder(settings);
            options = FilterOptions.from(settings);
            CollectCommand.markKnown(settings); // the same file may configure collect: its keys are known, and checked
            SenseCommand.markKnown(settings); // and sense
            settings.rejectUnknown();
            checker = builder.build();
        } catch (ConfigException e) {
            throw new UsageException(2, (config == null ? "" : config + ": ") + e.getMessage());
        }
        quietJettyLogs();
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(bind);
        connector.setPort(port);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        FilterHolder filter = new FilterHolder(new TocsinFilter(checker, options));
        filter.setName("tocsin");
        filter.setAsyncSupported(true);
        context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR));
        context.addServlet(new ServletHolder("portal", new PortalServlet(checker)), "/");
        server.setHandler(context);
        server.setStopAtShutdown(false);
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly(server);
            checker.close();
            Throwable cause = e instanceof IOException && e.getCause() instanceof BindException ? e.getCause() : e;
            throw new UsageException(1, "cannot listen on " + hostPort(bind, port) + ": " + cause.getMessage());
        }
        Running running = new Running(server, checker, connector.getLocalPort());
        out.println("Tocsin demo listening on http://" + hostPort(bind, running.port()) + "/");
        out.flush();
        return running;
    }

    private static int port(String value) throws UsageException {
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(2, "--port \"" + value + "\" is not a port number (0 to 65535)");
    }

    private static String bindAddress(String value) throws UsageException {
        String v = value.trim();
        if (v.equals("localhost")) {
            return "127.0.0.1";
        }
        String literal = v.startsWith("[") && v.endsWith("]") ? v.substring(1, v.length() - 1) : v;
        IpAddress ip = IpAddress.tryParse(literal);
        if (ip == null) {
            throw new UsageException(2, "--bind \"" + value + "\" is not an IP address");
        }
        return literal;
    }

    private static String hostPort(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** Jetty's start-up lines would bury the one line the demo prints. */
    private static void quietJettyLogs() {
        if (System.getProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
        }
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception ignored) {
            // nothing more to release
        }
    }

    /** A running demo server. */
    static final class Running implements AutoCloseable {
        private final Server server;
        private final Checker checker;
        private final int port;

        Running(Server server, Checker checker, int port) {
            this.server = server;
            this.checker = checker;
            this.port = port;
        }

        int port() {
            return port;
        }

        @Override
        public void close() {
            stopQuietly(server);
            checker.close();
        }
    }

    /** A reason not to start, with the exit status. */
    static final class UsageException extends Exception {
        final int status;

        UsageException(int status, String message) {
            super(message);
            this.status = status;
        }
    }
}
