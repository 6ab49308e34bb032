package io.tocsin.collector.clamd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The INSTREAM client against Debian's clamd, and against servers that are down or slow. */
class ClamdIT {

    @TempDir
    static Path dir;

    static ClamdTestDaemon daemon;

    @BeforeAll
    static void startClamd() throws Exception {
        daemon = ClamdTestDaemon.start(dir);
    }

    @AfterAll
    static void stopClamd() {
        if (daemon != null) {
            daemon.close();
        }
    }

    @Test
    void findsTheSignatureOverTcpAndUnixSocket() throws Exception {
        for (String spec : List.of("127.0.0.1:" + daemon.port, "unix:" + daemon.socket)) {
            Clamd clamd = Clamd.at(spec, Duration.ofSeconds(60));
            assertThat(clamd.scan(new ByteArrayInputStream(ClamdTestDaemon.PAYLOAD))).as(spec)
                    .isEqualTo(new ClamdAnswer(true, ClamdTestDaemon.SIGNATURE + ".UNOFFICIAL"));
            assertThat(clamd.scan(new ByteArrayInputStream("harmless".getBytes()))).as(spec).isEqualTo(new ClamdAnswer(false, null));
        }
    }

    @Test
    void aClamdThatIsDownIsAClearError() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Clamd down = Clamd.at("127.0.0.1:" + port, Duration.ofSeconds(10));
        assertThatThrownBy(() -> down.scan(new ByteArrayInputStream(ClamdTestDaemon.PAYLOAD)))
                .isInstanceOf(ClamdException.class).hasMessageStartingWith("clamd 127.0.0.1:" + port + " is unreachable");
        Clamd noSocket = Clamd.at("unix:" + dir.resolve("no.sock"), Duration.ofSeconds(10));
        assertThatThrownBy(() -> noSocket.scan(new ByteArrayInputStream(ClamdTestDaemon.PAYLOAD)))
                .isInstanceOf(ClamdException.class).hasMessageContaining("no.sock");
    }

    @Test
    void aClamdThatNeverAnswersIsGivenUpOnAtTheDeadline() throws Exception {
        // a fake clamd that accepts and reads everything, but never replies
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        Socket s = silent.accept();
                        held.add(s);
                        Thread reader = new Thread(() -> {
                            try (InputStream in = s.getInputStream()) {
                                in.transferTo(java.io.OutputStream.nullOutputStream());
                            } catch (Exception ignored) {
                                // closed by the client
                            }
                        });
                        reader.setDaemon(true);
                        reader.start();
                    }
                } catch (Exception ignored) {
                    // server closed
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            Clamd slow = Clamd.at("127.0.0.1:" + silent.getLocalPort(), Duration.ofMillis(1500));
            long start = System.nanoTime();
            assertThatThrownBy(() -> slow.scan(new ByteArrayInputStream(ClamdTestDaemon.PAYLOAD)))
                    .isInstanceOf(ClamdException.class).hasMessageContaining("did not answer within 1500 ms");
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).as("bounded wait").isGreaterThanOrEqualTo(Duration.ofMillis(1400)).isLessThan(Duration.ofSeconds(30));
        }
    }

    @Test
    void specsAreCheckedUpFront() {
        assertThatThrownBy(() -> Clamd.at("localhost", Duration.ofSeconds(1))).hasMessageContaining("\"localhost\"");
        assertThatThrownBy(() -> Clamd.at("localhost:99999", Duration.ofSeconds(1))).hasMessageContaining("port");
        assertThatThrownBy(() -> Clamd.at("unix:", Duration.ofSeconds(1))).hasMessageContaining("socket path");
        assertThat(Clamd.at("[::1]:3310", Duration.ofSeconds(1))).hasToString("clamd [::1]:3310");
    }
}
