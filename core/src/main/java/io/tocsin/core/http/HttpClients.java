package io.tocsin.core.http;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * The one OkHttp client all HTTP sources share, so that they share its connection pool and threads.
 * Each source derives its own view with {@link #withTimeouts}; OkHttp's {@code newBuilder()} keeps
 * the pool and dispatcher.
 *
 * <p>The dispatcher's own per-host limit (5 by default) would queue requests silently behind a slow
 * service; it is raised here because each source enforces its own cap on requests in flight, and
 * answers the excess with an error result instead of queueing it. Its threads are daemon threads so
 * that a one-shot command line check can exit.
 */
public final class HttpClients {

    private static final String VERSION = readVersion();
    private static final String USER_AGENT = "tocsin/" + VERSION;

    private HttpClients() {
    }

    private static final class Shared {
        static final OkHttpClient CLIENT = build();

        private static OkHttpClient build() {
            AtomicInteger count = new AtomicInteger();
            ThreadPoolExecutor executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
                    new SynchronousQueue<>(), task -> {
                        Thread thread = new Thread(task, "tocsin-http-" + count.incrementAndGet());
                        thread.setDaemon(true);
                        return thread;
                    });
            Dispatcher dispatcher = new Dispatcher(executor);
            dispatcher.setMaxRequests(1024);
            dispatcher.setMaxRequestsPerHost(1024);
            return new OkHttpClient.Builder()
                    .dispatcher(dispatcher)
                    .connectionPool(new ConnectionPool(32, 5, TimeUnit.MINUTES))
                    .followRedirects(false) // an API key must not follow a redirect to another host
                    .retryOnConnectionFailure(true)
                    .build();
        }
    }

    /** The shared client, without per-source timeouts. */
    public static OkHttpClient shared() {
        return Shared.CLIENT;
    }

    /**
     * A view of the shared client with these timeouts. {@code timeout} bounds both each read and the
     * whole call, so a service that trickles bytes cannot hold a lookup longer than that.
     */
    public static OkHttpClient withTimeouts(Duration connectTimeout, Duration timeout) {
        return Shared.CLIENT.newBuilder()
                .connectTimeout(connectTimeout)
                .readTimeout(timeout)
                .writeTimeout(timeout)
                .callTimeout(timeout.plus(connectTimeout))
                .build();
    }

    /** {@code tocsin/<version>}, sent as {@code User-Agent} with every request. */
    public static String userAgent() {
        return USER_AGENT;
    }

    /** Tocsin's version, e.g. {@code 0.1.0-SNAPSHOT}, or {@code dev} when run from unfiltered classes. */
    public static String version() {
        return VERSION;
    }

    private static String readVersion() {
        try (InputStream in = HttpClients.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version", "");
                if (!v.isBlank() && !v.startsWith("${")) {
                    return v.trim();
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return "dev";
    }
}
