package io.tocsin.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real, throw-away {@code redis-server} (the Debian package) on a free loopback port, without
 * persistence; {@link #cluster(int)} starts a Redis Cluster of that many masters.
 *
 * <pre>{@code
 * try (RedisServer redis = RedisServer.start()) {
 *     settings.put("tocsin.redis.url", redis.url());
 * }
 * }</pre>
 *
 * <p>{@link #stop()} and {@link #restart()} keep the port, for tests of a Redis that goes away and
 * comes back; {@link #command} speaks RESP for what a test wants to ask or break ({@code DEBUG SLEEP}).
 */
public final class RedisServer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final Path directory;
    private final int port;
    private final List<String> extra;
    private final StringBuilder output = new StringBuilder();
    private volatile Process process;

    private RedisServer(Path directory, int port, List<String> extra) {
        this.directory = directory;
        this.port = port;
        this.extra = extra;
    }

    /** Starts one server on a free port. */
    public static RedisServer start() {
        return start(List.of());
    }

    /** Starts one server on a free port with extra {@code redis-server} options (e.g. {@code --requirepass}). */
    public static RedisServer start(List<String> options) {
        try {
            RedisServer server = new RedisServer(Files.createTempDirectory("tocsin-redis"), freePort(), List.copyOf(options));
            server.launch();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts a Redis Cluster of {@code masters} masters (no replicas) and waits until it serves every
     * slot; close every server to stop it.
     */
    public static List<RedisServer> cluster(int masters) {
        List<RedisServer> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < masters; i++) {
                Path dir = Files.createTempDirectory("tocsin-redis-cluster");
                int port = freeClusterPort();
                RedisServer node = new RedisServer(dir, port, List.of("--cluster-enabled", "yes",
                        "--cluster-config-file", dir.resolve("nodes-" + port + ".conf").toString(), "--cluster-node-timeout", "2000"));
                nodes.add(node);
                node.launch();
            }
            List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
            for (RedisServer node : nodes) {
                create.add("127.0.0.1:" + node.port);
            }
            create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            Process p = new ProcessBuilder(create).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("redis-cli --cluster create failed: " + out);
            }
            for (RedisServer node : nodes) {
                Poll.until("cluster state ok on port " + node.port, START_TIMEOUT,
                        () -> node.command("CLUSTER", "INFO").contains("cluster_state:ok"));
            }
            return nodes;
        } catch (IOException e) {
            nodes.forEach(RedisServer::close);
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            nodes.forEach(RedisServer::close);
            throw e;
        } catch (InterruptedException e) {
            nodes.forEach(RedisServer::close);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void launch() throws IOException {
        List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", directory.toString(), "--protected-mode", "no",
                "--enable-debug-command", "local"));
        command.addAll(extra);
        Process started;
        try {
            started = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run redis-server (install the Debian package redis-server): " + e.getMessage(), e);
        }
        this.process = started;
        Thread drain = new Thread(() -> {
            try (InputStream in = started.getInputStream()) {
                byte[] buffer = new byte[4096];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    synchronized (output) {
                        if (output.length() < 100_000) {
                            output.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                        }
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "redis-server-output-" + port);
        drain.setDaemon(true);
        drain.start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            try {
                if (command("PING").equals("PONG")) {
                    return;
                }
            } catch (UncheckedIOException e) {
                // not yet listening
            }
            if (!started.isAlive() || System.nanoTime() - deadline > 0) {
                started.destroyForcibly();
                throw new IllegalStateException("redis-server did not start on port " + port + ": " + output());
            }
            pause(20);
        }
    }

    /** The port on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:PORT}. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** What the server printed. */
    public String output() {
        synchronized (output) {
            return output.toString();
        }
    }

    /**
     * Sends one command and returns its reply as text: a simple string or bulk string as is, an
     * integer in decimal, an array as its elements one a line, {@code null} as the empty string.
     *
     * @throws UncheckedIOException if the server cannot be reached
     * @throws IllegalStateException for an error reply
     */
    public String command(String... words) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            StringBuilder request = new StringBuilder("*").append(words.length).append("\r\n");
            for (String w : words) {
                request.append('$').append(w.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(w).append("\r\n");
            }
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            return reply(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("redis on port " + port + ": " + e.getMessage(), e);
        }
    }

    private static String reply(InputStream in) throws IOException {
        String line = line(in);
        char type = line.charAt(0);
        String rest = line.substring(1);
        switch (type) {
            case '+', ':' -> {
                return rest;
            }
            case '-' -> throw new IllegalStateException(rest);
            case '$' -> {
                int n = Integer.parseInt(rest);
                if (n < 0) {
                    return "";
                }
                byte[] data = in.readNBytes(n + 2);
                return new String(data, 0, n, StandardCharsets.UTF_8);
            }
            case '*' -> {
                int n = Integer.parseInt(rest);
                StringBuilder all = new StringBuilder();
                for (int i = 0; i < n; i++) {
                    all.append(i == 0 ? "" : "\n").append(reply(in));
                }
                return all.toString();
            }
            default -> throw new IOException("unexpected reply: " + line);
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\r') {
                in.read();
                break;
            }
            bytes.write(c);
        }
        if (c == -1 && bytes.size() == 0) {
            throw new IOException("connection closed");
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Whether the server answers PING within {@code timeout} (false while it sleeps in {@code DEBUG SLEEP}). */
    public boolean responds(Duration timeout) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), (int) timeout.toMillis());
            socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            return line(socket.getInputStream()).equals("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether the server runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Kills the server at once ({@code SIGKILL}), as a crash would; the port stops answering. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the server; its data is gone (no persistence). */
    public void stop() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts the server again on the same port, empty. */
    public void restart() {
        if (process.isAlive()) {
            stop();
        }
        try {
            launch();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        stop();
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** A free port whose cluster bus port (port + 10000) is free too. */
    private static int freeClusterPort() throws IOException {
        for (int i = 0; i < 100; i++) {
            int port = 20000 + (int) (Math.random() * 30000);
            try (ServerSocket a = new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
                 ServerSocket b = new ServerSocket(port + 10000, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException e) {
                // taken; try another
            }
        }
        throw new IOException("no free pair of ports for a cluster node");
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "RedisServer{" + url() + "}";
    }
}
