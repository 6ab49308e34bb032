package io.tocsin.core.abuseipdb;

import io.tocsin.core.Category;
import io.tocsin.core.Listing;
import io.tocsin.core.Source;
import io.tocsin.core.SourceContext;
import io.tocsin.core.SourceHealth;
import io.tocsin.core.SourceResult;
import io.tocsin.core.SourceResult.Failure;
import io.tocsin.core.http.HttpAnswer;
import io.tocsin.core.http.HttpOptions;
import io.tocsin.core.http.JsonEndpoint;
import io.tocsin.core.http.UnexpectedJsonException;
import io.tocsin.core.ip.IpAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.Request;
import tools.jackson.databind.JsonNode;

/**
 * AbuseIPDB's {@code GET /api/v2/check?ipAddress=…&maxAgeInDays=…} with the {@code Key} header.
 *
 * <p>An address is listed when its {@code abuseConfidenceScore} reaches {@code min-score} (and it is
 * not whitelisted); the listing's category is {@code category} ({@code attacker} by default). With
 * {@code verbose=true} the individual reports are read too, and a report of category 20 ("Exploited
 * Host") adds {@code infected} — only for an address that reaches the threshold, so that one stray
 * report never makes Tocsin accuse a visitor.
 *
 * <p>AbuseIPDB's quotas are small, so the source never hammers it: HTTP 429 pauses it for the
 * {@code Retry-After} it names, {@code X-RateLimit-Remaining: 0} pauses it until
 * {@code X-RateLimit-Reset}, and an optional {@code daily-quota} stops it after that many requests a
 * UTC day. Paused, it answers OVERLOADED errors at once: Tocsin fails open.
 */
final class AbuseIpDbSource implements Source {

    /** AbuseIPDB's report category "Exploited Host". */
    static final int EXPLOITED_HOST = 20;

    private final String name;
    private final HttpUrl checkUrl;
    private final String apiKey;
    private final int minScore;
    private final int maxAgeDays;
    private final boolean verbose;
    private final Category category;
    private final long dailyQuota;
    private final String lookupUrl;
    private final JsonEndpoint endpoint;
    private final Instant created = Instant.now();
    private volatile Clock clock = Clock.systemUTC();
    private long quotaDay = -1; // guarded by this
    private long usedToday; // guarded by this

    AbuseIpDbSource(String name, HttpUrl url, String apiKey, int minScore, int maxAgeDays, boolean verbose,
                    Category category, long dailyQuota, HttpOptions http, String lookupUrl) {
        this.lookupUrl = lookupUrl;
        this.name = Objects.requireNonNull(name, "name");
        this.checkUrl = url.newBuilder().addPathSegments("api/v2/check").build();
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
        this.minScore = minScore;
        this.maxAgeDays = maxAgeDays;
        this.verbose = verbose;
        this.category = Objects.requireNonNull(category, "category");
        this.dailyQuota = dailyQuota;
        this.endpoint = new JsonEndpoint(name, http);
    }

    @Override
    public String name() {
        return name;
    }

    /** One request through the whole path, to a one-shot loopback server: the service is asked nothing. */
    @Override
    public void warmUp() {
        endpoint.warmUp(this::decode, "{\"data\":{\"abuseConfidenceScore\":0}}");
    }

    @Override
    public CompletionStage<?> start(SourceContext context) {
        clock = context.clock();
        endpoint.start(context);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<SourceResult> query(IpAddress ip) {
        Instant paused = endpoint.pausedUntil();
        if (paused == null && !takeFromQuota()) {
            return CompletableFuture.completedFuture(SourceResult.failed(Failure.OVERLOADED,
                    "daily-quota of " + dailyQuota + " requests used up; resumes at 00:00 UTC"));
        }
        String text = ip.toString();
        HttpUrl.Builder url = checkUrl.newBuilder()
                .addQueryParameter("ipAddress", text)
                .addQueryParameter("maxAgeInDays", Integer.toString(maxAgeDays));
        if (verbose) {
            url.addQueryParameter("verbose", null);
        }
        Request request = new Request.Builder()
                .url(url.build())
                .header("Key", apiKey)
                .header("Accept", "application/json")
                .build();
        return endpoint.get(request, this::decode, text).thenApply(HttpAnswer::toResult);
    }

    private synchronized boolean takeFromQuota() {
        if (dailyQuota <= 0) {
            return true;
        }
        long day = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).toEpochDay();
        if (day != quotaDay) {
            quotaDay = day;
            usedToday = 0;
        }
        if (usedToday >= dailyQuota) {
            return false;
        }
        usedToday++;
        return true;
    }

