package io.tocsin.core.dnsbl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tocsin.testing.Rbldnsd;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** The multiplexed DNS transport when its server goes away and comes back. */
class MultiplexedUdpClientFaultIT {

    /** Times queries out, as the checker's scheduler does. */
    private static final java.util.concurrent.ScheduledExecutorService TIMER =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(task -> {
                Thread t = new Thread(task, "test-dns-timeouts");
                t.setDaemon(true);
                return t;
            });

    @Test
    void aSocketBrokenByAPortUnreachableIsReplacedSoTheServerIsReachedWhenItComesBack() throws Exception {
        try (Rbldnsd dns = Rbldnsd.builder().ip4set("bl.test", "192.0.2.66 :127.0.0.4:x").start();
             MultiplexedUdpClient transport = new MultiplexedUdpClient(TIMER)) {
            SimpleResolver resolver = new SimpleResolver(dns.address());
            resolver.setTimeout(Duration.ofMillis(500));
            resolver.setIoClientFactory(transport.factory());
            Message query = Message.newQuery(Record.newRecord(Name.fromString("66.2.0.192.bl.test."), Type.A, DClass.IN));
            assertThat(resolver.sendAsync(query).toCompletableFuture().get(5, TimeUnit.SECONDS).getRcode()).isEqualTo(Rcode.NOERROR);

            dns.stop(); // ICMP port unreachable breaks the connected sockets
            for (int i = 0; i < 4; i++) {
                assertThatThrownBy(() -> resolver.sendAsync(query).toCompletableFuture().get(5, TimeUnit.SECONDS))
                        .as("query %d to a stopped server", i).isNotNull();
            }

            dns.restart();
            assertThat(resolver.sendAsync(query).toCompletableFuture().get(5, TimeUnit.SECONDS).getRcode())
                    .as("the server answers again, so must the transport").isEqualTo(Rcode.NOERROR);
        }
    }
}
