package io.tocsin.core.abuseipdb;

import io.tocsin.core.Category;
import io.tocsin.core.Source;
import io.tocsin.core.config.ConfigException;
import io.tocsin.core.config.Settings;
import io.tocsin.core.config.SourceFactory;
import io.tocsin.core.http.HttpOptions;
import okhttp3.HttpUrl;

/**
 * Type {@code abuseipdb}: keys {@code api-key} (required), {@code url}, {@code min-score},
 * {@code max-age-days}, {@code verbose}, {@code category}, {@code daily-quota}, {@code lookup-url}, and the HTTP keys
 * {@code timeout}, {@code connect-timeout}, {@code max-in-flight}, {@code max-response-size}.
 */
public final class AbuseIpDbSourceFactory implements SourceFactory {

    static final String DEFAULT_URL = "https://api.abuseipdb.com/";
    /** AbuseIPDB's public page of an address's reports. */
    static final String DEFAULT_LOOKUP_URL = "https://www.abuseipdb.com/check/{ip}";

    @Override
    public String type() {
        return "abuseipdb";
    }

    @Override
    public Source create(String name, Settings s) {
        String urlText = s.string("url", DEFAULT_URL);
        HttpUrl url = HttpUrl.parse(urlText);
        if (url == null) {
            throw new ConfigException(s.key("url"), urlText, "is not an http:// or https:// URL");
        }
        String apiKey = s.required("api-key");
        int minScore = (int) s.number("min-score", 75, 0, 100);
        int maxAgeDays = (int) s.number("max-age-days", 30, 1, 365);
        boolean verbose = s.bool("verbose", false);
        Category category = s.category("category", Category.ATTACKER);
        long dailyQuota = s.number("daily-quota", 0, 0, Long.MAX_VALUE);
        HttpOptions http = HttpOptions.from(s, HttpOptions.DEFAULT_MAX_RESPONSE_SIZE);
        String lookupUrl = s.urlTemplate("lookup-url", DEFAULT_LOOKUP_URL);
        return new AbuseIpDbSource(name, url, apiKey, minScore, maxAgeDays, verbose, category, dailyQuota, http, lookupUrl);
    }
}
