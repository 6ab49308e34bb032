package io.tocsin.benchmarks.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs wrk 4 (Debian package {@code wrk}) against a loopback URL and reads its summary. */
public final class Wrk {

    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern PERCENTILE = Pattern.compile("^\\s+(50|90|99)%\\s+([0-9.]+)(us|ms|s)\\s*$", Pattern.MULTILINE);
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
    private static final Pattern SOCKET = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
    private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in");

    private Wrk() {
    }

    /** One wrk run: requests per second, latency percentiles in ms, errors (non-2xx plus socket errors). */
    public record Result(double rps, double p50, double p90, double p99, long requests, long errors) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.0f req/s p50 %.2fms p99 %.2fms errors %d", rps, p50, p99, errors);
        }
    }

    public static Result run(String url, int threads, int connections, int seconds, List<String> extra) throws IOException, InterruptedException {
        if (!url.startsWith("http://127.0.0.1:") && !url.startsWith("http://[::1]:")) {
            throw new IllegalArgumentException("load only against loopback: " + url);
        }
        List<String> command = new ArrayList<>(List.of("wrk", "-t" + threads, "-c" + connections, "-d" + seconds + "s", "--latency"));
        command.addAll(extra);
        command.add(url);
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("cannot run wrk (install the Debian package wrk): " + e.getMessage(), e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(seconds + 60L, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("wrk did not finish: " + command);
        }
        Matcher rps = RPS.matcher(out);
        if (!rps.find()) {
            throw new IOException("cannot read wrk's output for " + command + ":\n" + out);
        }
        double p50 = Double.NaN;
        double p90 = Double.NaN;
        double p99 = Double.NaN;
        Matcher m = PERCENTILE.matcher(out);
        while (m.find()) {
            double v = Double.parseDouble(m.group(2));
            double ms = switch (m.group(3)) {
                case "us" -> v / 1000;
                case "s" -> v * 1000;
                default -> v;
            };
            switch (m.group(1)) {
                case "50" -> p50 = ms;
                case "90" -> p90 = ms;
                default -> p99 = ms;
            }
        }
        long errors = 0;
        Matcher non2xx = NON_2XX.matcher(out);
        if (non2xx.find()) {
            errors += Long.parseLong(non2xx.group(1));
        }
        Matcher socket = SOCKET.matcher(out);
        if (socket.find()) {
            for (int i = 1; i <= 4; i++) {
                errors += Long.parseLong(socket.group(i));
            }
        }
        Matcher requests = REQUESTS.matcher(out);
        long n = requests.find() ? Long.parseLong(requests.group(1)) : -1;
        return new Result(Double.parseDouble(rps.group(1)), p50, p90, p99, n, errors);
    }
}
