package io.tocsin.demo;

import io.tocsin.core.Checker;
import io.tocsin.core.Verdict;
import io.tocsin.core.config.CheckerSettings;
import io.tocsin.core.config.ConfigException;
import io.tocsin.core.config.Settings;
import io.tocsin.core.ip.IpAddress;
import io.tocsin.core.json.VerdictJson;
import io.tocsin.servlet.FilterOptions;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code check [--config FILE] IP...}: one JSON verdict per address per line. Exit 0 when every
 * address was checked (even if sources failed: they appear under {@code errors}); exit 2 with one
 * line on stderr naming the bad input for an invalid address, option or configuration.
 *
 * <p>Sources are started first and the command waits for their first health check or load, so a
 * one-shot check sees what a long-running server would.
 */
final class CheckCommand {

    static final String USAGE = "usage: check [--config FILE] IP...";

    /** The longest the command waits for sources to start, and for one verdict. */
    private static final Duration WAIT = Duration.ofSeconds(30);

    private CheckCommand() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        String config = null;
        List<IpAddress> addresses = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--help") || arg.equals("-h")) {
                help(out);
                return 0;
            } else if (arg.equals("--config")) {
                if (i + 1 >= args.size()) {
                    return fail(err, "--config needs a file");
                }
                config = args.get(++i);
            } else if (arg.startsWith("--config=")) {
                config = arg.substring("--config=".length());
            } else if (arg.startsWith("-") && IpAddress.tryParse(arg) == null) {
                return fail(err, "unknown option \"" + arg + "\" (" + USAGE + ")");
            } else {
                IpAddress ip = IpAddress.tryParse(arg);
                if (ip == null) {
                    return fail(err, "not an IP address: \"" + arg + "\"");
                }
                addresses.add(ip);
            }
        }
        if (addresses.isEmpty()) {
            return fail(err, "no IP address given (" + USAGE + ")");
        }
        if (config == null) {
            // without this line, "check 127.0.0.1" saying "listed" looks like a verdict about the world
            err.println("tocsin check: no --config given: checking against the demo's embedded list (it lists only "
                    + "127.0.0.1 and ::1); pass --config FILE with your tocsin.sources.* keys");
        }
        Checker checker;
        try {
            Settings settings = DemoConfig.load(config);
            Checker.Builder builder = CheckerSettings.builder(settings);
            FilterOptions.from(settings); // the same file configures the filter: its keys are known, and checked
            CollectCommand.markKnown(settings); // the same file may configure collect: its keys are known, and checked
            SenseCommand.markKnown(settings); // and sense
            settings.rejectUnknown();
            checker = builder.build();
        } catch (ConfigException e) {
            return fail(err, e.getMessage());
        }
        try (checker) {
            try {
                checker.ready().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // sources still starting report themselves as errors in the verdicts
            } catch (Exception e) {
                Thread.currentThread().interrupt();
                return fail(err, "interrupted");
            }
            List<CompletableFuture<Verdict>> verdicts = new ArrayList<>();
            for (IpAddress ip : addresses) {
                verdicts.add(checker.check(ip));
            }
            for (int i = 0; i < verdicts.size(); i++) {
                Verdict verdict;
                try {
                    verdict = verdicts.get(i).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (Exception e) {
                    verdict = Verdict.unknown(addresses.get(i));
                }
                out.println(VerdictJson.write(verdict));
            }
            out.flush();
            return 0;
        }
    }

    private static void help(PrintStream out) {
        out.println(USAGE);
        out.println("  Prints one JSON verdict per address per line (see README, \"Try it\"), after the sources' first");
        out.println("  health check or load. --config FILE: tocsin.* properties (tocsin.sources.*, weights, threshold);");
        out.println("  without it, the demo's embedded list, which lists only 127.0.0.1 and ::1.");
        out.println("  Exit 0 when every address was checked; exit 2 naming a bad address, option or configuration.");
    }

    private static int fail(PrintStream err, String message) {
        err.println("tocsin check: " + message);
        return 2;
    }
}
