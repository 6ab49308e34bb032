package io.tocsin.core.threads;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.tocsin.core.Checker;
import io.tocsin.core.config.CheckerSettings;
import io.tocsin.core.config.Settings;
import io.tocsin.testing.Rbldnsd;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A closed checker leaves no thread running: every thread that appeared while it ran (its
 * scheduler, HTTP client, DNS readers, feed loader, and no JVM-wide helper such as Okio's watchdog)
 * has ended when {@link Checker#close()} returns. The webapp-reload version is ReloadLeakIT.
 */
class CheckerThreadsIT {

    @Test
    void closeReturnsOnlyWhenEveryThreadTheCheckerStartedHasEnded() throws Exception {
        // PREPARE: a DNSBL (rbldnsd) and a feed over HTTP, both used
        HttpServer feed = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        feed.createContext("/feed.txt", exchange -> {
            byte[] body = "198.51.100.7\n".getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        feed.start();
        try (Rbldnsd dns = Rbldnsd.builder().ip4set("bl.test", "192.0.2.66").start()) {
            Set<Thread> before = Thread.getAllStackTraces().keySet();
            Map<String, String> keys = new LinkedHashMap<>();
            keys.put("tocsin.sources.bl.type", "dnsbl");
            keys.put("tocsin.sources.bl.zone", "bl.test");
            keys.put("tocsin.sources.bl.servers", dns.servers());
            keys.put("tocsin.sources.feed.type", "feed");
            keys.put("tocsin.sources.feed.url", "http://127.0.0.1:" + feed.getAddress().getPort() + "/feed.txt");
            Checker checker = CheckerSettings.builder(Settings.of(keys)).build();
            checker.ready().get(30, TimeUnit.SECONDS);
            // TEST
            assertThat(checker.check("192.0.2.66", Duration.ofSeconds(10)).listed()).as("DNSBL listing").isTrue();
            assertThat(checker.check("198.51.100.7", Duration.ofSeconds(10)).listed()).as("feed listing").isTrue();
            assertThat(checker.check("192.0.2.1", Duration.ofSeconds(10)).listed()).as("clean").isFalse();
            List<String> whileRunning = names(newThreads(before));
            checker.close();
            // VERIFY
            assertThat(whileRunning).as("threads the checker started").anyMatch(n -> n.startsWith("tocsin-"));
            assertThat(names(newThreads(before))).as("threads still alive after close()").isEmpty();
        } finally {
            feed.stop(0);
        }
    }

    private static List<Thread> newThreads(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.isAlive())
                .filter(t -> !t.getName().startsWith("ForkJoinPool.commonPool")) // the JDK's, for Caffeine
                .filter(t -> !t.getName().startsWith("HTTP-Dispatcher")) // the test's feed server
                .toList();
    }

    private static List<String> names(List<Thread> threads) {
        return threads.stream().map(Thread::getName).toList();
    }
}
