package io.tocsin.collector.clamd;

import io.tocsin.testing.Poll;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * Debian's clamd on a free loopback port (and a Unix socket), with a signature database this class
 * writes: one MD5 signature ({@code .hdb}: {@code md5:size:name}) of a test payload. No signature
 * download is needed: clamd starts on any directory holding one valid signature file.
 */
public final class ClamdTestDaemon implements AutoCloseable {

    static final byte[] PAYLOAD = "TOCSIN-TEST-WORM-PAYLOAD-0123456789\n".getBytes(StandardCharsets.US_ASCII);
    static final String SIGNATURE = "Tocsin.Test.Worm";

    private final Process process;
    final int port;
    final Path socket;

    private ClamdTestDaemon(Process process, int port, Path socket) {
        this.process = process;
        this.port = port;
        this.socket = socket;
    }

    /** The bytes the test signature matches. */
    public static byte[] payload() {
        return PAYLOAD.clone();
    }

    /** The name clamd gives the test signature. */
    public static String threat() {
        return SIGNATURE + ".UNOFFICIAL";
    }

    /** {@code 127.0.0.1:PORT}. */
    public String tcp() {
        return "127.0.0.1:" + port;
    }

    public static ClamdTestDaemon start(Path dir) throws Exception {
        Path db = Files.createDirectories(dir.resolve("db"));
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(PAYLOAD));
        Files.writeString(db.resolve("test.hdb"), md5 + ":" + PAYLOAD.length + ":" + SIGNATURE + "\n");
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Path socket = dir.resolve("clamd.sock");
        Path conf = dir.resolve("clamd.conf");
        Files.writeString(conf, String.join("\n",
                "DatabaseDirectory " + db,
                "TCPSocket " + port,
                "TCPAddr 127.0.0.1",
                "LocalSocket " + socket,
                "Foreground yes",
                "LogFile " + dir.resolve("clamd.log"),
                "PidFile " + dir.resolve("clamd.pid"),
                "StreamMaxLength 100M",
                "MaxScanSize 200M",
                "MaxFileSize 100M",
                "")
                + ("root".equals(System.getProperty("user.name")) ? "User root\n" : ""));
        Process process = new ProcessBuilder(List.of(clamd(), "-c", conf.toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("clamd.out").toFile()).start();
        ClamdTestDaemon daemon = new ClamdTestDaemon(process, port, socket);
        try {
            Poll.until("clamd answers PING on port " + port + " (see " + dir.resolve("clamd.out") + ")", Duration.ofSeconds(120), () -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("clamd exited: " + read(dir.resolve("clamd.out")));
                }
                return daemon.ping();
            });
        } catch (RuntimeException | Error e) {
            daemon.close();
            throw e;
        }
        return daemon;
    }

    private static String clamd() {
        for (String candidate : List.of("/usr/sbin/clamd", "/usr/bin/clamd", "/usr/local/sbin/clamd")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return "clamd";
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }

    boolean ping() {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write("zPING\0".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] reply = in.readNBytes(5);
            return new String(reply, StandardCharsets.US_ASCII).equals("PONG\0");
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(java.util.concurrent.TimeUnit.SECONDS.toMillis(20), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
