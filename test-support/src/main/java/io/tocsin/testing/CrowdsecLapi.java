package io.tocsin.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real CrowdSec Local API (Debian package {@code crowdsec}), started as {@code crowdsec -no-cs
 * -no-capi} on a free loopback port: no agent, no parsers, no contact with CrowdSec's online
 * service. A bouncer key is registered before the API starts; decisions are added and deleted with
 * {@code cscli}, exactly as an operator would.
 *
 * <pre>{@code
 * try (CrowdsecLapi lapi = CrowdsecLapi.start()) {
 *     lapi.addDecision("192.0.2.66", Duration.ofHours(1), "sober", "ban");
 *     settings.put("tocsin.sources.cs.url", lapi.url());
 *     settings.put("tocsin.sources.cs.api-key", lapi.apiKey());
 * }
 * }</pre>
 *
 * <p>{@link #stop()} and {@link #restart()} take the API away and bring it back on the same port with
 * the same database, for tests of a source that loses its API mid-run. Requires root or a user who
 * may run {@code crowdsec} and {@code cscli} (see testing/REAL-SERVICES.md, section 2).
 */
public final class CrowdsecLapi implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration CSCLI_TIMEOUT = Duration.ofSeconds(30);
    // a test JVM that ends without close() (a crash, a killed build) must not leave an API running
    private static final java.util.Set<Process> RUNNING = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly), "crowdsec-lapi-cleanup"));
    }

    private final Path directory;
    private final int port;
    private final String apiKey;
    private Process process;

    private CrowdsecLapi(Path directory, int port, String apiKey) {
        this.directory = directory;
        this.port = port;
        this.apiKey = apiKey;
    }

    /** Prepares a fresh configuration and database, registers a machine and a bouncer, and starts the API. */
    public static CrowdsecLapi start() {
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            Path dir;
            int port;
            try {
                dir = Files.createTempDirectory("crowdsec-lapi");
                port = freeTcpPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            CrowdsecLapi lapi = new CrowdsecLapi(dir, port, HexFormat.of().formatHex(random));
            try {
                lapi.prepare();
                lapi.launch();
                return lapi;
            } catch (IllegalStateException e) {
                lapi.close();
                last = e;
            }
        }
        throw last;
    }

    /** The base URL for {@code tocsin.sources.NAME.url}: {@code http://127.0.0.1:PORT/}. */
    public String url() {
        return "http://127.0.0.1:" + port + "/";
    }

    public int port() {
        return port;
    }

    /** The bouncer key for {@code tocsin.sources.NAME.api-key}. */
    public String apiKey() {
        return apiKey;
    }

    /** Whether the API process runs. */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * Adds a decision with {@code cscli decisions add}.
     *
     * @param target an IP address ({@code --ip}) or a CIDR range ({@code --range}), IPv4 or IPv6
     * @param duration how long it lasts (whole milliseconds)
     * @param reason the scenario name bouncers see
     * @param type {@code ban}, {@code captcha} or a custom type
     */
    public void addDecision(String target, Duration duration, String reason, String type) {
        cscli("decisions", "add", target.contains("/") ? "--range" : "--ip", target,
                "--duration", duration.toMillis() + "ms", "--reason", reason, "--type", type);
    }

    /** Deletes every decision for exactly {@code target} (an IP or a range) with {@code cscli decisions delete}. */
    public void deleteDecisions(String target) {
        cscli("decisions", "delete", target.contains("/") ? "--range" : "--ip", target);
    }

    /** Deletes every decision. */
    public void deleteAllDecisions() {
        cscli("decisions", "delete", "--all");
    }

    /** Runs {@code cscli} against this instance and returns its output. */
    public String cscli(String... arguments) {
        List<String> command = new ArrayList<>(List.of("cscli", "-c", directory.resolve("config.yaml").toString(), "--error"));
        command.addAll(List.of(arguments));
        return run(command);
    }

    /** Stops the API (SIGTERM, then SIGKILL), keeping its database for {@link #restart()}. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        RUNNING.remove(process);
        process = null;
    }

    /** Starts the API again on the same port with the same database; returns when it answers. */
    public synchronized void restart() {
        stop();
        launch();
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

    /** What the API printed (its log), for failure messages. */
    public String log() {
        try {
            return Files.readString(directory.resolve("crowdsec.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private void prepare() {
        try {
            Files.createDirectories(directory.resolve("data"));
            Files.writeString(directory.resolve("config.yaml"), config(), StandardCharsets.UTF_8);
            Files.writeString(directory.resolve("simulation.yaml"), "simulation: off\n", StandardCharsets.UTF_8);
            Path systemProfiles = Path.of("/etc/crowdsec/profiles.yaml");
            Files.writeString(directory.resolve("profiles.yaml"), Files.exists(systemProfiles)
                    ? Files.readString(systemProfiles) : DEFAULT_PROFILES, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        cscli("machines", "add", "testmachine", "--password", "TestMachinePassw0rd",
                "-f", directory.resolve("local_api_credentials.yaml").toString(), "-u", "http://127.0.0.1:" + port);
        cscli("bouncers", "add", "tocsin-test", "-k", apiKey);
    }

    private synchronized void launch() {
        ProcessBuilder builder = new ProcessBuilder("crowdsec", "-c", directory.resolve("config.yaml").toString(), "-no-cs", "-no-capi")
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("crowdsec.log").toFile()));
        environment(builder.environment());
        try {
            process = builder.start();
            RUNNING.add(process);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run crowdsec (install the Debian package crowdsec as testing/REAL-SERVICES.md says): "
                    + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("crowdsec exited with " + process.exitValue() + " on port " + port + ": " + log());
            }
            if (healthy()) {
                return;
            }
            pause(25);
        }
        stop();
        throw new IllegalStateException("crowdsec did not answer /health on port " + port + " within " + START_TIMEOUT + ": " + log());
    }

    private boolean healthy() {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url() + "health").toURL().openConnection();
            c.setConnectTimeout(200);
            c.setReadTimeout(500);
            try {
                return c.getResponseCode() == 200;
            } finally {
                c.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }

    private String run(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        environment(builder.environment());
        try {
            Process p = builder.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(CSCLI_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish");
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (" + p.exitValue() + "): " + text);
            }
            return text;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.get(0) + " (install the Debian package crowdsec): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void environment(Map<String, String> env) {
        // config.yaml refers to these; crowdsec and cscli expand ${VAR} in it
        env.put("CS_DIR", directory.toString());
        env.put("CS_PORT", Integer.toString(port));
    }

    private static String config() {
        return """
                common: {daemonize: false, log_media: stdout, log_level: warning, working_dir: .}
                config_paths:
                  config_dir: ${CS_DIR}/
                  data_dir: ${CS_DIR}/data/
                  simulation_path: ${CS_DIR}/simulation.yaml
                  hub_dir: ${CS_DIR}/hub/
                  index_path: ${CS_DIR}/hub/.index.json
                  notification_dir: ${CS_DIR}/notifications/
                  plugin_dir: /usr/lib/crowdsec/plugins/
                cscli: {output: human, color: "no"}
                db_config: {log_level: warning, type: sqlite, db_path: "${CS_DIR}/data/crowdsec.db", use_wal: true}
                api:
                  client: {insecure_skip_verify: false, credentials_path: "${CS_DIR}/local_api_credentials.yaml"}
                  server:
                    log_level: warning
                    listen_uri: 127.0.0.1:${CS_PORT}
                    profiles_path: ${CS_DIR}/profiles.yaml
                    trusted_ips: [127.0.0.1, "::1"]
                prometheus: {enabled: false}
                """;
    }

    private static final String DEFAULT_PROFILES = """
            name: default_ip_remediation
            filters:
             - Alert.Remediation == true && Alert.GetScope() == "Ip"
            decisions:
             - type: ban
               duration: 4h
            on_success: break
            """;

    private static int freeTcpPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis); // between polls of /health, not instead of one
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
