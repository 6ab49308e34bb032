package io.tocsin.spring.metrics;

/**
 * The names and tags of Tocsin's meters, in one place. Dashboards and alerts depend on them: change
 * one only with a release note.
 */
public final class TocsinMeters {

    /** Counter: one source answered for one address. Tags {@link #SOURCE} and {@link #OUTCOME}. */
    public static final String LOOKUPS = "tocsin.lookups";

    /** Timer: how long one source took to answer. Tag {@link #SOURCE}. */
    public static final String LOOKUP_DURATION = "tocsin.lookup.duration";

    /** Counter: a response got a notice. Tag {@link #MODE}. */
    public static final String NOTICES = "tocsin.notices";

    /**
     * Counter: a lookup finished, by how its verdict came out. Tag {@link #DECISION}; {@code vetoed}
     * counts the notices an allowlist prevented.
     */
    public static final String DECISIONS = "tocsin.decisions";

    /**
     * Counter: a lookup answered before every source had, because the ones still pending could not
     * change the outcome. Tag {@link #NOTIFY}.
     */
    public static final String EARLY_ANSWERS = "tocsin.early.answers";

    /**
     * Counter: what listed visitors did with a notice. Tags {@link #MODE}, {@link #ACTION} and
     * {@link #LANGUAGE}; no address, no cookie.
     */
    public static final String VISITOR_ACTIONS = "tocsin.visitor.actions";

    /** Counter: a request's lookup budget ran out and the request went on with an unknown verdict. */
    public static final String BUDGET_EXCEEDED = "tocsin.budget.exceeded";

    /** Gauge: 1 while a source is up, 0 while it is starting or suspended. Tag {@link #SOURCE}. */
    public static final String SOURCE_UP = "tocsin.source.up";

    /**
     * The {@code cache} tag of the verdict cache's statistics ({@code cache.gets}, {@code cache.puts},
     * {@code cache.evictions}, … as Micrometer's {@code CaffeineStatsCounter} names them) and of its
     * {@code cache.size} gauge.
     */
    public static final String VERDICT_CACHE = "tocsin.verdicts";

    /** Tag: the source's configured name. */
    public static final String SOURCE = "source";

    /** Tag: {@code listed}, {@code clean}, {@code error} or {@code timeout}. */
    public static final String OUTCOME = "outcome";

    /** Tag: {@code notify}, {@code vetoed}, {@code below-threshold} or {@code clean}. */
    public static final String DECISION = "decision";

    /** Tag: {@code true} or {@code false}, whether the verdict notifies. */
    public static final String NOTIFY = "notify";

    /** Tag: {@code banner}, {@code interstitial} or {@code block}. */
    public static final String MODE = "mode";

    /** Tag: {@code shown}, {@code details-opened}, {@code dismissed} or {@code continued}. */
    public static final String ACTION = "action";

    /** Tag: the language the notice was shown in ({@code en}, {@code de}, … {@code ar}). */
    public static final String LANGUAGE = "language";

    private TocsinMeters() {
    }
}
