package io.tocsin.demo.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The packaged demo ({@code target/tocsin-demo.jar serve --port 0}), run as a visitor's site would be. */
public final class DemoProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("Tocsin demo listening on (http://\\S+)/");

    /** {@code http://HOST:PORT}, without a trailing slash. */
    public final String base;
    private final Process process;

    private DemoProcess(Process process, String base) {
        this.process = process;
        this.base = base;
    }

    /** Starts the demo with {@code config} (properties text), or its embedded default when {@code null}. */
    public static DemoProcess start(Path workDir, String config) throws IOException, InterruptedException {
        Path jar = Path.of("target", "tocsin-demo.jar");
        assertThat(jar).as("the packaged demo (mvn package)").isRegularFile();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb;
        if (config == null) {
            pb = new ProcessBuilder(java, "-jar", jar.toString(), "serve", "--port", "0");
        } else {
            Path file = Files.createTempFile(workDir, "tocsin", ".properties");
            Files.writeString(file, config, StandardCharsets.UTF_8);
            pb = new ProcessBuilder(java, "-jar", jar.toString(), "serve", "--port", "0", "--config", file.toString());
        }
        Process process = pb.redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> url = CompletableFuture.supplyAsync(() -> {
            StringBuilder seen = new StringBuilder();
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        Thread drain = new Thread(() -> {
                            try {
                                while (out.readLine() != null) {
                                    // keep the pipe empty
                                }
                            } catch (IOException e) {
                                // the demo stopped
                            }
                        }, "demo-output");
                        drain.setDaemon(true);
                        drain.start();
                        return m.group(1);
                    }
                    seen.append(line).append('\n');
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            throw new IllegalStateException("the demo ended without listening:\n" + seen);
        });
        try {
            return new DemoProcess(process, url.get(30, TimeUnit.SECONDS));
        } catch (Exception e) {
            process.destroyForcibly();
            throw new AssertionError("demo did not start", e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
