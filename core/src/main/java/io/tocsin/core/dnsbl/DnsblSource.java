package io.tocsin.core.dnsbl;

import io.tocsin.core.Category;
import io.tocsin.core.CategoryWeights;
import io.tocsin.core.Listing;
import io.tocsin.core.Source;
import io.tocsin.core.SourceContext;
import io.tocsin.core.SourceHealth;
import io.tocsin.core.SourceResult;
import io.tocsin.core.SourceResult.Failure;
import io.tocsin.core.ip.IpAddress;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * A DNS blocklist zone, queried over DNS with dnsjava's asynchronous resolver.
 *
 * <p>NXDOMAIN is the normal "not listed" answer. A answers map to categories through
 * {@link ReturnCodes}; answers outside 127.0.0.0/8 or in 127.255.255.0/24 are errors that suspend the
 * zone. SERVFAIL, REFUSED, timeouts and unreadable answers are error results, tried once more on the
 * next configured server.
 *
 * <p><b>Zone health</b> (RFC 5782 section 5): the zone's answers are used only after its test points
 * have passed, 127.0.0.2 listed and 127.0.0.1 not (and, for IPv6 lookups, {@code ::ffff:7f00:2} and
 * {@code ::ffff:7f00:1}), checked at start and every {@code healthInterval}; a zone that fails is
 * suspended, its lookups answered with an error at once, until it passes again. IPv4 and IPv6 are
 * judged apart, so an IPv4-only zone still serves IPv4 lookups.
 */
public final class DnsblSource implements Source {

    private static final Logger LOG = LoggerFactory.getLogger(DnsblSource.class);
    /** The per-server query timeout when none is configured ({@code timeout}). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
    /** How often the test points are checked when not configured ({@code health-interval}). */
    public static final Duration DEFAULT_HEALTH_INTERVAL = Duration.ofMinutes(5);
    private static final Duration SUSPENDED_RETRY = Duration.ofSeconds(30);
    private static final IpAddress TEST_LISTED_V4 = IpAddress.ofIpv4(0x7F000002);
    private static final IpAddress TEST_UNLISTED_V4 = IpAddress.ofIpv4(0x7F000001);

    private final String name;
    private final String zone;
    private final Name zoneName;
    private final ReturnCodes codes;
    private final List<SimpleResolver> resolvers;
    private final MultiplexedUdpClient transport;
    private final Duration timeout;
    private final boolean txt;
    private final boolean ipv6;
    private final boolean healthCheck;
    private final Duration healthInterval;
    private final String accessKey; // http:BL only
    private final int maxAgeDays;
    private final int minThreat;
    private final Category httpBlCategory;
    private final String lookupUrl;
    private final double freeUseRate;

    private volatile SourceHealth v4Health;
    private volatile SourceHealth v6Health;
    private volatile SourceContext context;
    private volatile ScheduledFuture<?> nextCheck;
    private volatile boolean closed;

