package io.tocsin.core.http;

import io.tocsin.core.SourceContext;
import io.tocsin.core.threads.DaemonThreads;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Logger;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.internal.concurrent.TaskRunner;
import okhttp3.internal.connection.ConnectionListener;

/**
 * The one OkHttp client the HTTP sources of a checker share, with every thread it runs on, all
 * stopped by {@link #close()} when the checker closes. Each source derives its own view with
 * {@link #withConnectTimeout}; OkHttp's {@code newBuilder()} keeps the pool and threads.
 *
 * <p>Why not OkHttp's defaults: they leave threads behind that no API stops, which pins a webapp's
 * class loader after every reload (Tomcat reports them). OkHttp runs its connection-pool cleanup,
 * fast-fallback connects and HTTP/2 readers on {@code TaskRunner.INSTANCE}, a JVM-wide pool whose
 * idle threads live a minute; here the client gets a task runner of its own (OkHttp's
 * {@code internal} API: {@code ReloadLeakIT} fails if an upgrade changes it). Okio's
 * {@code AsyncTimeout} watchdog is a JVM-wide thread that no API stops either, so the client sets
 * no read, write or call timeout (a zero timeout never wakes the watchdog): callers bound each call
 * with {@link #deadline}, which cancels it from the checker's scheduler instead.
 *
 * <p>The dispatcher's own per-host limit (5 by default) would queue requests silently behind a slow
 * service; it is raised here because each source enforces its own cap on requests in flight, and
 * answers the excess with an error result instead of queueing it. Threads are daemon threads so that
 * a one-shot command line check can exit.
 */
public final class HttpClients implements AutoCloseable {

    private static final String VERSION = readVersion();
    private static final String USER_AGENT = "tocsin/" + VERSION;
    /** How long {@link #close()} waits for the client's threads to end. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private final ScheduledExecutorService scheduler;
    private final DaemonThreads callThreads = DaemonThreads.numbered("tocsin-http-");
    private final DaemonThreads taskThreads = DaemonThreads.numbered("tocsin-http-tasks-");
    private final ThreadPoolExecutor calls;
    private final TaskRunner.RealBackend tasks;
    private final TaskRunner taskRunner;
    private final OkHttpClient client;

    private HttpClients(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
        this.calls = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), callThreads);
        this.tasks = new TaskRunner.RealBackend(taskThreads);
        this.taskRunner = new TaskRunner(tasks, Logger.getLogger(TaskRunner.class.getName()));
        Dispatcher dispatcher = new Dispatcher(calls);
        dispatcher.setMaxRequests(1024);
        dispatcher.setMaxRequestsPerHost(1024);
        this.client = new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                .taskRunner$okhttp(taskRunner)
                .connectionPool(new ConnectionPool(32, 5, TimeUnit.MINUTES, taskRunner, ConnectionListener.Companion.getNONE()))
                .followRedirects(false) // an API key must not follow a redirect to another host
                .retryOnConnectionFailure(true)
                // zero: no Okio watchdog; callers bound each call with deadline()
                .readTimeout(Duration.ZERO)
                .writeTimeout(Duration.ZERO)
                .callTimeout(Duration.ZERO)
                .build();
    }

    /** The HTTP client of the checker whose sources share {@code context}, made on first use. */
    public static HttpClients of(SourceContext context) {
        return context.shared(HttpClients.class, () -> new HttpClients(context.scheduler()));
    }

    /** A view of the shared client with this connect timeout; bound the whole call with {@link #deadline}. */
    public OkHttpClient withConnectTimeout(Duration connectTimeout) {
        return client.newBuilder().connectTimeout(connectTimeout).build();
    }

    /**
     * Cancels {@code call} unless it finished within {@code timeout}: what OkHttp's call timeout does,
     * timed by the checker's scheduler instead of Okio's watchdog thread. The caller
     * {@linkplain Deadline#cancel cancels} the deadline when the call is done.
     */
    public Deadline deadline(Call call, Duration timeout) {
        Deadline deadline = new Deadline(call);
        try {
            deadline.timer = scheduler.schedule(deadline, timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            deadline.expire("the checker is closing"); // no call may outlive it
        }
        return deadline;
    }

    /**
     * Cancels {@code call} when {@code progress} (bytes read so far) has not moved for {@code idle},
     * or when it has run for {@code total}: OkHttp's read and call timeouts, timed by the checker's
     * scheduler instead of Okio's watchdog thread. The check runs every {@code idle}, so a stall is
     * noticed after between one and two {@code idle}s. The caller cancels the deadline when done.
     */
    public Deadline deadline(Call call, Duration idle, Duration total, LongSupplier progress) {
        Deadline deadline = new Deadline(call);
        long end = System.nanoTime() + total.toNanos();
        long[] last = {-1};
        Runnable check = () -> {
            long now = progress.getAsLong();
            if (now == last[0]) {
                deadline.expire("no data for " + idle);
            } else if (System.nanoTime() - end > 0) {
                deadline.expire("longer than " + total);
            }
            last[0] = now;
        };
        try {
            deadline.timer = scheduler.scheduleWithFixedDelay(check, idle.toNanos(), idle.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            deadline.expire("the checker is closing");
        }
        return deadline;
    }

    /** Cancels every call, closes every pooled connection and stops the client's threads, waiting a little for them. */
    @Override
    public void close() {
        client.dispatcher().cancelAll();
        client.connectionPool().evictAll();
        calls.shutdownNow();
        tasks.getExecutor().shutdownNow();
        callThreads.join(STOP_WAIT);
        taskThreads.join(STOP_WAIT);
    }

    /** A scheduled cancellation of one call. */
    public static final class Deadline implements Runnable {
        private final Call call;
        private volatile String expired;
        private volatile ScheduledFuture<?> timer;

        private Deadline(Call call) {
            this.call = call;
        }

        @Override
        public void run() {
            expire("timeout");
        }

        private void expire(String why) {
            if (expired == null) {
                expired = why;
            }
            call.cancel();
        }

        /** Whether the call ran out of time (and was cancelled for it). */
        public boolean expired() {
            return expired != null;
        }

        /** Why the call ran out of time, e.g. {@code no data for PT30S}, or {@code null}. */
        public String why() {
            return expired;
        }

        /** The call is done: forget its deadline. */
        public void cancel() {
            ScheduledFuture<?> t = timer;
            if (t != null) {
                t.cancel(false);
            }
        }
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

    @Override
    public String toString() {
        return "HttpClients{calls=" + calls.getPoolSize() + " threads, pool=" + client.connectionPool().connectionCount() + "}";
    }
}
