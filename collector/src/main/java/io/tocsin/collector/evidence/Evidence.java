package io.tocsin.collector.evidence;

import io.tocsin.core.Category;
import io.tocsin.core.ip.IpAddress;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * Everything a store knows about one address: the merge of its reports.
 *
 * @param ip the address
 * @param category what the address is, from its reports (see {@link #merge})
 * @param threat the threat's name, empty when unknown, never null
 * @param kind how the latest report that set the category was gathered
 * @param firstSeen the earliest report
 * @param lastSeen the latest report
 * @param reports how many distinct reports were counted, at least 1
 */
public record Evidence(IpAddress ip, Category category, String threat, EvidenceKind kind,
                       Instant firstSeen, Instant lastSeen, long reports) {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    public Evidence {
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(category, "category");
        threat = Threats.clean(threat);
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(lastSeen, "lastSeen");
        if (reports < 1) {
            throw new IllegalArgumentException("evidence needs at least one report, not " + reports);
        }
        if (lastSeen.isBefore(firstSeen)) {
            throw new IllegalArgumentException("last seen " + lastSeen + " is before first seen " + firstSeen);
        }
    }

    /** The evidence of a single report. */
    public static Evidence of(Report report) {
        return new Evidence(report.ip(), report.category(), report.threat(), report.kind(), report.seen(), report.seen(), 1);
    }

    /**
     * This evidence with one more report. The count grows by one and the times widen. The category
     * is the report's, except that {@code infected} stays: a machine known to be infected that is
     * later reported only for spam is still infected. The threat goes with the category (an empty
     * threat in a report of the same category keeps the known one).
     *
     * @throws IllegalArgumentException if the report is about another address
     */
    public Evidence merge(Report report) {
        if (!report.ip().equals(ip)) {
            throw new IllegalArgumentException("report about " + report.ip() + " merged into evidence about " + ip);
        }
        Category newCategory = category;
        String newThreat = threat;
        EvidenceKind newKind = kind;
        boolean keepInfected = category == Category.INFECTED && report.category() != Category.INFECTED;
        if (!keepInfected) {
            if (report.category() != category || !report.threat().isEmpty()) {
                newThreat = report.threat();
            }
            newCategory = report.category();
            newKind = report.kind();
        }
        Instant first = report.seen().isBefore(firstSeen) ? report.seen() : firstSeen;
        Instant last = report.seen().isAfter(lastSeen) ? report.seen() : lastSeen;
        return new Evidence(ip, newCategory, newThreat, newKind, first, last, reports + 1);
    }

    /**
     * The reason a source gives for listing the address: {@code THREAT, N reports, last seen DATE}
     * (the category's name when the threat is unknown; "1 report" in the singular).
     */
    public String reason() {
        return (threat.isEmpty() ? category.id() : threat) + ", " + reports + (reports == 1 ? " report" : " reports")
                + ", last seen " + DATE.format(lastSeen);
    }
}
