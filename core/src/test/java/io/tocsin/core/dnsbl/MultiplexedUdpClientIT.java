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
    void aQueryLostOnTheWayIsSentOnceMoreLongBeforeItsTimeout() throws Exception {
        try (DatagramSocket server = new DatagramSocket(0, InetAddress.getLoopbackAddress());
             MultiplexedUdpClient client = new MultiplexedUdpClient(TIMER)) {
            List<Long> received = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread lossy = new Thread(() -> {
                try {
                    byte[] buffer = new byte[512];
                    for (int copy = 0; copy < 2; copy++) {
                        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                        server.receive(packet);
                        received.add(System.nanoTime());
                        if (copy == 1) { // the first copy is "lost"; the second is answered
                            Message answer = new Message(Arrays.copyOf(packet.getData(), packet.getLength()));
                            answer.getHeader().setFlag(org.xbill.DNS.Flags.QR);
                            answer.getHeader().setRcode(Rcode.NXDOMAIN);
                            byte[] a = answer.toWire();
                            server.send(new DatagramPacket(a, a.length, packet.getSocketAddress()));
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            lossy.start();
            SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
            resolver.setIoClientFactory(client.factory());
            resolver.setTimeout(Duration.ofSeconds(10));
            long start = System.nanoTime();
            Message answer = resolver.sendAsync(query("66.2.0.192.bl.test.")).toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertThat(answer.getRcode()).isEqualTo(Rcode.NXDOMAIN);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("answered after the retry, not the 10 s timeout")
                    .isLessThan(Duration.ofSeconds(5)).isGreaterThanOrEqualTo(MultiplexedUdpClient.RETRY_AFTER);
            lossy.join(5000);
            assertThat(received).hasSize(2);
        }
    }

    @Test
    void noMoreThanTheOutstandingLimitIsSentToOneServerAcrossTransports() throws Exception {
        int queries = MultiplexedUdpClient.MAX_OUTSTANDING_PER_SERVER * 3;
        try (DatagramSocket server = new DatagramSocket(0, InetAddress.getLoopbackAddress());
             MultiplexedUdpClient first = new MultiplexedUdpClient(TIMER);
             MultiplexedUdpClient second = new MultiplexedUdpClient(TIMER)) {
            server.setReceiveBufferSize(1 << 20);
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
            List<CompletableFuture<Message>> answers = new ArrayList<>();
            for (MultiplexedUdpClient client : List.of(first, second)) {
                SimpleResolver resolver = new SimpleResolver(address);
                resolver.setIoClientFactory(client.factory());
                resolver.setTimeout(Duration.ofSeconds(20));
                for (int i = 0; i < queries / 2; i++) {
                    answers.add(resolver.sendAsync(query(i + ".2.0.192.bl.test.")).toCompletableFuture());
                }
            }
            // the server reads without answering: only the first turns arrive; answering them lets the next go out
            server.setSoTimeout(500);
            List<DatagramPacket> asked = new ArrayList<>();
            try {
                while (true) {
                    DatagramPacket packet = new DatagramPacket(new byte[512], 512);
                    server.receive(packet);
                    asked.add(packet);
                    if (asked.size() == MultiplexedUdpClient.MAX_OUTSTANDING_PER_SERVER) {
                        for (DatagramPacket p : asked) {
                            Message answer = new Message(Arrays.copyOf(p.getData(), p.getLength()));
                            answer.getHeader().setFlag(org.xbill.DNS.Flags.QR);
                            answer.getHeader().setRcode(Rcode.NXDOMAIN);
                            byte[] a = answer.toWire();
                            server.send(new DatagramPacket(a, a.length, p.getSocketAddress()));
                        }
                    }
                }
            } catch (SocketTimeoutException quiet) {
                // nothing more comes while the second turns wait for answers
            }
            java.util.Set<String> distinct = new java.util.HashSet<>(); // a query unanswered for long is sent once more
            for (DatagramPacket p : asked) {
                Message m = new Message(Arrays.copyOf(p.getData(), p.getLength()));
                distinct.add(p.getSocketAddress() + " " + m.getHeader().getID() + " " + m.getQuestion().getName());
            }
            assertThat(distinct).as("the first turns, answered, then the next turns").hasSize(MultiplexedUdpClient.MAX_OUTSTANDING_PER_SERVER * 2);
            long answered = answers.stream().filter(f -> f.isDone() && !f.isCompletedExceptionally()).count();
            assertThat(answered).isEqualTo(MultiplexedUdpClient.MAX_OUTSTANDING_PER_SERVER);
            first.close();
            second.close();
            // closing ends every query still waiting for its turn or its answer
            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).handle((r, e) -> null).get(5, TimeUnit.SECONDS);
            assertThat(answers).allMatch(CompletableFuture::isDone);
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
