package io.tocsin.spring;

import io.tocsin.core.Category;
import io.tocsin.servlet.FilterOptions;
import io.tocsin.servlet.Mode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.web.servlet.DispatcherType;
import org.springframework.util.unit.DataSize;

/**
 * Tocsin's {@code tocsin.*} configuration keys, bound by Spring Boot. They are the same keys, with
 * the same meaning and defaults, as in a plain servlet container's init-params; the starter turns
 * them back into flat keys so that one parser reads both (see {@link #toSettingsMap()}).
 *
 * <p>Unknown keys under {@code tocsin.} fail start-up: a misspelt key would otherwise silently leave
 * a default in place.
 */
@ConfigurationProperties(prefix = "tocsin", ignoreUnknownFields = false)
public class TocsinProperties {

    /**
     * Whether Tocsin is enabled. When disabled, the starter creates no checker, filter, health
     * indicator or meters.
     */
    private boolean enabled = true;

    /**
     * What a visitor whose verdict says they should be told sees: a banner in HTML pages, an
     * interstitial notice page, a block page, or nothing (observe: the verdict is only a request
     * attribute).
     */
    private Mode mode = Mode.BANNER;

    /**
     * Categories of listing that trigger a notice.
     */
    private Set<Category> notifyCategories = new LinkedHashSet<>(EnumSet.of(Category.INFECTED));

    /**
     * Score at which a visitor is told: the sum of the weights of the sources whose listing has a
     * notify category, plus the negative weights of allowlists that list the address. Greater than
     * zero. Default 1: with the default weights, one listing is enough.
     */
    private BigDecimal notifyThreshold;

    /**
     * Addresses and CIDR ranges of reverse proxies whose X-Forwarded-For and Forwarded headers are
     * believed when finding the visitor's address.
     */
    private List<String> trustedProxies = new ArrayList<>();

    /**
     * Which header a trusted proxy uses to pass the visitor's address on: x-forwarded-for,
     * forwarded (RFC 7239), or auto (X-Forwarded-For when present, else Forwarded).
     */
    private FilterOptions.ForwardedHeader forwardedHeader = FilterOptions.ForwardedHeader.AUTO;

    /**
     * Longest time a request waits for a verdict that is not cached. A lookup that takes longer
     * goes on in the background and fills the cache for the visitor's next request.
     */
    private Duration lookupBudget = Duration.ofMillis(50);

    /**
     * Longest time any source may take to answer before its answer counts as a timeout, whatever
     * its own timeout says.
     */
    private Duration lookupDeadline = Duration.ofSeconds(10);

    /**
     * Maximum number of distinct addresses looked up at once. Beyond it, requests get an unknown
     * verdict (no notice).
     */
    private int maxInFlight = 10_000;

    /**
     * Path prefix reserved for Tocsin's own endpoints: the notice page, the acknowledgement form,
     * the visitor's verdict as JSON and static assets.
     */
    private String path = "/_tocsin";

    /**
     * How long an acknowledged notice stays hidden.
     */
    private Duration ackTtl = Duration.ofHours(24);

    /**
     * Secret key for the acknowledgement cookie's HMAC. Set it when several instances serve the
     * same site; by default a random key is made at each start.
     */
    private String ackSecret;

    /**
     * Location of templates to use instead of the built-in ones: a folder, or a "classpath:"
     * prefix, holding any of notice.html, banner.html, listing.html and tocsin.css.
     */
    private String templates;

    /**
     * Name of the site, shown on the notice page.
     */
    private String siteName;

    /**
     * Support contact shown on the notice page under "Need help?": an e-mail address, an https
     * URL, or plain text.
     */
    private String supportContact;

    private final Brand brand = new Brand();

    private final Banner banner = new Banner();

    private final Block block = new Block();

    private final Cache cache = new Cache();

    private final Filter filter = new Filter();

    /**
     * Lists to look visitors up in, by name. The name appears in notices, health details and
     * metrics.
     */
    private Map<String, Source> sources = new LinkedHashMap<>();

