package io.tocsin.demo;

import io.tocsin.collector.evidence.EvidenceKind;
import io.tocsin.collector.evidence.EvidenceStore;
import io.tocsin.collector.evidence.EvidenceStores;
import io.tocsin.collector.evidence.Report;
import io.tocsin.collector.evidence.StoreException;
import io.tocsin.collector.traffic.BeaconFlag;
import io.tocsin.collector.traffic.LogFormat;
import io.tocsin.collector.traffic.SenseSettings;
import io.tocsin.collector.traffic.TrafficSensor;
import io.tocsin.collector.traffic.UnknownLogFormatException;
import io.tocsin.core.Category;
import io.tocsin.core.config.ConfigException;
import io.tocsin.core.config.Settings;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code sense [--config FILE] [--format bind|unbound|dnsmasq|squid] [--follow] [--dry-run] FILE...|-}:
 * reads resolver query logs or Squid access logs and prints one JSON line per newly flagged client:
 *
 * <pre>{@code
 * {"ip":"192.0.2.66","beacon":"people.freenet.de","hits":12,"first":"2026-12-02T00:00:00Z","last":"2026-12-02T00:11:00Z",
 *  "regularity":0.97,"category":"infected","threat":"beacon: people.freenet.de","recorded":true}
 * }</pre>
 *
 * Flagged clients are recorded in the store ({@code tocsin.store}, kind {@code traffic}) unless
 * {@code --dry-run}; a report's reference is derived from the client, beacon and first hit, so reading
 * the same log twice counts it once. A summary of the lines read goes to standard error at the end.
 * Exit 0; exit 2 with one line on stderr naming a bad option, file, format or configuration.
 */
final class SenseCommand {

    private static final String USAGE = "usage: sense [--config FILE] [--format bind|unbound|dnsmasq|squid] [--follow] [--dry-run] FILE...|-";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** How often a followed file is checked for growth and rotation. */
    private static final Duration POLL = Duration.ofMillis(250);

    private SenseCommand() {
    }

