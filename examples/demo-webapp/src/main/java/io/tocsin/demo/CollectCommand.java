package io.tocsin.demo;

import io.tocsin.collector.evidence.EvidenceStore;
import io.tocsin.collector.evidence.EvidenceStores;
import io.tocsin.collector.evidence.StoreException;
import io.tocsin.collector.mail.Collected;
import io.tocsin.collector.mail.MailCollector;
import io.tocsin.collector.mail.Mailboxes;
import io.tocsin.collector.mail.MessageSink;
import io.tocsin.core.config.ConfigException;
import io.tocsin.core.config.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code collect [--config FILE] [--dry-run] PATH...}: reads messages ({@code .eml}, mbox, Maildir,
 * {@code -} for standard input), prints one JSON line per message, and records infected senders in
 * the store ({@code tocsin.store}). A malformed message is a line with {@code "error"} and the run
 * goes on (exit 0); an unreadable path, a bad option or configuration, or a failing store is one
 * line on standard error and exit 2.
 */
final class CollectCommand {

    static final String USAGE = "usage: collect [--config FILE] [--dry-run] PATH...   (PATH: a .eml file, an mbox, a Maildir, or - for stdin)";

    private CollectCommand() {
    }

    static int run(List<String> args, InputStream stdin, PrintStream out, PrintStream err) {
        String config = null;
        boolean dryRun = false;
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--help") || arg.equals("-h")) {
                out.println(USAGE);
                out.println("  --config FILE  tocsin.* keys: tocsin.store, tocsin.collect.trusted-relays, av-headers, clamd, clamd-timeout, ttl, min-reports");
                out.println("  --dry-run      print what would be recorded, record nothing");
                return 0;
            } else if (arg.equals("--dry-run")) {
                dryRun = true;
            } else if (arg.equals("--config")) {
                if (i + 1 >= args.size()) {
                    return fail(err, "--config needs a file");
                }
                config = args.get(++i);
            } else if (arg.startsWith("--config=")) {
                config = arg.substring("--config=".length());
            } else if (arg.startsWith("-") && !arg.equals("-")) {
                return fail(err, "unknown option \"" + arg + "\" (" + USAGE + ")");
            } else {
                paths.add(arg);
            }
        }
        if (paths.isEmpty()) {
            return fail(err, "no PATH given (" + USAGE + ")");
        }
        for (String path : paths) {
            String problem = Mailboxes.problem(path);
            if (problem != null) {
                return fail(err, problem);
            }
        }
        Settings settings;
        MailCollector collector;
        EvidenceStore store = null;
        try {
            settings = config == null ? Settings.of(Map.of()) : Settings.load(java.nio.file.Path.of(config));
            if (!dryRun) {
                store = EvidenceStores.open(settings);
            }
            collector = MailCollector.from(settings, store);
            rejectUnknownCollectKeys(settings);
        } catch (ConfigException | StoreException e) {
            if (store != null) {
                store.close();
            }
            return fail(err, (config == null ? "" : config + ": ") + e.getMessage());
        }
        try {
            MessageSink sink = new MessageSink() {
                @Override
                public void message(String label, InputStream message) {
                    Collected result = collector.collect(label, message);
                    out.println(result.toJson());
                }

                @Override
                public void unreadable(String label, String error) {
                    out.println(Collected.unreadable(label, error).toJson());
                }
            };
            for (String path : paths) {
                try {
                    Mailboxes.read(path, stdin, sink);
                } catch (IOException e) {
                    out.flush();
                    return fail(err, path + ": cannot be read: " + e.getMessage());
                }
            }
            out.flush();
            return 0;
        } catch (StoreException e) {
            out.flush();
            return fail(err, e.getMessage());
        } finally {
            if (store != null) {
                store.close();
            }
        }
    }

    /** Reads (and so checks) the keys of collect and the store, for commands that share its configuration file. */
    static void markKnown(Settings settings) {
        MailCollector.from(settings, null);
        EvidenceStores.location(settings);
    }

    /**
     * Fails on a misspelt {@code tocsin.collect.*} or {@code tocsin.store} key. Other keys are left
     * alone: the same file usually configures {@code serve} too (its sources, the filter).
     */
    static void rejectUnknownCollectKeys(Settings settings) {
        Map<String, String> own = new java.util.LinkedHashMap<>();
        settings.asMap().forEach((k, v) -> {
            if (k.startsWith("tocsin.collect.") || k.equals("tocsin.store")) {
                own.put(k, v);
            }
        });
        own.putAll(settings.misspelt()); // a tocsn.* key configures nothing, whatever command reads the file
        Settings mine = Settings.of(own);
        markKnown(mine);
        mine.rejectUnknown();
    }

    private static int fail(PrintStream err, String message) {
        err.println("tocsin collect: " + message);
        return 2;
    }
}
