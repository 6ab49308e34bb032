package io.tocsin.publisher.zone;

import io.tocsin.collector.evidence.Evidence;
import io.tocsin.collector.evidence.EvidenceStore;
import io.tocsin.collector.evidence.EvidenceStores;
import io.tocsin.collector.source.EvidenceSource;
import io.tocsin.core.Category;
import io.tocsin.core.Checker;
import io.tocsin.core.EnumerableSource;
import io.tocsin.core.Listing;
import io.tocsin.core.ListedRange;
import io.tocsin.core.Source;
import io.tocsin.core.config.ConfigException;
import io.tocsin.core.config.Settings;
import io.tocsin.core.ip.IpAddress;
import io.tocsin.core.ip.IpRange;
import io.tocsin.publisher.PublishSettings;
import io.tocsin.publisher.dns.ServeDnsOptions;
import io.tocsin.publisher.guard.Coverage;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * {@code publish}: one list from the store's evidence and the sources marked
 * {@code tocsin.sources.NAME.publish=true}, combined by weight and threshold as the checker combines
 * them for one address, written as rbldnsd data and a feed ({@link ZoneFiles}).
 *
 * <table>
 *   <caption>Inputs</caption>
 *   <tr><th>input</th><th>weight</th></tr>
 *   <tr><td>a {@code list}, {@code feed} or CrowdSec {@code stream} source marked {@code publish=true}</td>
 *       <td>its {@code weight}</td></tr>
 *   <tr><td>an {@code evidence} source marked {@code publish=true}: its store</td><td>its {@code weight}</td></tr>
 *   <tr><td>the store of {@code tocsin.store}, unless an {@code evidence} source is marked (and unless
 *       {@code tocsin.store} is unset and {@code tocsin-data} does not exist)</td>
 *       <td>{@code tocsin.publish.evidence-weight}</td></tr>
 *   <tr><td>every enumerable source with a negative weight (an allowlist), marked or not: an address
 *       an allowlist protects is never published</td><td>its {@code weight}</td></tr>
 * </table>
 *
 * <p>Before anything is written, the list is checked: it must not list 127.0.0.1 (RFC 5782's test
 * point that is never listed; a list that does lists the world), cover more than
 * {@code tocsin.publish.max-share} of any /8, or grow more than {@code tocsin.publish.max-growth}
 * times since the last run. A list that fails, or that misses a marked source which has nothing
 * loaded, is not published: the files stay as they were, and the {@link Publication} says why.
 */