    /**
     * For commands that share the configuration file ({@code check}, {@code serve}): reads and checks
     * the {@code tocsin.sense.*} keys, so that they count as known.
     *
     * @throws ConfigException naming a sense key that is wrong or unknown
     */
    static void markKnown(Settings settings) {
        SenseSettings.from(settings);
        SenseSettings.rejectUnknown(settings);
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        String config = null;
        LogFormat format = null;
        boolean follow = false;
        boolean dryRun = false;
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--help") || arg.equals("-h")) {
                help(out);
                return 0;
            } else if (arg.equals("--config") || arg.equals("--format")) {
                if (i + 1 >= args.size()) {
                    return fail(err, arg + " needs a value (" + USAGE + ")");
                }
                String value = args.get(++i);
                if (arg.equals("--config")) {
                    config = value;
                } else if ((format = LogFormat.of(value)) == null) {
                    return fail(err, "unknown log format \"" + value + "\" (allowed: bind, unbound, dnsmasq, squid)");
                }
            } else if (arg.startsWith("--config=")) {
                config = arg.substring("--config=".length());
            } else if (arg.startsWith("--format=")) {
                String value = arg.substring("--format=".length());
                if ((format = LogFormat.of(value)) == null) {
                    return fail(err, "unknown log format \"" + value + "\" (allowed: bind, unbound, dnsmasq, squid)");
                }
            } else if (arg.equals("--follow")) {
                follow = true;
            } else if (arg.equals("--dry-run")) {
                dryRun = true;
            } else if (arg.startsWith("-") && !arg.equals("-")) {
                return fail(err, "unknown option \"" + arg + "\" (" + USAGE + ")");
            } else {
                inputs.add(arg);
            }
        }
        if (inputs.isEmpty()) {
            return fail(err, "no log file given (" + USAGE + ")");
        }
        for (String input : inputs) {
            if (!input.equals("-") && !Files.isReadable(Path.of(input))) {
                return fail(err, (Files.exists(Path.of(input)) ? "cannot read " : "no such file: ") + input);
            }
        }
        SenseSettings settings;
        Settings all;
        try {
            all = DemoConfig.load(config);
            settings = SenseSettings.from(all);
            SenseSettings.rejectUnknown(all);
            Settings.of(all.misspelt()).rejectUnknown(); // a tocsn.* key configures nothing, whatever reads the file
        } catch (ConfigException e) {
            return fail(err, e.getMessage());
        }
        EvidenceStore store = null;
        if (!dryRun) {
            try {
                store = EvidenceStores.open(all);
            } catch (ConfigException | StoreException e) {
                return fail(err, "cannot open the evidence store: " + e.getMessage());
            }
        }
        try {
            return sense(settings, format, inputs, follow, store, out, err);
        } finally {
            if (store != null) {
                store.close();
            }
        }
    }

    private static int sense(SenseSettings settings, LogFormat format, List<String> inputs, boolean follow,
            EvidenceStore store, PrintStream out, PrintStream err) {
        TrafficSensor sensor = new TrafficSensor(settings, format, flag -> {
            boolean recorded = false;
            if (store != null) {
                store.record(new Report(flag.ip(), Category.INFECTED, flag.threat(), EvidenceKind.TRAFFIC, flag.last(), reference(flag)));
                recorded = true;
            }
            out.println(json(flag, recorded));
            out.flush();
        });
        String current = null;
        try {
            for (int i = 0; i < inputs.size(); i++) {
                current = inputs.get(i);
                boolean last = i == inputs.size() - 1;
                if (current.equals("-")) {
                    sensor.read("standard input", System.in, Instant.now());
                } else if (follow && last) {
                    followUntilStopped(sensor, Path.of(current));
                } else {
                    sensor.read(Path.of(current));
                }
            }
        } catch (UnknownLogFormatException e) {
            err.println("tocsin sense: " + sensor.summary());
            return fail(err, e.getMessage());
        } catch (IOException | UncheckedIOException e) {
            err.println("tocsin sense: " + sensor.summary());
            return fail(err, "cannot read " + current + ": " + e.getMessage());
        } catch (StoreException e) {
            err.println("tocsin sense: " + sensor.summary());
            return fail(err, "cannot record in the evidence store: " + e.getMessage());
        }
        err.println("tocsin sense: " + sensor.summary());
        return 0;
    }

    /** Follows {@code file} until the process is told to stop (SIGTERM, Ctrl-C); the summary is printed before it exits. */
    private static void followUntilStopped(TrafficSensor sensor, Path file) throws IOException {
        CountDownLatch done = new CountDownLatch(1);
        boolean[] stop = {false};
        Thread hook = new Thread(() -> {
            synchronized (stop) {
                stop[0] = true;
            }
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "tocsin-sense-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        BooleanSupplier stopped = () -> {
            synchronized (stop) {
                return stop[0];
            }
        };
        try {
            sensor.follow(file, POLL, stopped);
        } finally {
            done.countDown();
        }
    }

    /** The same flag, read again from the same log, gives the same reference: the store counts it once. */
    private static String reference(BeaconFlag flag) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest((flag.ip() + "|" + flag.beacon() + "|" + flag.first().toEpochMilli()).getBytes(StandardCharsets.UTF_8));
            return "sense:sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    static String json(BeaconFlag flag, boolean recorded) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("ip", flag.ip().toString());
        json.put("beacon", flag.beacon());
        json.put("hits", flag.hits());
        json.put("first", flag.first().toString());
        json.put("last", flag.last().toString());
        json.put("regularity", Math.round(flag.regularity() * 100) / 100.0);
        json.put("category", "infected");
        json.put("threat", flag.threat());
        json.put("recorded", recorded);
        return JSON.writeValueAsString(json);
    }

    private static void help(PrintStream out) {
        out.println(USAGE);
        out.println();
        out.println("Reads resolver query logs (BIND querylog, Unbound log-queries, dnsmasq log-queries) or Squid's");
        out.println("access.log and flags clients that beacon to tocsin.sense.beacons (default: the sober preset):");
        out.println("at least tocsin.sense.min-hits (12) hits on one beacon within tocsin.sense.window (1h) at intervals");
        out.println("at least tocsin.sense.min-regularity (0.8) regular. One JSON line per newly flagged client; each is");
        out.println("recorded in the evidence store (tocsin.store) as kind traffic, unless --dry-run.");
        out.println();
        out.println("  --config FILE   tocsin.* properties (sense keys, tocsin.store, tocsin.collect.*)");
        out.println("  --format NAME   bind, unbound, dnsmasq or squid; detected from the first lines when absent");
        out.println("  --follow        keep reading the last FILE as it grows and rotates, until stopped");
        out.println("  --dry-run       print, record nothing");
        out.println("  FILE...|-       logs, oldest first; gzip-compressed files are read as such; - is standard input");
        out.println();
        out.println("Exit 0; exit 2 naming a bad option, file, log format or configuration. See docs/TRAFFIC.md.");
    }

    private static int fail(PrintStream err, String message) {
        err.println("tocsin sense: " + message);
        return 2;
    }
}
