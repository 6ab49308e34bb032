package io.tocsin.core.dnsbl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tocsin.testing.Rbldnsd;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** The multiplexed UDP transport, against a real rbldnsd and against a hand-made lying server. */
class MultiplexedUdpClientIT {

    /** Times queries out, as the checker's scheduler does. */
    private static final java.util.concurrent.ScheduledExecutorService TIMER =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(task -> {
                Thread t = new Thread(task, "test-dns-timeouts");
                t.setDaemon(true);
                return t;
            });

    private static Message query(String name) throws Exception {
        return Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN));
    }

    @Test
    void manyOutstandingQueriesOnFewSocketsEachGetTheirOwnAnswer() throws Exception {
        StringBuilder data = new StringBuilder();
        for (int i = 0; i < 500; i += 2) {
            data.append("10.0.").append(i >> 8).append('.').append(i & 0xFF).append(" :127.0.0.4:x\n");
        }
        try (Rbldnsd dns = Rbldnsd.builder().ip4set("bl.test", data.toString()).start();
             MultiplexedUdpClient client = new MultiplexedUdpClient(TIMER)) {
            SimpleResolver resolver = new SimpleResolver(dns.address());
            resolver.setIoClientFactory(client.factory());
            resolver.setTimeout(Duration.ofSeconds(5));
            List<CompletableFuture<Message>> answers = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                answers.add(resolver.sendAsync(query((i & 0xFF) + "." + (i >> 8) + ".0.10.bl.test.")).toCompletableFuture());
            }
            for (int i = 0; i < 500; i++) {
                Message answer = answers.get(i).get(10, TimeUnit.SECONDS);
                assertThat(answer.getRcode()).as("answer %d", i).isEqualTo(i % 2 == 0 ? Rcode.NOERROR : Rcode.NXDOMAIN);
                assertThat(answer.getQuestion().getName().toString()).startsWith((i & 0xFF) + "." + (i >> 8) + ".0.10.");
            }
        }
    }

    @Test
    void anAnswerToAnotherQuestionIsIgnoredAndTheRealOneAccepted() throws Exception {
        try (DatagramSocket server = new DatagramSocket(0, InetAddress.getLoopbackAddress());
             MultiplexedUdpClient client = new MultiplexedUdpClient(TIMER)) {
            Thread liar = new Thread(() -> {
                try {
                    byte[] buffer = new byte[512];
                    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                    server.receive(packet);
                    Message asked = new Message(Arrays.copyOf(packet.getData(), packet.getLength()));
                    // first a forged answer with the right ID for another name, then the true one
                    Message forged = new Message(asked.getHeader().getID());
                    forged.getHeader().setFlag(org.xbill.DNS.Flags.QR);
                    forged.addRecord(Record.newRecord(Name.fromString("evil.example."), Type.A, DClass.IN), org.xbill.DNS.Section.QUESTION);
                    forged.addRecord(new org.xbill.DNS.ARecord(Name.fromString("evil.example."), DClass.IN, 60,
                            InetAddress.getByName("127.0.0.4")), org.xbill.DNS.Section.ANSWER);
                    byte[] f = forged.toWire();
                    server.send(new DatagramPacket(f, f.length, packet.getSocketAddress()));
                    Message honest = asked.clone();
                    honest.getHeader().setFlag(org.xbill.DNS.Flags.QR);
                    honest.getHeader().setRcode(Rcode.NXDOMAIN);
                    byte[] h = honest.toWire();
                    server.send(new DatagramPacket(h, h.length, packet.getSocketAddress()));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            liar.start();
            SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
            resolver.setIoClientFactory(client.factory());
            resolver.setTimeout(Duration.ofSeconds(5));
            Message answer = resolver.sendAsync(query("66.2.0.192.bl.test.")).toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(answer.getRcode()).isEqualTo(Rcode.NXDOMAIN);
            assertThat(answer.getSection(org.xbill.DNS.Section.ANSWER)).isEmpty();
            liar.join(5000);
        }
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws Exception {
        try (DatagramSocket blackHole = new DatagramSocket(0, InetAddress.getLoopbackAddress());
             MultiplexedUdpClient client = new MultiplexedUdpClient(TIMER)) {
            SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(InetAddress.getLoopbackAddress(), blackHole.getLocalPort()));
            resolver.setIoClientFactory(client.factory());
            resolver.setTimeout(Duration.ofMillis(200));
            CompletableFuture<Message> answer = resolver.sendAsync(query("66.2.0.192.bl.test.")).toCompletableFuture();
            assertThatThrownBy(() -> answer.get(10, TimeUnit.SECONDS)).hasRootCauseInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void aClosedClientFailsAtOnce() throws Exception {
        MultiplexedUdpClient client = new MultiplexedUdpClient(TIMER);
        client.close();
        SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(InetAddress.getLoopbackAddress(), 53));
        resolver.setIoClientFactory(client.factory());
        CompletableFuture<Message> answer = resolver.sendAsync(query("1.0.0.127.bl.test.")).toCompletableFuture();
        assertThatThrownBy(answer::join).isInstanceOf(CompletionException.class);
    }

    @Test
    void questionsAreComparedWithoutCaseButOtherwiseExactly() throws Exception {
        byte[] q = query("66.2.0.192.bl.test.").toWire();
        byte[] upper = query("66.2.0.192.BL.TEST.").toWire();
        byte[] other = query("67.2.0.192.bl.test.").toWire();
        upper[0] = q[0];
        upper[1] = q[1];
        assertThat(MultiplexedUdpClient.sameQuestion(q, upper)).isTrue();
        assertThat(MultiplexedUdpClient.sameQuestion(q, other)).isFalse();
        assertThat(MultiplexedUdpClient.sameQuestion(q, Arrays.copyOf(q, 14))).isFalse();
    }
}