    public boolean isEnabled() {
        return this.enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Mode getMode() {
        return this.mode;
    }

    public void setMode(Mode mode) {
        this.mode = mode;
    }

    public BigDecimal getNotifyThreshold() {
        return this.notifyThreshold;
    }

    public void setNotifyThreshold(BigDecimal notifyThreshold) {
        this.notifyThreshold = notifyThreshold;
    }

    public Set<Category> getNotifyCategories() {
        return this.notifyCategories;
    }

    public void setNotifyCategories(Set<Category> notifyCategories) {
        this.notifyCategories = notifyCategories;
    }

    public List<String> getTrustedProxies() {
        return this.trustedProxies;
    }

    public void setTrustedProxies(List<String> trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    public FilterOptions.ForwardedHeader getForwardedHeader() {
        return this.forwardedHeader;
    }

    public void setForwardedHeader(FilterOptions.ForwardedHeader forwardedHeader) {
        this.forwardedHeader = forwardedHeader;
    }

    public Duration getLookupBudget() {
        return this.lookupBudget;
    }

    public void setLookupBudget(Duration lookupBudget) {
        this.lookupBudget = lookupBudget;
    }

    public Duration getLookupDeadline() {
        return this.lookupDeadline;
    }

    public void setLookupDeadline(Duration lookupDeadline) {
        this.lookupDeadline = lookupDeadline;
    }

    public int getMaxInFlight() {
        return this.maxInFlight;
    }

    public void setMaxInFlight(int maxInFlight) {
        this.maxInFlight = maxInFlight;
    }

    public String getPath() {
        return this.path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public Duration getAckTtl() {
        return this.ackTtl;
    }

    public void setAckTtl(Duration ackTtl) {
        this.ackTtl = ackTtl;
    }

    public String getAckSecret() {
        return this.ackSecret;
    }

    public void setAckSecret(String ackSecret) {
        this.ackSecret = ackSecret;
    }

    public String getTemplates() {
        return this.templates;
    }

    public void setTemplates(String templates) {
        this.templates = templates;
    }

    public String getSiteName() {
        return this.siteName;
    }

    public void setSiteName(String siteName) {
        this.siteName = siteName;
    }

    public String getSupportContact() {
        return this.supportContact;
    }

    public void setSupportContact(String supportContact) {
        this.supportContact = supportContact;
    }

    public Brand getBrand() {
        return this.brand;
    }

    public Banner getBanner() {
        return this.banner;
    }

    public Block getBlock() {
        return this.block;
    }

    public Cache getCache() {
        return this.cache;
    }

    public Filter getFilter() {
        return this.filter;
    }

    public Map<String, Source> getSources() {
        return this.sources;
    }

    public void setSources(Map<String, Source> sources) {
        this.sources = sources;
    }

    /**
     * These properties as Tocsin's flat {@code tocsin.*} keys, ready for
     * {@link io.tocsin.core.config.Settings#of(Map)}. Unset values are left out so that the core's
     * defaults apply; Spring-only keys ({@code tocsin.enabled} aside, {@code tocsin.filter.*}) are
     * not included.
     */
    public Map<String, String> toSettingsMap() {
        return SettingsMap.of(this);
    }

    /** How the notice page looks. */
    public static class Brand {

        /**
         * Path on the site of a logo shown atop the notice page, such as "/img/logo.svg".
         */
        private String logo;

        /**
         * Accent colour of the notice page, "#rgb" or "#rrggbb".
         */
        private String color;

        /**
         * Links shown on the notice page under "Need help?", each as "Title|URL" with an https
         * URL or a path on the site.
         */
        private List<String> links = new ArrayList<>();

        public String getLogo() {
            return this.logo;
        }

        public void setLogo(String logo) {
            this.logo = logo;
        }

        public String getColor() {
            return this.color;
        }

        public void setColor(String color) {
            this.color = color;
        }

        public List<String> getLinks() {
            return this.links;
        }

        public void setLinks(List<String> links) {
            this.links = links;
        }
    }

    /** Banner mode. */
    public static class Banner {

        /**
         * How much of a page is searched for its opening body tag before the page is passed
         * through without a banner.
         */
        private DataSize scanLimit = DataSize.ofKilobytes(64);

        public DataSize getScanLimit() {
            return this.scanLimit;
        }

        public void setScanLimit(DataSize scanLimit) {
            this.scanLimit = scanLimit;
        }
    }

    /** Block mode. */
    public static class Block {

        /**
         * Path patterns still served to listed visitors in block mode, such as a contact page or
         * the stylesheet it needs.
         */
        private List<String> allow = new ArrayList<>();

        public List<String> getAllow() {
            return this.allow;
        }

        public void setAllow(List<String> allow) {
            this.allow = allow;
        }
    }

    /** The verdict cache. */
    public static class Cache {

        /**
         * Maximum number of verdicts kept.
         */
        private long maxSize = 100_000;

        /**
         * How long a verdict that lists the visitor is kept.
         */
        private Duration listedTtl = Duration.ofHours(1);

        /**
         * How long a verdict is kept when every source answered and none lists the visitor.
         */
        private Duration cleanTtl = Duration.ofMinutes(15);

        /**
         * How long a verdict is kept when some source failed and none lists the visitor.
         */
        private Duration errorTtl = Duration.ofSeconds(30);

        public long getMaxSize() {
            return this.maxSize;
        }

        public void setMaxSize(long maxSize) {
            this.maxSize = maxSize;
        }

        public Duration getListedTtl() {
            return this.listedTtl;
        }

        public void setListedTtl(Duration listedTtl) {
            this.listedTtl = listedTtl;
        }

        public Duration getCleanTtl() {
            return this.cleanTtl;
        }

        public void setCleanTtl(Duration cleanTtl) {
            this.cleanTtl = cleanTtl;
        }

        public Duration getErrorTtl() {
            return this.errorTtl;
        }

        public void setErrorTtl(Duration errorTtl) {
            this.errorTtl = errorTtl;
        }
    }

    /** The filter's registration with the servlet container (Spring Boot only). */
    public static class Filter {

        /**
         * The default order: just before Spring Security's filter chain, whose default order is
         * -100 ({@code SecurityFilterProperties.DEFAULT_FILTER_ORDER}), and after the filters that
         * prepare the request (character encoding, forwarded headers, form content), which run at
         * far lower orders.
         */
        public static final int DEFAULT_ORDER = -110;

        /**
         * Order of the filter in the servlet filter chain. The default runs it before Spring
         * Security's filter chain (-100), so that block mode stops a listed visitor before any
         * authentication work and the banner also reaches pages Spring Security renders itself.
         */
        private int order = DEFAULT_ORDER;

        /**
         * Dispatcher types the filter applies to.
         */
        private Set<DispatcherType> dispatcherTypes = new LinkedHashSet<>(
                List.of(DispatcherType.REQUEST, DispatcherType.ASYNC));

        public int getOrder() {
            return this.order;
        }

        public void setOrder(int order) {
            this.order = order;
        }

        public Set<DispatcherType> getDispatcherTypes() {
            return this.dispatcherTypes;
        }

        public void setDispatcherTypes(Set<DispatcherType> dispatcherTypes) {
            this.dispatcherTypes = dispatcherTypes;
        }
    }

    /**
     * One list. Which keys apply depends on its type; unset keys take the type's default.
     */
    public static class Source {

        /**
         * Kind of list: dnsbl, crowdsec, abuseipdb, http-json, list or feed.
         */
        private String type;

        /**
         * DNSBL zone, such as zen.spamhaus.org.
         */
        private String zone;

        /**
         * Built-in settings for a well-known list: spamhaus-zen, spamhaus-xbl or httpbl. Other keys
         * still override them, for example the zone of a local mirror.
         */
        private String preset;

        /**
         * DNSBL return codes and their categories, such as
         * "127.0.0.4-127.0.0.7=infected,127.0.0.10-127.0.0.11=policy". By default any answer in
         * 127.0.0.0/8 means the source's category.
         */
        private String codes;

        /**
         * DNS servers to ask, as host:port. By default the system's resolvers.
         */
        private List<String> servers;

        /**
         * Timeout of one query. Default 1s.
         */
        private Duration timeout;

        /**
         * Whether to fetch the TXT record of a listed address as the listing's reason. Default
         * false.
         */
        private Boolean txt;

        /**
         * Project Honey Pot http:BL access key.
         */
        private String accessKey;

        /**
         * Base URL of an HTTP source, or the URL of a feed.
         */
        private String url;

        /**
         * API key of an HTTP source.
         */
        private String apiKey;

        /**
         * Addresses and CIDR ranges of a list source.
         */
        private List<String> entries;

        /**
         * File of a feed source.
         */
        private String file;

        /**
         * How often a feed is reloaded, or a CrowdSec stream polled.
         */
        private Duration refresh;

        /**
         * Category of a listing from this source, where the source does not say. Default infected
         * (attacker for abuseipdb).
         */
        private Category category;

        /**
         * Whether to check a DNSBL zone against its RFC 5782 test points before first use and
         * periodically, and suspend it while it fails. Default true.
         */
        private Boolean healthCheck;

        /**
         * How often a DNSBL zone's test points are checked. Default 5m.
         */
        private Duration healthInterval;

        /**
         * http:BL: ignore entries older than this many days.
         */
        private Integer maxAgeDays;

        /**
         * http:BL: ignore entries whose threat score is below this.
         */
        private Integer minThreat;

        /**
         * CrowdSec: "live" to query each address, or "stream" to keep all decisions locally.
         * Default live.
         */
        private String mode;

        /**
         * AbuseIPDB: lowest confidence score that counts as a listing. Default 75.
         */
        private Integer minScore;

        /**
         * AbuseIPDB: whether to read report categories (an exploited host counts as infected).
         * Default false.
         */
        private Boolean verbose;

        /**
         * http-json: JSON Pointer to a boolean or number in the answer.
         */
        private String pointer;

        /**
         * http-json: lowest number at the pointer that counts as a listing.
         */
        private Double threshold;

        /**
         * HTTP sources and feeds: timeout of opening a connection. Default 1s for HTTP sources, 5s for feeds.
         */
        private Duration connectTimeout;

        /**
         * HTTP sources: maximum number of queries in flight at once; beyond it a lookup reports the source as busy.
         */
        private Integer maxInFlight;

        /**
         * HTTP sources: largest answer read.
         */
        private DataSize maxResponseSize;

        /**
         * AbuseIPDB: queries allowed per day (0: no limit kept by Tocsin).
         */
        private Long dailyQuota;

        /**
         * CrowdSec: categories of decisions by scenario, such as "crowdsecurity/ssh-bf=attacker".
         */
        private String scenarioCategories;

        /**
         * CrowdSec: decision types that count as a listing, such as ban or captcha. By default all.
         */
        private List<String> types;

        /**
         * http-json: JSON Pointer to the listing's reason text in the answer.
         */
        private String reasonPointer;

        /**
         * Feed: largest file or download accepted.
         */
        private DataSize maxSize;

        /**
         * Feed: largest drop, in percent of entries, accepted from one load to the next; a larger drop keeps the last good copy. Default 90.
         */
        private Integer maxShrink;

        /**
         * Feed: malformed lines tolerated in one load before it is rejected. Default 0.
         */
        private Integer maxErrors;

        /**
         * Most queries per second sent to this source; 0 for no cap. By default the list
         * operator's free-use rate where known (the Spamhaus presets), else no cap.
         */
        private Double maxRate;

        /**
         * How much a listing from this source counts towards the score that is compared with
         * notify-threshold; negative for an allowlist (it then counts whatever its category). Default 1.
         */
        private BigDecimal weight;

        private final CircuitBreaker circuitBreaker = new CircuitBreaker();

        /**
         * http-json and feeds: extra request headers, by name.
         */
        private Map<String, String> header = new LinkedHashMap<>();

        public String getType() {
            return this.type;
        }

        public void setType(String type) {
            this.type = type;
        }

        public String getZone() {
            return this.zone;
        }

        public void setZone(String zone) {
            this.zone = zone;
        }

        public String getPreset() {
            return this.preset;
        }

        public void setPreset(String preset) {
            this.preset = preset;
        }

        public String getCodes() {
            return this.codes;
        }

        public void setCodes(String codes) {
            this.codes = codes;
        }

        public List<String> getServers() {
            return this.servers;
        }

        public void setServers(List<String> servers) {
            this.servers = servers;
        }

        public Duration getTimeout() {
            return this.timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }

        public Boolean getTxt() {
            return this.txt;
        }

        public void setTxt(Boolean txt) {
            this.txt = txt;
        }

        public String getAccessKey() {
            return this.accessKey;
        }

        public void setAccessKey(String accessKey) {
            this.accessKey = accessKey;
        }

        public String getUrl() {
            return this.url;
        }

        public void setUrl(String url) {
            this.url = url;
        }

        public String getApiKey() {
            return this.apiKey;
        }

        public void setApiKey(String apiKey) {
            this.apiKey = apiKey;
        }

        public List<String> getEntries() {
            return this.entries;
        }

        public void setEntries(List<String> entries) {
            this.entries = entries;
        }

        public String getFile() {
            return this.file;
        }

        public void setFile(String file) {
            this.file = file;
        }

        public Duration getRefresh() {
            return this.refresh;
        }

        public void setRefresh(Duration refresh) {
            this.refresh = refresh;
        }

        public Category getCategory() {
            return this.category;
        }

        public void setCategory(Category category) {
            this.category = category;
        }

        public Boolean getHealthCheck() {
            return this.healthCheck;
        }

        public void setHealthCheck(Boolean healthCheck) {
            this.healthCheck = healthCheck;
        }

        public Duration getHealthInterval() {
            return this.healthInterval;
        }

        public void setHealthInterval(Duration healthInterval) {
            this.healthInterval = healthInterval;
        }

        public Integer getMaxAgeDays() {
            return this.maxAgeDays;
        }

        public void setMaxAgeDays(Integer maxAgeDays) {
            this.maxAgeDays = maxAgeDays;
        }

        public Integer getMinThreat() {
            return this.minThreat;
        }

        public void setMinThreat(Integer minThreat) {
            this.minThreat = minThreat;
        }

        public String getMode() {
            return this.mode;
        }

        public void setMode(String mode) {
            this.mode = mode;
        }

        public Integer getMinScore() {
            return this.minScore;
        }

        public void setMinScore(Integer minScore) {
            this.minScore = minScore;
        }

        public Boolean getVerbose() {
            return this.verbose;
        }

        public void setVerbose(Boolean verbose) {
            this.verbose = verbose;
        }

        public String getPointer() {
            return this.pointer;
        }

        public void setPointer(String pointer) {
            this.pointer = pointer;
        }

        public Double getThreshold() {
            return this.threshold;
        }

        public void setThreshold(Double threshold) {
            this.threshold = threshold;
        }

        public Duration getConnectTimeout() {
            return this.connectTimeout;
        }

        public void setConnectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
        }

        public Integer getMaxInFlight() {
            return this.maxInFlight;
        }

        public void setMaxInFlight(Integer maxInFlight) {
            this.maxInFlight = maxInFlight;
        }

        public DataSize getMaxResponseSize() {
            return this.maxResponseSize;
        }

        public void setMaxResponseSize(DataSize maxResponseSize) {
            this.maxResponseSize = maxResponseSize;
        }

        public Long getDailyQuota() {
            return this.dailyQuota;
        }

        public void setDailyQuota(Long dailyQuota) {
            this.dailyQuota = dailyQuota;
        }

        public String getScenarioCategories() {
            return this.scenarioCategories;
        }

        public void setScenarioCategories(String scenarioCategories) {
            this.scenarioCategories = scenarioCategories;
        }

        public List<String> getTypes() {
            return this.types;
        }

        public void setTypes(List<String> types) {
            this.types = types;
        }

        public String getReasonPointer() {
            return this.reasonPointer;
        }

        public void setReasonPointer(String reasonPointer) {
            this.reasonPointer = reasonPointer;
        }

        public DataSize getMaxSize() {
            return this.maxSize;
        }

        public void setMaxSize(DataSize maxSize) {
            this.maxSize = maxSize;
        }

        public Integer getMaxShrink() {
            return this.maxShrink;
        }

        public void setMaxShrink(Integer maxShrink) {
            this.maxShrink = maxShrink;
        }

        public Integer getMaxErrors() {
            return this.maxErrors;
        }

        public void setMaxErrors(Integer maxErrors) {
            this.maxErrors = maxErrors;
        }

        public Double getMaxRate() {
            return this.maxRate;
        }

        public void setMaxRate(Double maxRate) {
            this.maxRate = maxRate;
        }

        public BigDecimal getWeight() {
            return this.weight;
        }

        public void setWeight(BigDecimal weight) {
            this.weight = weight;
        }

        public CircuitBreaker getCircuitBreaker() {
            return this.circuitBreaker;
        }

        public Map<String, String> getHeader() {
            return this.header;
        }

        public void setHeader(Map<String, String> header) {
            this.header = header;
        }

        /** Stops asking a source that keeps failing, for a while. */
        public static class CircuitBreaker {

            /**
             * Failures in a row after which the source is not asked for a while; 0 never stops
             * asking. Default 5.
             */
            private Integer failures;

            /**
             * How long the source is not asked once the breaker opens. Default 30s.
             */
            private Duration openFor;

            public Integer getFailures() {
                return this.failures;
            }

            public void setFailures(Integer failures) {
                this.failures = failures;
            }

            public Duration getOpenFor() {
                return this.openFor;
            }

            public void setOpenFor(Duration openFor) {
                this.openFor = openFor;
            }
        }
    }
}
