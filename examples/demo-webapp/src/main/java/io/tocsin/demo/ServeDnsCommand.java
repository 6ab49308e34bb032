package io.tocsin.demo;

import io.tocsin.core.Checker;
import io.tocsin.core.config.CheckerSettings;
import io.tocsin.core.config.ConfigException;
import io.tocsin.core.config.Durations;
import io.tocsin.core.config.Settings;
import io.tocsin.core.ip.IpAddress;
import io.tocsin.publisher.PublishSettings;
import io.tocsin.publisher.dns.DnsblServer;
import io.tocsin.publisher.dns.ServeDnsOptions;
import io.tocsin.publisher.guard.GuardLimits;
import io.tocsin.publisher.guard.PublicationGuard;
import io.tocsin.servlet.FilterOptions;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * {@code serve-dns [--config FILE] --zone NAME [--port N] [--bind ADDR]}: the live meta-list, a DNSBL
 * server for zone NAME answering from the combined verdict of the configured sources (by default on
 * {@code 127.0.0.1:53}). Without {@code --config} an embedded default lists the documentation
 * networks (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32) as infected.
 *
 * <p>Starts the sources, waits (at most 30 seconds) for their first health check or load, checks
 * that the combined list does not list the world, binds UDP and TCP, prints
 * {@code Tocsin DNS listening on ADDR:PORT} and returns 0, leaving the server running until the JVM
 * stops. While the list looks like a list of the world, queries about addresses are answered SERVFAIL
 * and a line on standard error says why. A bad option or configuration prints one line naming it and
 * returns 2; a port that cannot be bound returns 1.
 */
final class ServeDnsCommand {

    static final String USAGE = "usage: serve-dns [--config FILE] --zone NAME [--port N] [--bind ADDR]";
    static final String DEFAULT_RESOURCE = "/io/tocsin/demo/default-serve-dns.properties";
    private static final Duration START_WAIT = Duration.ofSeconds(30);

    private ServeDnsCommand() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.contains("--help") || args.contains("-h")) {
            out.println(USAGE);
            out.println("  Answers DNSBL queries (A, TXT; UDP and TCP) for NAME from the verdict of the configured sources.");
            out.println("  Keys: tocsin.serve-dns.* (budget, ttl, rate-limit, tcp.*, threads, guard-interval), tocsin.publish.codes,");
            out.println("  tocsin.publish.max-share; see docs/PUBLISHING.md.");
            return 0;
        }
        Running running;
        try {
            running = start(args, out, err);
        } catch (UsageException e) {
            err.println("tocsin serve-dns: " + e.getMessage());
            return e.status;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(running::close, "tocsin-serve-dns-shutdown"));
        return 0;
    }

    /** Starts the server and prints the listening line; the caller stops it with {@link Running#close()}. */
    static Running start(List<String> args, PrintStream out, PrintStream err) throws UsageException {
        CommandLine line;
        String zone;
        int port;
        InetAddress bind;
        try {
            line = CommandLine.parse(args, Set.of("--config", "--zone", "--port", "--bind"), Set.of());
            if (!line.positional().isEmpty()) {
                throw new IllegalArgumentException("unexpected argument \"" + line.positional().get(0) + "\"");
            }
            zone = line.value("--zone");
            if (zone == null) {
                throw new IllegalArgumentException("--zone is required");
            }
            port = line.port("--port", 53);
            bind = bindAddress(line.value("--bind", "127.0.0.1"));
        } catch (IllegalArgumentException e) {
            throw new UsageException(2, e.getMessage() + " (" + USAGE + ")");
        }
        String config = line.value("--config");
        Checker checker;
        ServeDnsOptions options;
        GuardLimits limits;
        Duration guardInterval;
        try {
            Settings settings = config != null ? Settings.load(java.nio.file.Path.of(config)) : DemoConfig.embedded(DEFAULT_RESOURCE);
            Checker.Builder builder = CheckerSettings.builder(settings);
            options = ServeDnsOptions.from(zone, settings);
            limits = PublishSettings.from(settings).limits();
            guardInterval = settings.positiveDuration("serve-dns.guard-interval", Duration.ofMinutes(1));
            FilterOptions.from(settings); // a file shared with the web demo: its keys are known, and checked
            settings.entries("collect."); // collect's and sense's keys, in a file shared with them: theirs to check
            settings.entries("sense.");
            settings.has("store");
            settings.rejectUnknown();
            checker = builder.build();
        } catch (ConfigException e) {
            throw new UsageException(2, (config == null ? "" : config + ": ") + e.getMessage());
        }
        try {
            checker.ready().get(START_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            err.println("tocsin serve-dns: sources still starting after " + Durations.format(START_WAIT) + "; their queries answer SERVFAIL until they are up");
        } catch (Exception e) {
            checker.close();
            throw new UsageException(1, "interrupted while starting");
        }
        ScheduledExecutorService guardThread = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "tocsin-serve-dns-guard");
            thread.setDaemon(true);
            return thread;
        });
        Checker built = checker;
        // allowlists (negative weight) cover much on purpose; only what can list an address is checked
        PublicationGuard guard = new PublicationGuard(checker, limits, source -> built.weights().getOrDefault(source.name(), 1.0) > 0,
                problem -> err.println(problem == null ? "tocsin serve-dns: publishing again: the checks pass"
                        : "tocsin serve-dns: not publishing (answering SERVFAIL): " + problem));
        try {
            guard.start(guardThread, guardInterval).get(START_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // the guard's next round decides; until then it holds nothing back
        }
        DnsblServer server;
        try {
            server = DnsblServer.start(options, checker, guard, bind, port);
        } catch (BindException e) {
            guard.close();
            guardThread.shutdownNow();
            checker.close();
            throw new UsageException(1, e.getMessage());
        }
        out.println("Tocsin DNS listening on " + server.hostPort());
        out.flush();
        return new Running(server, guard, guardThread, checker);
    }

    private static InetAddress bindAddress(String value) {
        String v = value.trim();
        if (v.equals("localhost")) {
            v = "127.0.0.1";
        }
        String literal = v.startsWith("[") && v.endsWith("]") ? v.substring(1, v.length() - 1) : v;
        IpAddress ip = IpAddress.tryParse(literal);
        if (ip == null) {
            throw new IllegalArgumentException("--bind \"" + value + "\" is not an IP address");
        }
        try {
            return InetAddress.getByAddress(ip.toBytes()); // a literal: no DNS lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--bind \"" + value + "\" is not an IP address");
        }
    }

    /** A running server. */
    static final class Running implements AutoCloseable {
        private final DnsblServer server;
        private final PublicationGuard guard;
        private final ScheduledExecutorService guardThread;
        private final Checker checker;

        Running(DnsblServer server, PublicationGuard guard, ScheduledExecutorService guardThread, Checker checker) {
            this.server = server;
            this.guard = guard;
            this.guardThread = guardThread;
            this.checker = checker;
        }

        DnsblServer server() {
            return server;
        }

        @Override
        public void close() {
            server.close();
            guard.close();
            guardThread.shutdownNow();
            checker.close();
        }
    }

    /** A reason not to start, with the exit status. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        UsageException(int status, String message) {
            super(message);
            this.status = status;
        }
    }
}
