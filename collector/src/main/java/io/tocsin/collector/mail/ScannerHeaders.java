package io.tocsin.collector.mail;

import io.tocsin.core.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Verdicts that scanners on the operator's own hosts wrote into a message's header
 * ({@code tocsin.collect.av-headers}). Only fields above the boundary (the origin's
 * {@code Received} header) count: everything below it came from the sender, who can forge any
 * field and must not get a shared address listed that way.
 */
final class ScannerHeaders {

    private enum Known {
        // clamav-milter: "Infected (Win.Worm.Sober-2)" or "Clean"
        X_VIRUS_STATUS("X-Virus-Status", Pattern.compile("(?i)^\\s*infected\\s*\\(?\\s*([^)]*?)\\s*\\)?\\s*$"), MailVerdict.INFECTED, "(?i)^\\s*clean\\b.*"),
        // amavis: "INFECTED, message contains virus: Win.Worm.Sober-2"
        X_AMAVIS_ALERT("X-Amavis-Alert", Pattern.compile("(?i)^\\s*infected\\b.*?(?:virus:\\s*(.*?))?\\s*$"), MailVerdict.INFECTED, null),
        // SpamAssassin: "YES" / "NO"
        X_SPAM_FLAG("X-Spam-Flag", Pattern.compile("(?i)^\\s*yes\\s*$"), MailVerdict.SPAM, "(?i)^\\s*no\\s*$"),
        // SpamAssassin: "Yes, score=12.3 required=5.0 tests=…" / "No, score=…"
        X_SPAM_STATUS("X-Spam-Status", Pattern.compile("(?i)^\\s*yes\\b.*"), MailVerdict.SPAM, "(?i)^\\s*no\\b.*");

        final String header;
        final Pattern positive;
        final MailVerdict verdict;
        final Pattern clean;

        Known(String header, Pattern positive, MailVerdict verdict, String clean) {
            this.header = header;
            this.positive = positive;
            this.verdict = verdict;
            this.clean = clean == null ? null : Pattern.compile(clean);
        }
    }

    static final String DEFAULT = "X-Virus-Status,X-Amavis-Alert,X-Spam-Flag";

    private final Map<String, Known> byName;

    private ScannerHeaders(Map<String, Known> byName) {
        this.byName = byName;
    }

    /**
     * The headers named in {@code list} (comma-separated, case-insensitive).
     *
     * @throws ConfigException naming {@code key} for a header whose format is not known
     */
    static ScannerHeaders parse(String key, String list) {
        Map<String, Known> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String item : list.split(",")) {
            String name = item.trim();
            if (name.isEmpty()) {
                continue;
            }
            Known found = null;
            for (Known k : Known.values()) {
                if (k.header.equalsIgnoreCase(name)) {
                    found = k;
                }
            }
            if (found == null) {
                List<String> allowed = new ArrayList<>();
                for (Known k : Known.values()) {
                    allowed.add(k.header);
                }
                throw new ConfigException(key, list, "names \"" + name + "\", a header whose format is not known (known: "
                        + String.join(", ", allowed) + ")");
            }
            byName.put(found.header, found);
        }
        return new ScannerHeaders(byName);
    }

    /** The verdict of the fields before position {@code boundary} (exclusive) of {@code fields}. */
    ScanResult verdict(List<HeaderField> fields, int boundary) {
        ScanResult spam = null;
        ScanResult clean = null;
        for (int i = 0; i < Math.min(boundary, fields.size()); i++) {
            HeaderField f = fields.get(i);
            Known k = byName.get(f.name());
            if (k == null) {
                continue;
            }
            Matcher m = k.positive.matcher(f.value());
            if (m.matches()) {
                if (k.verdict == MailVerdict.INFECTED) {
                    String threat = m.groupCount() >= 1 && m.group(1) != null && !m.group(1).isBlank() ? m.group(1).strip() : null;
                    return new ScanResult(MailVerdict.INFECTED, threat, k.header, null);
                }
                if (spam == null) {
                    spam = new ScanResult(MailVerdict.SPAM, null, k.header, null);
                }
            } else if (clean == null && k.clean != null && k.clean.matcher(f.value()).matches()) {
                clean = new ScanResult(MailVerdict.CLEAN, null, k.header, null);
            }
        }
        if (spam != null) {
            return spam;
        }
        return clean != null ? clean : ScanResult.UNKNOWN;
    }

    @Override
    public String toString() {
        return String.join(",", byName.keySet()).toLowerCase(Locale.ROOT);
    }
}