    private SourceResult decode(JsonNode body, Headers headers) throws UnexpectedJsonException {
        if ("0".equals(trimmed(headers.get("X-RateLimit-Remaining")))) {
            Instant reset = JsonEndpoint.epochSeconds(headers.get("X-RateLimit-Reset"));
            if (reset != null) {
                endpoint.pause(reset, "X-RateLimit-Remaining is 0: the AbuseIPDB quota is used up");
            }
        }
        JsonNode data = body.get("data");
        if (data == null || !data.isObject()) {
            throw new UnexpectedJsonException("no \"data\" object in the answer");
        }
        JsonNode score = data.get("abuseConfidenceScore");
        if (score == null || !score.isIntegralNumber() || score.asInt() < 0 || score.asInt() > 100) {
            throw new UnexpectedJsonException("\"data.abuseConfidenceScore\" is not a whole number from 0 to 100");
        }
        JsonNode whitelisted = data.get("isWhitelisted");
        if (whitelisted != null && !whitelisted.isNull() && !whitelisted.isBoolean()) {
            throw new UnexpectedJsonException("\"data.isWhitelisted\" is not a boolean");
        }
        int s = score.asInt();
        if (s < minScore || (whitelisted != null && whitelisted.asBoolean(false))) {
            return SourceResult.NOT_LISTED;
        }
        EnumSet<Category> categories = EnumSet.of(category);
        boolean exploited = false;
        if (verbose) {
            JsonNode reports = data.get("reports");
            if (reports != null && !reports.isNull()) {
                if (!reports.isArray()) {
                    throw new UnexpectedJsonException("\"data.reports\" is not an array");
                }
                for (JsonNode report : reports) {
                    JsonNode cats = report.get("categories");
                    if (cats == null || !cats.isArray()) {
                        throw new UnexpectedJsonException("a report has no \"categories\" array");
                    }
                    for (JsonNode c : cats) {
                        if (c.isIntegralNumber() && c.asInt() == EXPLOITED_HOST) {
                            exploited = true;
                        }
                    }
                }
            }
        }
        if (exploited) {
            categories.add(Category.INFECTED);
        }
        JsonNode total = data.get("totalReports");
        StringBuilder reason = new StringBuilder("abuse confidence ").append(s).append('%');
        if (total != null && total.isIntegralNumber()) {
            reason.append(", ").append(total.asLong()).append(total.asLong() == 1 ? " report" : " reports");
        }
        if (exploited) {
            reason.append(", reported as an exploited host");
        }
        return SourceResult.listed(new Listing(name, categories, List.of("abuseConfidenceScore=" + s), reason.toString()));
    }

    private static String trimmed(String s) {
        return s == null ? null : s.trim();
    }

    @Override
    public SourceHealth health() {
        Instant paused = endpoint.pausedUntil();
        return paused != null
                ? SourceHealth.suspended("paused until " + paused + " by AbuseIPDB's rate limit", created)
                : SourceHealth.up("live queries to " + checkUrl, created);
    }

    @Override
    public Optional<String> lookupUrl(IpAddress ip) {
        return Source.lookupUrl(lookupUrl, ip);
    }

    @Override
    public String toString() {
        return "AbuseIpDbSource{" + name + ", min-score=" + minScore + ", max-age-days=" + maxAgeDays + "}";
    }
}