public final class Publisher implements AutoCloseable {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);
    private static final IpAddress NEVER_LISTED = IpAddress.ofIpv4(0x7F000001);
    private static final IpAddress TEST_POINT = IpAddress.ofIpv4(0x7F000002);

    private final String zone;
    private final Path out;
    private final Checker checker;
    private final Set<String> published;
    private final PublishSettings settings;
    private final EvidenceStore store; // read directly, or null
    private final Clock clock;

    private Publisher(String zone, Path out, Checker checker, Set<String> published, PublishSettings settings,
                      EvidenceStore store, Clock clock) {
        this.zone = zone;
        this.out = out;
        this.checker = checker;
        this.published = published;
        this.settings = settings;
        this.store = store;
        this.clock = clock;
    }

    /** What {@code publish} reads from the configuration, before anything is started. */
    public record Plan(String zone, PublishSettings settings, Set<String> published, String storeLocation) {
    }

    /**
     * Reads the publish keys of {@code settings}: the zone's name, {@code tocsin.publish.*}, which
     * sources are marked, and whether the store of {@code tocsin.store} is read directly.
     *
     * @throws ConfigException naming the first bad key or value
     */
    public static Plan plan(String zone, Settings settings) {
        String name = ServeDnsOptions.zoneName(zone).toString(true).toLowerCase(Locale.ROOT);
        PublishSettings publish = PublishSettings.from(settings);
        Set<String> marked = new LinkedHashSet<>();
        boolean evidenceMarked = false;
        for (String source : settings.childNames("sources.")) {
            Settings scope = settings.scope("sources." + source + ".");
            if (scope.bool("publish", false)) {
                marked.add(source);
                evidenceMarked |= "evidence".equals(scope.string("type"));
            }
        }
        String location = null;
        if (!evidenceMarked) {
            String configured = settings.string(EvidenceStores.KEY);
            String fallback = EvidenceStores.defaultLocation(settings); // "redis" when tocsin.redis.url is set
            if (configured != null || !fallback.equals(EvidenceStores.DEFAULT_LOCATION)
                    || Files.isDirectory(Path.of(EvidenceStores.DEFAULT_LOCATION))) {
                location = configured != null ? configured : fallback;
            }
        }
        return new Plan(name, publish, marked, location);
    }

    /**
     * A publisher writing to {@code out}, reading the started {@code checker}'s sources (which it
     * closes with itself) and the store of the plan.
     *
     * @throws ConfigException if a marked source cannot be enumerated
     */
    public static Publisher start(Plan plan, Path out, Checker checker, Settings settings, Clock clock) {
        Objects.requireNonNull(out, "out");
        for (Source source : checker.sources()) {
            if (plan.published().contains(source.name()) && !(source instanceof EnumerableSource)
                    && !(source instanceof EvidenceSource)) {
                String key = Settings.PREFIX + "sources." + source.name() + ".publish";
                checker.close();
                throw new ConfigException(key, "true", "names a source that cannot list its entries; only list, feed, evidence"
                        + " and crowdsec (mode=stream) sources can be published");
            }
        }
        EvidenceStore store = null;
        if (plan.storeLocation() != null) {
            try {
                store = EvidenceStores.open(settings);
            } catch (RuntimeException e) {
                checker.close();
                throw e;
            }
        }
        return new Publisher(plan.zone(), out, checker, plan.published(), plan.settings(), store, clock);
    }

    /** Completes when every source has finished starting (its first load), whatever the result. */
    public java.util.concurrent.CompletableFuture<Void> ready() {
        return checker.ready();
    }

    /** The zone's name, lower case, without the final dot. */
    public String zone() {
        return zone;
    }

    /**
     * Combines, checks and writes the list once.
     *
     * @throws IOException if a file cannot be written (the old one then stays)
     */
    public Publication publish() throws IOException {
        List<Contribution> contributions = new ArrayList<>();
        Set<Category> notify = checker.notifyCategories();
        for (Source source : checker.sources()) {
            double weight = checker.weights().getOrDefault(source.name(), Listing.DEFAULT_WEIGHT);
            boolean marked = published.contains(source.name());
            if (marked && source instanceof EvidenceSource evidence) {
                addEvidence(contributions, evidence.store(), weight, notify);
            } else if ((marked || weight < 0) && source instanceof EnumerableSource enumerable) {
                BigDecimal w = BigDecimal.valueOf(weight);
                boolean loaded = enumerable.forEachListed(entry -> contributions.add(contribution(entry, w, notify)));
                if (!loaded) {
                    return Publication.refused(zone, "source " + source.name() + " has nothing loaded ("
                            + source.health().reason() + "); publishing without it would drop its listings");
                }
            }
        }
        if (store != null) {
            addEvidence(contributions, store, settings.evidenceWeight(), notify);
        }
        List<ZoneEntry> entries = Combiner.combine(contributions, BigDecimal.valueOf(checker.notifyThreshold()));
        contributions.clear();
        return check(entries);
    }

    private Publication check(List<ZoneEntry> combined) throws IOException {
        List<ZoneEntry> entries = new ArrayList<>(combined.size());
        Coverage coverage = new Coverage();
        int v4 = 0;
        for (ZoneEntry e : combined) {
            if (e.range().contains(NEVER_LISTED)) {
                return Publication.refused(zone, "the list holds 127.0.0.1, which RFC 5782 says is never listed: some input lists the world ("
                        + e.range() + ", " + e.text() + ")");
            }
            ZoneEntry kept = e;
            if (e.range().first().equals(TEST_POINT)) {
                // the test point is written by itself, with its own code and text
                if (e.range().last().equals(TEST_POINT)) {
                    continue;
                }
                kept = new ZoneEntry(IpRange.of(IpAddress.ofIpv4(TEST_POINT.ipv4Bits() + 1), e.range().last()), e.category(), e.text());
            }
            entries.add(kept);
            coverage.add(kept.range());
            if (kept.range().isIpv4()) {
                v4++;
            }
        }
        String share = coverage.shareProblem(settings.limits());
        if (share != null) {
            return Publication.refused(zone, "the list looks like a list of the world: " + share);
        }
        double previous = ZoneFiles.previousSize(out, zone);
        if (previous >= 0) {
            String growth = coverage.growthProblem(previous, settings.limits());
            if (growth != null) {
                return Publication.refused(zone, "the list looks like a list of the world: " + growth);
            }
        }
        ZoneFiles.Written written = ZoneFiles.write(out, zone, entries, settings.codes(), coverage.size());
        return new Publication(zone, v4, entries.size() - v4, coverage.size(), written.ip4set(), written.ip6trie(), written.feed(), null);
    }

    private void addEvidence(List<Contribution> contributions, EvidenceStore from, double weight, Set<Category> notify) {
        BigDecimal w = BigDecimal.valueOf(weight);
        from.forEachListed(clock.instant(), e -> {
            boolean counts = weight < 0 || (weight > 0 && notify.contains(e.category()));
            contributions.add(new Contribution(IpRange.of(e.ip()), w, counts, e.category(), text(e), true));
        });
    }

    /** {@code CATEGORY: THREAT (N reports, last seen YYYY-MM-DD)}, the threat left out when unknown. */
    static String text(Evidence e) {
        return e.category().id() + ": " + (e.threat().isEmpty() ? "" : e.threat() + " ") + "(" + e.reports()
                + (e.reports() == 1 ? " report" : " reports") + ", last seen " + DATE.format(e.lastSeen()) + ")";
    }

    private static Contribution contribution(ListedRange entry, BigDecimal weight, Set<Category> notify) {
        Listing listing = entry.listing();
        Category category = null;
        for (Category c : listing.categories()) {
            if (notify.contains(c) && (category == null || c.compareTo(category) < 0)) {
                category = c;
            }
        }
        boolean counts = weight.signum() < 0 || (weight.signum() > 0 && category != null);
        String text = null;
        if (category != null) {
            String reason = listing.reason() == null || listing.reason().isBlank() ? "listed by " + listing.source() : listing.reason();
            text = category.id() + ": " + reason;
        }
        return new Contribution(entry.range(), weight, counts, category, text, false);
    }

    /** Closes the sources and the store. */
    @Override
    public void close() {
        checker.close();
        if (store != null) {
            store.close();
        }
    }
}
