package io.tocsin.demo;

import io.tocsin.core.Checker;
import io.tocsin.core.config.CheckerSettings;
import io.tocsin.core.config.ConfigException;
import io.tocsin.core.config.Durations;
import io.tocsin.core.config.Settings;
import io.tocsin.publisher.dns.ServeDnsOptions;
import io.tocsin.publisher.zone.Publication;
import io.tocsin.publisher.zone.Publisher;
import io.tocsin.servlet.FilterOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code publish [--config FILE] --zone NAME --out DIR [--every DURATION]}: writes {@code DIR/NAME.ip4set}
 * and {@code DIR/NAME.ip6trie} (rbldnsd data) and {@code DIR/NAME.txt} (a plain feed) from the
 * store's evidence and the sources marked {@code tocsin.sources.NAME.publish=true}, combined by weight
 * and threshold ({@link Publisher}). One line per run on standard output says what was published and
 * which files changed.
 *
 * <p>Once: exit 0 when published, 1 when the list was held back (it looked like a list of the world,
 * or a marked source had nothing loaded: one line on standard error says why, and the files stay as
 * they were) or could not be written, 2 for a bad option or configuration. With {@code --every} it
 * publishes again every DURATION until stopped, reporting each held-back run on standard error.
 */
final class PublishCommand {

    static final String USAGE = "usage: publish [--config FILE] --zone NAME --out DIR [--every DURATION]";
    private static final Duration START_WAIT = Duration.ofSeconds(30);

    private PublishCommand() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.contains("--help") || args.contains("-h")) {
            out.println(USAGE);
            out.println("  Writes DIR/NAME.ip4set, DIR/NAME.ip6trie (rbldnsd data) and DIR/NAME.txt (a feed) from the evidence store");
            out.println("  and the sources marked tocsin.sources.NAME.publish=true. Keys: tocsin.publish.* (codes, evidence-weight,");
            out.println("  max-share, max-growth), tocsin.store; see docs/PUBLISHING.md.");
            return 0;
        }
        CommandLine line;
        String zone;
        Path dir;
        Duration every = null;
        try {
            line = CommandLine.parse(args, Set.of("--config", "--zone", "--out", "--every"), Set.of());
            if (!line.positional().isEmpty()) {
                throw new IllegalArgumentException("unexpected argument \"" + line.positional().get(0) + "\"");
            }
            zone = line.value("--zone");
            if (zone == null) {
                throw new IllegalArgumentException("--zone is required");
            }
            String outDir = line.value("--out");
            if (outDir == null) {
                throw new IllegalArgumentException("--out is required");
            }
            try {
                dir = Path.of(outDir);
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException("--out \"" + outDir + "\" is not a directory name");
            }
            if (line.value("--every") != null) {
                every = Durations.parse("--every", line.value("--every"));
                if (every.isNegative() || every.isZero()) {
                    throw new IllegalArgumentException("--every must be a positive duration (e.g. 5m)");
                }
            }
        } catch (IllegalArgumentException e) {
            return fail(err, e.getMessage() + " (" + USAGE + ")", 2);
        }
        String config = line.value("--config");
        Publisher publisher;
        try {
            Settings settings = config != null ? Settings.load(Path.of(config)) : DemoConfig.load(null);
            Checker.Builder builder = CheckerSettings.builder(settings);
            Publisher.Plan plan = Publisher.plan(zone, settings);
            ServeDnsOptions.from(zone, settings); // a file shared with serve-dns: its keys are known, and checked
            settings.scope("serve-dns.").positiveDuration("guard-interval", Duration.ofMinutes(1));
            FilterOptions.from(settings);
            settings.entries("collect."); // collect's and sense's keys, in a file shared with them: theirs to check
            settings.entries("sense.");
            settings.has("store");
            settings.rejectUnknown();
            Checker checker = builder.build();
            publisher = Publisher.start(plan, dir, checker, settings, Clock.systemUTC());
        } catch (ConfigException e) {
            return fail(err, (config == null ? "" : config + ": ") + e.getMessage(), 2);
        } catch (RuntimeException e) {
            return fail(err, "cannot start: " + e.getMessage(), 2);
        }
        try (publisher) {
            waitForSources(publisher, err);
            while (true) {
                Publication result;
                try {
                    result = publisher.publish();
                } catch (IOException e) {
                    err.println("tocsin publish: cannot write to " + dir + ": " + e.getMessage());
                    if (every == null) {
                        return 1;
                    }
                    result = null;
                }
                if (result != null && result.published()) {
                    out.println(result);
                    out.flush();
                } else if (result != null) {
                    err.println("tocsin publish: " + result);
                    if (every == null) {
                        return 1;
                    }
                }
                if (every == null) {
                    return 0;
                }
                try {
                    Thread.sleep(every.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return 0;
                }
            }
        }
    }

    private static void waitForSources(Publisher publisher, PrintStream err) {
        try {
            publisher.ready().get(START_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            err.println("tocsin publish: sources still starting after " + Durations.format(START_WAIT));
        } catch (Exception e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int fail(PrintStream err, String message, int status) {
        err.println("tocsin publish: " + message);
        return status;
    }
}