    private DnsblSource(Builder b) {
        this.name = b.name;
        this.zone = b.zone != null ? b.zone : b.preset != null ? b.preset.zone() : null;
        if (zone == null) {
            throw new IllegalStateException("DNSBL source \"" + name + "\" needs a zone or a preset");
        }
        this.zoneName = absolute(zone);
        ReturnCodes c = b.codes != null ? b.codes : b.preset != null ? b.preset.codes() : ReturnCodes.all(Category.INFECTED);
        this.codes = b.category != null ? c.withFallback(b.category) : c;
        this.timeout = b.timeout != null ? b.timeout : DEFAULT_TIMEOUT;
        List<InetSocketAddress> servers = b.servers != null ? b.servers : ResolverConfig.getCurrentConfig().servers();
        if (servers.isEmpty()) {
            throw new IllegalStateException("DNSBL source \"" + name + "\" has no DNS servers, and the system names none");
        }
        this.transport = new MultiplexedUdpClient();
        List<SimpleResolver> list = new ArrayList<>();
        for (InetSocketAddress server : servers) {
            SimpleResolver resolver = new SimpleResolver(server);
            resolver.setTimeout(timeout);
            resolver.setIoClientFactory(transport.factory());
            list.add(resolver);
        }
        this.resolvers = List.copyOf(list);
        this.txt = b.txt;
        this.ipv6 = b.ipv6 == null || b.ipv6;
        this.accessKey = b.accessKey;
        this.healthCheck = b.healthCheck != null ? b.healthCheck : b.preset != DnsblPreset.HTTPBL;
        this.healthInterval = b.healthInterval != null ? b.healthInterval : DEFAULT_HEALTH_INTERVAL;
        this.maxAgeDays = b.maxAgeDays;
        this.minThreat = b.minThreat;
        this.httpBlCategory = b.category;
        this.lookupUrl = b.lookupUrl != null ? b.lookupUrl : defaultLookupUrl(b.preset, zone);
        // a preset's free-use limit applies to the operator's own servers, not to a local mirror
        this.freeUseRate = b.preset != null && b.zone == null ? b.preset.freeUseRate() : 0;
        if (b.preset == DnsblPreset.HTTPBL && (accessKey == null || !accessKey.matches("[a-z]{12}"))) {
            throw new IllegalStateException("http:BL source \"" + name + "\" needs its 12-letter access key");
        }
        Instant now = Instant.now();
        SourceHealth initial = healthCheck
                ? SourceHealth.starting("test points not yet checked", now)
                : SourceHealth.up("health check disabled", now);
        this.v4Health = initial;
        this.v6Health = initial;
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    @Override
    public String name() {
        return name;
    }

    public String zone() {
        return zone;
    }

    /** The weights of its return codes ({@code codes=127.0.0.4-127.0.0.7=infected:2}), if any. */
    @Override
    public CategoryWeights categoryWeights() {
        // without weighted codes, NONE lets the checker skip reading each listing's codes
        return isHttpBl() || codes.weights().length == 0 ? CategoryWeights.NONE : codes;
    }

    /**
     * The list operator's lookup page: the configured one, else a preset's, else the one of a
     * well-known operator's zone (a Spamhaus mirror's, the CBL's, now part of Spamhaus's XBL).
     */
    @Override
    public Optional<String> lookupUrl(IpAddress ip) {
        return Source.lookupUrl(lookupUrl, ip);
    }

    private static String defaultLookupUrl(DnsblPreset preset, String zone) {
        if (preset != null) {
            return preset.lookupUrl();
        }
        String z = zone.toLowerCase(Locale.ROOT);
        if (z.endsWith("spamhaus.org") || z.endsWith("spamhaus.net") || z.endsWith("abuseat.org")) {
            return DnsblPreset.SPAMHAUS_XBL.lookupUrl();
        }
        if (z.endsWith("httpbl.org")) {
            return DnsblPreset.HTTPBL.lookupUrl();
        }
        return null;
    }

    @Override
    public double defaultMaxRate() {
        return freeUseRate;
    }

    private boolean isHttpBl() {
        return accessKey != null;
    }

    @Override
    public CompletionStage<?> start(SourceContext sourceContext) {
        this.context = sourceContext;
        if (codes.ignoresUnmapped() && !isHttpBl()) {
            LOG.warn("DNSBL {} ({}) has no codes: only 127.0.0.2 counts, as {}; its other codes are ignored until "
                    + "mapped with tocsin.sources.{}.codes (see docs/SOURCES.md)", name, zone, codes.fallback(), name);
        }
        transport.start(sourceContext.scheduler());
        if (!healthCheck) {
            return CompletableFuture.completedFuture(null);
        }
        return runHealthCheck();
    }

    /**
     * Opens the sockets to every server (a zone without health checks has sent nothing yet), and runs
     * the query building and answer decoding once on a made-up answer for the test point 127.0.0.2,
     * sent nowhere.
     */
    @Override
    public void warmUp() {
        try {
            for (SimpleResolver resolver : resolvers) {
                transport.open(resolver.getAddress());
            }
            Name qname = queryName(TEST_LISTED_V4, false);
            Message made = Message.newQuery(Record.newRecord(qname, Type.A, DClass.IN));
            made.getHeader().setFlag(Flags.QR);
            made.addRecord(new ARecord(qname, DClass.IN, 60, InetAddress.getByAddress(TEST_LISTED_V4.toBytes())), Section.ANSWER);
            DnsAnswer.of(qname, Type.A, new Message(made.toWire()), null).toResult(name, zone, codes);
        } catch (IOException | RuntimeException e) {
            LOG.debug("DNSBL {} ({}): warm-up failed, the first lookup will do it: {}", name, zone, e.toString());
        }
    }

    private CompletableFuture<Void> runHealthCheck() {
        CompletableFuture<SourceHealth> v4 = probe(TEST_LISTED_V4, TEST_UNLISTED_V4, false);
        CompletableFuture<SourceHealth> v6 = ipv6 ? probe(TEST_LISTED_V4, TEST_UNLISTED_V4, true)
                : CompletableFuture.completedFuture(null);
        return v4.thenAcceptBoth(v6, (h4, h6) -> {
            setHealth(false, h4);
            if (h6 != null) {
                setHealth(true, h6);
            }
            scheduleNext();
        });
    }

    private void scheduleNext() {
        SourceContext ctx = context;
        if (closed || ctx == null) {
            return;
        }
        boolean allUp = v4Health.isUp() && (!ipv6 || v6Health.isUp());
        Duration delay = allUp || healthInterval.compareTo(SUSPENDED_RETRY) < 0 ? healthInterval : SUSPENDED_RETRY;
        nextCheck = ctx.schedule(this::runHealthCheck, delay);
    }

    /** Checks the RFC 5782 test points; {@code nibbleForm} writes them as IPv4-mapped IPv6 names. */
    private CompletableFuture<SourceHealth> probe(IpAddress listed, IpAddress unlisted, boolean nibbleForm) {
        String family = nibbleForm ? "IPv6" : "IPv4";
        String listedText = nibbleForm ? "::ffff:7f00:2" : "127.0.0.2";
        String unlistedText = nibbleForm ? "::ffff:7f00:1" : "127.0.0.1";
        CompletableFuture<DnsAnswer> a = resolve(queryName(listed, nibbleForm), Type.A);
        CompletableFuture<DnsAnswer> b = resolve(queryName(unlisted, nibbleForm), Type.A);
        return a.thenCombine(b, (listedAnswer, unlistedAnswer) -> {
            Instant now = now();
            String problem = null;
            if (listedAnswer.failure != null) {
                problem = "test point " + listedText + " got no answer: " + listedAnswer.failure;
            } else if (listedAnswer.rcode == Rcode.NXDOMAIN || (listedAnswer.rcode == Rcode.NOERROR && listedAnswer.codes.length == 0)) {
                problem = "test point " + listedText + " is not listed: the zone is empty, misnamed, or does not serve " + family;
            } else if (listedAnswer.rcode != Rcode.NOERROR) {
                problem = "test point " + listedText + " answered " + Rcode.string(listedAnswer.rcode);
            } else if (listedAnswer.errorCodeProblem() != null) {
                problem = "test point " + listedText + " " + listedAnswer.errorCodeProblem();
            } else if (unlistedAnswer.failure != null) {
                problem = "test point " + unlistedText + " got no answer: " + unlistedAnswer.failure;
            } else if (unlistedAnswer.rcode == Rcode.NOERROR && unlistedAnswer.codes.length > 0) {
                problem = "test point " + unlistedText + " is listed: the zone lists the world (a dead or hijacked list)";
            } else if (unlistedAnswer.rcode != Rcode.NXDOMAIN && unlistedAnswer.rcode != Rcode.NOERROR) {
                problem = "test point " + unlistedText + " answered " + Rcode.string(unlistedAnswer.rcode);
            }
            return problem == null
                    ? SourceHealth.up(family + " test points passed", now)
                    : SourceHealth.suspended(family + " " + problem, now);
        });
    }

    private void setHealth(boolean forIpv6, SourceHealth health) {
        SourceHealth previous;
        synchronized (this) {
            previous = forIpv6 ? v6Health : v4Health;
            if (previous.state() == health.state() && previous.reason().equals(health.reason())) {
                return;
            }
            health = health.after(previous);
            if (forIpv6) {
                v6Health = health;
            } else {
                v4Health = health;
            }
        }
        if (health.state() == SourceHealth.State.SUSPENDED) {
            LOG.warn("DNSBL {} ({}) suspended: {}", name, zone, health.reason());
        } else if (previous.state() != health.state()) {
            LOG.info("DNSBL {} ({}) is {}: {}", name, zone, health.state(), health.reason());
        }
        SourceContext ctx = context;
        if (ctx != null) {
            ctx.healthChanged(name, health());
        }
    }

    /**
     * The combined health: up when IPv4 lookups are served; an IPv6 suspension shows in the reason.
     * {@link #health(boolean)} tells the families apart.
     */
    @Override
    public SourceHealth health() {
        SourceHealth h4 = v4Health;
        if (!ipv6) {
            return h4;
        }
        SourceHealth h6 = v6Health;
        if (h4.isUp() && h6.isUp()) {
            return SourceHealth.up("IPv4 and IPv6 test points passed", h4.since());
        }
        if (h6.isUp()) {
            return h4;
        }
        String v6Part = "IPv6 lookups " + h6.state().name().toLowerCase(java.util.Locale.ROOT) + ": " + h6.reason();
        return new SourceHealth(h4.state(), h4.reason() + "; " + v6Part, h4.since());
    }

    /** The health of the lookups for one address family. */
    public SourceHealth health(boolean forIpv6) {
        return forIpv6 ? v6Health : v4Health;
    }

    @Override
    public CompletionStage<SourceResult> query(IpAddress ip) {
        boolean v6 = !ip.isIpv4();
        if (v6 && !ipv6) {
            return CompletableFuture.completedFuture(SourceResult.NOT_LISTED);
        }
        SourceHealth health = v6 ? v6Health : v4Health;
        if (!health.isUp()) {
            return CompletableFuture.completedFuture(SourceResult.failed(Failure.SUSPENDED,
                    "zone " + zone + " is " + health.state().name().toLowerCase() + ": " + health.reason()));
        }
        Name qname = queryName(ip, false);
        return resolve(qname, Type.A).thenCompose(answer -> {
            SourceResult result = interpret(answer, v6);
            if (txt && result instanceof SourceResult.Listed listed && !isHttpBl() && codes.anyMapped(answer.codes)) {
                return resolve(qname, Type.TXT).thenApply(t -> withReason(listed, t));
            }
            return CompletableFuture.completedFuture(result);
        });
    }

    private SourceResult interpret(DnsAnswer answer, boolean v6) {
        if (isHttpBl() && answer.failure == null && answer.rcode == Rcode.NOERROR && answer.codes.length > 0) {
            SourceResult result = HttpBlAnswer.decode(name, answer.codes[0], maxAgeDays, minThreat, httpBlCategory);
            if (result instanceof SourceResult.Failed failed) {
                suspend(v6, failed.message());
            }
            return result;
        }
        SourceResult result = answer.toResult(name, zone, codes);
        String problem = answer.errorCodeProblem();
        if (problem != null && result instanceof SourceResult.Failed) {
            suspend(v6, "a lookup " + problem);
        }
        return result;
    }

    private void suspend(boolean v6, String reason) {
        if (healthCheck) { // without health checks nothing would ever lift a suspension
            setHealth(v6, SourceHealth.suspended((v6 ? "IPv6 " : "IPv4 ") + reason, now()));
        }
    }

    private static SourceResult withReason(SourceResult.Listed listed, DnsAnswer txtAnswer) {
        if (txtAnswer.failure != null || txtAnswer.texts.isEmpty()) {
            return listed;
        }
        Listing l = listed.listing();
        return SourceResult.listed(new Listing(l.source(), l.categories(), l.codes(), String.join("; ", txtAnswer.texts)));
    }

    private Name queryName(IpAddress ip, boolean nibbleForm) {
        String labels = nibbleForm ? QueryNames.nibbles(ip.highBits(), ip.lowBits()) : QueryNames.reversed(ip);
        if (accessKey != null) {
            labels = accessKey + "." + labels;
        }
        try {
            return Name.concatenate(Name.fromString(labels), zoneName);
        } catch (TextParseException | org.xbill.DNS.NameTooLongException e) {
            throw new IllegalStateException("cannot build a query name in " + zone, e);
        }
    }

    /**
     * Runs dnsjava's answer parsing on the thread that received the answer. dnsjava's
     * {@code sendAsync(Message)} hands it to {@code ForkJoinPool.commonPool()}, which
     * {@code CompletableFuture} silently replaces by a new thread per task when the common pool has
     * parallelism 1 (any machine with one or two cores): one thread started per DNS answer capped the
     * engine at about 2 000 lookups a second there (see docs/PERFORMANCE.md).
     */
    private static final java.util.concurrent.Executor DIRECT = Runnable::run;

    /** Sends a query to the first server, and to the next one when it fails, refuses or times out. */
    private CompletableFuture<DnsAnswer> resolve(Name qname, int type) {
        return resolveVia(0, qname, type);
    }

    private CompletableFuture<DnsAnswer> resolveVia(int index, Name qname, int type) {
        Message query = Message.newQuery(Record.newRecord(qname, type, DClass.IN));
        CompletableFuture<Message> sent;
        try {
            sent = resolvers.get(index).sendAsync(query, DIRECT).toCompletableFuture();
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        return sent.handle((response, error) -> DnsAnswer.of(qname, type, response, error))
                .thenCompose(answer -> answer.worthRetrying() && index + 1 < resolvers.size()
                        ? resolveVia(index + 1, qname, type)
                        : CompletableFuture.completedFuture(answer));
    }

    private Instant now() {
        SourceContext ctx = context;
        return ctx != null ? ctx.clock().instant() : Instant.now();
    }

    @Override
    public void close() {
        closed = true;
        ScheduledFuture<?> next = nextCheck;
        if (next != null) {
            next.cancel(false);
        }
        transport.close();
    }

    @Override
    public String toString() {
        return "DnsblSource{" + name + ", zone=" + zone + ", servers=" + resolvers.size() + ", timeout=" + timeout
                + ", codes=" + codes + "}";
    }

    private static Name absolute(String zone) {
        try {
            Name n = Name.fromString(zone.endsWith(".") ? zone : zone + ".");
            if (n.labels() < 2) {
                throw new IllegalArgumentException("\"" + zone + "\" is not a DNS zone");
            }
            return n;
        } catch (TextParseException e) {
            throw new IllegalArgumentException("\"" + zone + "\" is not a DNS zone: " + e.getMessage(), e);
        }
    }

    /** Builds a {@link DnsblSource}; everything but a zone (or preset) has a default. */
    public static final class Builder {
        private final String name;
        private String zone;
        private DnsblPreset preset;
        private ReturnCodes codes;
        private Category category;
        private List<InetSocketAddress> servers;
        private Duration timeout;
        private boolean txt;
        private Boolean ipv6;
        private Boolean healthCheck;
        private Duration healthInterval;
        private String accessKey;
        private int maxAgeDays = -1;
        private int minThreat;
        private String lookupUrl;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /** The zone, e.g. {@code zen.spamhaus.org}; overrides a preset's. */
        public Builder zone(String zone) {
            absolute(zone);
            this.zone = zone.endsWith(".") ? zone.substring(0, zone.length() - 1) : zone;
            return this;
        }

        /** A well-known list: zone and return codes built in. */
        public Builder preset(DnsblPreset preset) {
            this.preset = Objects.requireNonNull(preset, "preset");
            return this;
        }

        /**
         * What return codes mean; overrides a preset's. Default: every 127/8 code is {@code infected}
         * (the {@code dnsbl} configuration type instead defaults to {@link ReturnCodes#listedCodeOnly}).
         */
        public Builder codes(ReturnCodes codes) {
            this.codes = Objects.requireNonNull(codes, "codes");
            return this;
        }

        /**
         * The category of codes not mapped otherwise (for http:BL: of every listing).
         */
        public Builder category(Category category) {
            this.category = Objects.requireNonNull(category, "category");
            return this;
        }

        /** DNS servers to ask, in order; default: the system's resolvers. */
        public Builder servers(List<InetSocketAddress> servers) {
            if (servers.isEmpty()) {
                throw new IllegalArgumentException("servers must not be empty");
            }
            this.servers = List.copyOf(servers);
            return this;
        }

        /** How long to wait for one server's answer; default {@link #DEFAULT_TIMEOUT 1s}. */
        public Builder timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive: " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** Whether to fetch the TXT record of a listed address as the listing's reason; default false. */
        public Builder txt(boolean txt) {
            this.txt = txt;
            return this;
        }

        /** Whether to look IPv6 addresses up in this zone; default true. */
        public Builder ipv6(boolean ipv6) {
            this.ipv6 = ipv6;
            return this;
        }

        /** Whether to check RFC 5782 test points; default true (false for http:BL). */
        public Builder healthCheck(boolean healthCheck) {
            this.healthCheck = healthCheck;
            return this;
        }

        /** How often to check the test points; default {@link #DEFAULT_HEALTH_INTERVAL 5m} (30s while suspended). */
        public Builder healthInterval(Duration interval) {
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("healthInterval must be positive: " + interval);
            }
            this.healthInterval = interval;
            return this;
        }

        /** Makes this an http:BL source with the given 12-letter access key. */
        public Builder httpBl(String accessKey) {
            this.accessKey = Objects.requireNonNull(accessKey, "accessKey");
            if (preset == null) {
                preset = DnsblPreset.HTTPBL;
            }
            return this;
        }

        /** http:BL: ignore entries last seen more than this many days ago. */
        public Builder maxAgeDays(int days) {
            this.maxAgeDays = days;
            return this;
        }

        /** http:BL: ignore entries with a lower threat score. */
        public Builder minThreat(int threat) {
            this.minThreat = threat;
            return this;
        }

        /**
         * The page where a visitor looks an address up, {@code {ip}} standing for it; default the
         * preset's, or the well-known operator's of the zone.
         */
        public Builder lookupUrl(String template) {
            this.lookupUrl = Objects.requireNonNull(template, "template");
            return this;
        }

        public DnsblSource build() {
            if (preset == DnsblPreset.HTTPBL && accessKey == null) {
                throw new IllegalStateException("http:BL source \"" + name + "\" needs its access key");
            }
            return new DnsblSource(this);
        }
    }
}
