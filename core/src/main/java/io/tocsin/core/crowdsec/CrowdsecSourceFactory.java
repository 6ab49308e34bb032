package io.tocsin.core.crowdsec;

import io.tocsin.core.Category;
import io.tocsin.core.Source;
import io.tocsin.core.config.ConfigException;
import io.tocsin.core.config.Settings;
import io.tocsin.core.config.SourceFactory;
import io.tocsin.core.http.HttpOptions;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import okhttp3.HttpUrl;

/**
 * Type {@code crowdsec}: keys {@code url} (required), {@code api-key} (required), {@code mode}
 * ({@code live} or {@code stream}), {@code refresh}, {@code category}, {@code scenario-categories},
 * {@code types}, {@code lookup-url}, and the HTTP keys {@code timeout}, {@code connect-timeout}, {@code max-in-flight},
 * {@code max-response-size}.
 */
public final class CrowdsecSourceFactory implements SourceFactory {

    static final Duration DEFAULT_REFRESH = Duration.ofSeconds(10);
    static final long LIVE_MAX_RESPONSE = 1L << 20;
    static final long STREAM_MAX_RESPONSE = 64L << 20;

    @Override
    public String type() {
        return "crowdsec";
    }

    @Override
    public Source create(String name, Settings s) {
        String mode = s.choice("mode", "live", "live", "stream");
        HttpUrl url = httpUrl(s, "url");
        String apiKey = s.required("api-key");
        Category category = s.category("category", Category.INFECTED);
        ScenarioCategories categories = ScenarioCategories.all(category);
        String mapping = s.string("scenario-categories");
        if (mapping != null) {
            try {
                categories = ScenarioCategories.parse(mapping, category);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(s.key("scenario-categories"), mapping,
                        "is not a list of scenario=category (e.g. crowdsecurity/ssh-bf=attacker,*botnet*=infected): " + e.getMessage());
            }
        }
        Set<String> types = new LinkedHashSet<>();
        String typeList = s.string("types");
        if (typeList != null) {
            for (String t : typeList.split(",")) {
                if (!t.isBlank()) {
                    types.add(t.trim().toLowerCase(Locale.ROOT));
                }
            }
        }
        boolean stream = mode.equals("stream");
        Duration refresh = s.positiveDuration("refresh", DEFAULT_REFRESH);
        if (!stream && s.has("refresh")) {
            throw new ConfigException(s.key("refresh"), s.string("refresh"), "applies only to mode=stream");
        }
        HttpOptions http = HttpOptions.from(s, stream ? STREAM_MAX_RESPONSE : LIVE_MAX_RESPONSE);
        String lookupUrl = s.urlTemplate("lookup-url", CrowdsecOptions.DEFAULT_LOOKUP_URL);
        CrowdsecOptions options = new CrowdsecOptions(name, url, apiKey, types, categories, http, refresh, lookupUrl);
        return stream ? new CrowdsecStreamSource(options) : new CrowdsecLiveSource(options);
    }

    /** An {@code http} or {@code https} URL from a required key. */
    static HttpUrl httpUrl(Settings s, String key) {
        String text = s.required(key);
        HttpUrl url = HttpUrl.parse(text);
        if (url == null) {
            throw new ConfigException(s.key(key), text, "is not an http:// or https:// URL");
        }
        return url;
    }
}
