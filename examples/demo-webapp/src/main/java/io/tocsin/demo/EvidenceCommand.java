package io.tocsin.demo;

import io.tocsin.collector.evidence.Evidence;
import io.tocsin.collector.evidence.EvidenceKind;
import io.tocsin.collector.evidence.EvidenceStore;
import io.tocsin.collector.evidence.EvidenceStores;
import io.tocsin.collector.evidence.Report;
import io.tocsin.collector.evidence.StoreException;
import io.tocsin.core.Category;
import io.tocsin.core.config.ConfigException;
import io.tocsin.core.config.Settings;
import io.tocsin.core.ip.IpAddress;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code evidence list|add|remove [--config FILE] …}: manages the evidence store by hand, one JSON
 * line per address. {@code list} deletes what expired and prints what is listed now (under
 * {@code tocsin.collect.ttl} and {@code min-reports}); {@code add [--category C] [--threat NAME] IP...} records a manual report;
 * {@code remove IP...} deletes everything known about an address. Exit 0, or 2 with one line on
 * standard error naming the bad input or the failing store.
 */
final class EvidenceCommand {

    static final String USAGE = "usage: evidence list [--config FILE]\n"
            + "       evidence add [--config FILE] [--category infected|spam|attacker|proxy|other] [--threat NAME] IP...\n"
            + "       evidence remove [--config FILE] IP...";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private EvidenceCommand() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || args.get(0).equals("--help") || args.get(0).equals("-h")) {
            (args.isEmpty() ? err : out).println(USAGE);
            return args.isEmpty() ? 2 : 0;
        }
        String action = args.get(0);
        if (!List.of("list", "add", "remove").contains(action)) {
            return fail(err, "unknown action \"" + action + "\" (" + USAGE.lines().findFirst().orElseThrow() + " …)");
        }
        String config = null;
        Category category = Category.INFECTED;
        String threat = "";
        List<IpAddress> ips = new ArrayList<>();
        for (int i = 1; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg.contains("=") && arg.startsWith("--") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (name.equals("--config") || name.equals("--category") || name.equals("--threat")) {
                String value;
                if (arg.contains("=")) {
                    value = arg.substring(arg.indexOf('=') + 1);
                } else if (i + 1 < args.size()) {
                    value = args.get(++i);
                } else {
                    return fail(err, name + " needs a value");
                }
                if (name.equals("--config")) {
                    config = value;
                } else if (!action.equals("add")) {
                    return fail(err, name + " is only for evidence add");
                } else if (name.equals("--threat")) {
                    threat = value;
                } else {
                    try {
                        category = Category.of(value);
                    } catch (IllegalArgumentException e) {
                        return fail(err, "--category: " + e.getMessage());
                    }
                }
            } else if (arg.startsWith("-") && IpAddress.tryParse(arg) == null) {
                return fail(err, "unknown option \"" + arg + "\"");
            } else {
                IpAddress ip = IpAddress.tryParse(arg);
                if (ip == null) {
                    return fail(err, "not an IP address: \"" + arg + "\"");
                }
                ips.add(ip);
            }
        }
        if (action.equals("list") && !ips.isEmpty()) {
            return fail(err, "evidence list takes no address");
        }
        if (!action.equals("list") && ips.isEmpty()) {
            return fail(err, "no IP address given (" + USAGE + ")");
        }
        EvidenceStore store;
        try {
            Settings settings = config == null ? Settings.of(Map.of()) : Settings.load(java.nio.file.Path.of(config));
            CollectCommand.rejectUnknownCollectKeys(settings);
            store = EvidenceStores.open(settings);
        } catch (ConfigException | StoreException e) {
            return fail(err, (config == null ? "" : config + ": ") + e.getMessage());
        }
        try (store) {
            switch (action) {
                case "list" -> {
                    Instant now = Instant.now();
                    store.purge(now); // what expired is deleted, not only hidden
                    store.forEachListed(now, e -> out.println(json(e)));
                }
                case "add" -> {
                    for (IpAddress ip : ips) {
                        out.println(json(store.record(new Report(ip, category, threat, EvidenceKind.MANUAL, Instant.now(), null))));
                    }
                }
                default -> {
                    for (IpAddress ip : ips) {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("ip", ip.toString());
                        m.put("removed", store.remove(ip));
                        out.println(JSON.writeValueAsString(m));
                    }
                }
            }
            out.flush();
            return 0;
        } catch (StoreException e) {
            out.flush();
            return fail(err, e.getMessage());
        }
    }

    /** {@code {"ip","category","threat","kind","first","last","reports"}}; times in ISO-8601 UTC. */
    static String json(Evidence e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ip", e.ip().toString());
        m.put("category", e.category().id());
        m.put("threat", e.threat());
        m.put("kind", e.kind().id());
        m.put("first", e.firstSeen().toString());
        m.put("last", e.lastSeen().toString());
        m.put("reports", e.reports());
        return JSON.writeValueAsString(m);
    }

    private static int fail(PrintStream err, String message) {
        err.println("tocsin evidence: " + message);
        return 2;
    }
}
