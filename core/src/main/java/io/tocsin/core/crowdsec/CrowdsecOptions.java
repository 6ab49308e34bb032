package io.tocsin.core.crowdsec;

import io.tocsin.core.Category;
import io.tocsin.core.Listing;
import io.tocsin.core.SourceResult;
import io.tocsin.core.http.HttpOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import okhttp3.HttpUrl;

/**
 * What both modes of the {@code crowdsec} source share.
 *
 * @param name the source's configured name
 * @param url the Local API's base URL, e.g. {@code http://127.0.0.1:8080/}
 * @param apiKey the bouncer key ({@code cscli bouncers add NAME})
 * @param types decision types that count, lower case; empty means every type (ban, captcha, custom ones)
 * @param categories scenario → category
 * @param http timeouts and caps
 * @param refresh stream mode: time between polls
 * @param lookupUrl where a visitor looks an address up, {@code {ip}} standing for it
 */
record CrowdsecOptions(String name, HttpUrl url, String apiKey, Set<String> types, ScenarioCategories categories,
                       HttpOptions http, Duration refresh, String lookupUrl) {

    /** CrowdSec's threat intelligence (CTI) page of an address. */
    static final String DEFAULT_LOOKUP_URL = "https://app.crowdsec.net/cti/{ip}";

    CrowdsecOptions {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(apiKey, "apiKey");
        types = Set.copyOf(types);
        Objects.requireNonNull(categories, "categories");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(refresh, "refresh");
        Objects.requireNonNull(lookupUrl, "lookupUrl");
    }

    boolean counts(Decision d) {
        return types.isEmpty() || types.contains(d.type().toLowerCase(Locale.ROOT));
    }

    /** The answer for decisions that cover one address: listed with their categories, or not listed. */
    SourceResult result(List<Decision> decisions) {
        EnumSet<Category> found = EnumSet.noneOf(Category.class);
        List<String> codes = new ArrayList<>(2);
        List<String> scenarios = new ArrayList<>(2);
        for (Decision d : decisions) {
            if (!counts(d)) {
                continue;
            }
            found.add(categories.of(d.scenario()));
            if (!codes.contains(d.type())) {
                codes.add(d.type());
            }
            if (!d.scenario().isEmpty() && !scenarios.contains(d.scenario())) {
                scenarios.add(d.scenario());
            }
        }
        if (found.isEmpty()) {
            return SourceResult.NOT_LISTED;
        }
        String reason = scenarios.isEmpty() ? null : String.join(", ", scenarios);
        return SourceResult.listed(new Listing(name, found, codes, reason));
    }
}
