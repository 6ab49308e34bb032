package io.tocsin.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A real rbldnsd serving zones that a test writes, on a free loopback UDP port (IPv4 and IPv6).
 *
 * <pre>{@code
 * try (Rbldnsd dns = Rbldnsd.builder()
 *         .ip4set("bl.test", "192.0.2.66 :127.0.0.4:infected: sober")
 *         .start()) {
 *     settings.put("tocsin.sources.bl.servers", dns.servers());
 * }
 * }</pre>
 *
 * <p>Every zone gets the RFC 5782 test point 127.0.0.2 unless {@link Builder#withoutTestPoint} is
 * called for it. rbldnsd checks its files for changes every second; {@link #replace} swaps a file
 * atomically and waits until the new data is served.
 */
public final class Rbldnsd implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private volatile Process process;
    private final Path directory;
    private final int port;
    private final StringBuilder output;
    private List<String> command = List.of(); // set once started, for restart()

    private Rbldnsd(Process process, Path directory, int port, StringBuilder output) {
        this.process = process;
        this.directory = directory;
        this.port = port;
        this.output = output;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The UDP port rbldnsd listens on, on 127.0.0.1 and ::1. */
    public int port() {
        return port;
    }

    /** The value for {@code tocsin.sources.NAME.servers}: {@code 127.0.0.1:PORT}. */
    public String servers() {
        return "127.0.0.1:" + port;
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    /** The data file of a dataset, as named by the builder: {@code zone-type-N}. */
    public Path file(String fileName) {
        return directory.resolve(fileName);
    }

    /**
     * Replaces the data of a dataset file atomically, then waits until rbldnsd answers {@code probeName}
     * with rcode {@code expectedRcode} (for example {@code Rcode.NOERROR} for a newly listed name).
     */
    public void replace(String fileName, String data, String probeName, int expectedRcode) {
        try {
            Path tmp = directory.resolve(fileName + ".tmp");
            Files.writeString(tmp, data + "\n", StandardCharsets.UTF_8);
            makeReadable(tmp);
            Files.move(tmp, directory.resolve(fileName), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            // rbldnsd notices changes by mtime (one-second resolution) and size; touching keeps it honest
            touch(directory.resolve(fileName));
            Integer rcode = query(probeName, Duration.ofMillis(200));
            if (rcode != null && rcode == expectedRcode) {
                return;
            }
            pause(50);
        }
        throw new IllegalStateException("rbldnsd did not serve the new data for " + probeName + "; output: " + output);
    }

    /**
     * Waits until rbldnsd answers {@code probeName} with rcode {@code expectedRcode}: for data files a
     * test replaced itself (rbldnsd checks them every second).
     */
    public void await(String probeName, int expectedRcode, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Integer rcode = query(probeName, Duration.ofMillis(200));
            if (rcode != null && rcode == expectedRcode) {
                return;
            }
            pause(50);
        }
        throw new IllegalStateException("rbldnsd did not answer " + probeName + " with rcode " + expectedRcode + "; output: " + output);
    }

    /** Asks rbldnsd for the A record of {@code name}; the rcode, or {@code null} on no answer. */
    public Integer query(String name, Duration timeout) {
        try {
            SimpleResolver resolver = new SimpleResolver(address());
            resolver.setTimeout(timeout);
            Message response = resolver.send(Message.newQuery(Record.newRecord(Name.fromString(absolute(name)), Type.A, DClass.IN)));
            return response.getRcode();
        } catch (IOException e) {
            return null;
        }
    }

    /** Whether the process still runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Stops the server (the port stops answering). */
    public void stop() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Starts the server again after {@link #stop()}, on the same port with the same data, and waits
     * until it answers: a list that went down and comes back.
     */
    public void restart() {
        if (process.isAlive()) {
            return;
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                process = new ProcessBuilder(command).redirectErrorStream(true).start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Builder.collectOutput(process, output);
            while (System.nanoTime() < deadline && process.isAlive()) {
                if (query("probe.invalid.", Duration.ofMillis(100)) != null) {
                    return;
                }
                pause(20);
            }
            // the port may be held for a moment by the old process: try again
        }
        throw new IllegalStateException("rbldnsd did not restart on port " + port + ": " + output);
    }

    @Override
    public void close() {
        stop();
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary folder is harmless
        }
    }

    private static String absolute(String name) {
        return name.endsWith(".") ? name : name + ".";
    }

    private static void touch(Path file) {
        try {
            Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException e) {
            // the next round tries again
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis); // between polls of a condition, not instead of one
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void makeReadable(Path path) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(Files.isDirectory(path) ? "rwxr-xr-x" : "rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing to relax
        }
    }

    /** Collects datasets, then starts rbldnsd. */
    public static final class Builder {
        private final Map<String, String> datasets = new LinkedHashMap<>(); // "zone:type:file" -> data
        private final List<String> withoutTestPoint = new ArrayList<>();
        private final Map<String, Integer> counters = new LinkedHashMap<>();
        private final Map<String, Path> files = new LinkedHashMap<>();

        private Builder() {
        }

        /** An {@code ip4set} dataset: lines of {@code IP-or-CIDR :A-value:TXT}, {@code !} to exclude. */
        public Builder ip4set(String zone, String data) {
            return dataset(zone, "ip4set", data);
        }

        /** An {@code ip4trie} dataset (accepts {@code 0.0.0.0/0}, to list the world). */
        public Builder ip4trie(String zone, String data) {
            return dataset(zone, "ip4trie", data);
        }

        /** An {@code ip6trie} dataset for IPv6 entries. */
        public Builder ip6trie(String zone, String data) {
            return dataset(zone, "ip6trie", data);
        }

        /** An {@code acl} dataset: {@code 0.0.0.0/0 :ignore} never answers, {@code :refuse} refuses. */
        public Builder acl(String zone, String data) {
            return dataset(zone, "acl", data);
        }

        /**
         * A dataset read from an existing file, served as it is (no test point added): for data that the
         * code under test writes. The file and its folders must be readable by rbldnsd's user.
         */
        public Builder datasetFile(String zone, String type, Path file) {
            files.put(zone + ":" + type + ":" + file.toAbsolutePath(), file);
            return this;
        }

        /** Any rbldnsd dataset type. */
        public Builder dataset(String zone, String type, String data) {
            int n = counters.merge(zone + "-" + type, 1, Integer::sum);
            datasets.put(zone + ":" + type + ":" + zone + "-" + type + (n == 1 ? "" : "-" + n), data);
            return this;
        }

        /** Leaves out the RFC 5782 test point 127.0.0.2 that every zone otherwise gets. */
        public Builder withoutTestPoint(String zone) {
            withoutTestPoint.add(zone);
            return this;
        }

        public Rbldnsd start() {
            try {
                Path dir = Files.createTempDirectory("rbldnsd");
                makeReadable(dir);
                List<String> command = new ArrayList<>(List.of("rbldnsd", "-n", "-c", "1", "-t", "60"));
                if ("root".equals(System.getProperty("user.name"))) {
                    // as root rbldnsd must drop privileges; it then reads the files as that user
                    command.addAll(List.of("-u", "rbldns"));
                }
                List<String> zonesWithTestPoint = new ArrayList<>();
                for (Map.Entry<String, String> e : datasets.entrySet()) {
                    String[] parts = e.getKey().split(":");
                    String zone = parts[0];
                    String type = parts[1];
                    String file = parts[2];
                    String data = e.getValue();
                    if ((type.equals("ip4set") || type.equals("ip4trie")) && !withoutTestPoint.contains(zone)
                            && !zonesWithTestPoint.contains(zone)) {
                        data = "127.0.0.2 :127.0.0.2:RFC 5782 test point\n" + data;
                        zonesWithTestPoint.add(zone);
                    }
                    Path path = dir.resolve(file);
                    Files.writeString(path, data + "\n", StandardCharsets.UTF_8);
                    makeReadable(path);
                    command.add(zone + ":" + type + ":" + path);
                }
                for (String spec : files.keySet()) {
                    command.add(spec);
                }
                return launch(dir, command);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private Rbldnsd launch(Path dir, List<String> baseCommand) throws IOException {
            IllegalStateException last = null;
            for (int attempt = 0; attempt < 5; attempt++) {
                int port = freeUdpPort();
                List<String> command = new ArrayList<>(baseCommand.subList(0, baseCommand.indexOf("60") + 1));
                command.addAll(List.of("-b", "127.0.0.1/" + port, "-b", "::1/" + port));
                command.addAll(baseCommand.subList(baseCommand.indexOf("60") + 1, baseCommand.size()));
                Process process;
                try {
                    process = new ProcessBuilder(command).redirectErrorStream(true).start();
                } catch (IOException e) {
                    throw new IllegalStateException("cannot run rbldnsd (install the Debian package rbldnsd): " + e.getMessage(), e);
                }
                StringBuilder output = new StringBuilder();
                collectOutput(process, output);
                Rbldnsd server = new Rbldnsd(process, dir, port, output);
                server.command = List.copyOf(command);
                long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
                while (System.nanoTime() < deadline && process.isAlive()) {
                    if (server.query("probe.invalid.", Duration.ofMillis(100)) != null) {
                        return server; // any answer (REFUSED for a zone it does not serve) means it listens
                    }
                    pause(20);
                }
                server.stop();
                last = new IllegalStateException("rbldnsd did not start on port " + port + ": " + output);
            }
            throw last;
        }

        static void collectOutput(Process process, StringBuilder output) {
            Thread reader = new Thread(() -> {
                try {
                    byte[] buffer = new byte[4096];
                    int n;
                    while ((n = process.getInputStream().read(buffer)) > 0) {
                        synchronized (output) {
                            output.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                        }
                    }
                } catch (IOException e) {
                    // the process ended
                }
            }, "rbldnsd-output");
            reader.setDaemon(true);
            reader.start();
        }

        private static int freeUdpPort() throws IOException {
            try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            }
        }
    }
}
