package io.tocsin.core.json;

import io.tocsin.core.Category;
import io.tocsin.core.Listing;
import io.tocsin.core.SourceError;
import io.tocsin.core.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON form of a verdict, shared by the {@code check} command and the filter's
 * {@code /_tocsin/verdict} endpoint:
 *
 * <pre>{@code
 * {"ip":"192.0.2.66","listed":true,"notify":true,"categories":["infected"],
 *  "listings":[{"source":"bl","categories":["infected"],"codes":["127.0.0.4"],"reason":"infected: sober"}],
 *  "errors":[]}
 * }</pre>
 *
 * A verdict that is not {@linkplain Verdict#complete() complete} also carries {@code "complete":false}.
 */
public final class VerdictJson {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private VerdictJson() {
    }

    /** The verdict as one line of JSON. */
    public static String write(Verdict verdict) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("ip", verdict.ip().toString());
        json.put("listed", verdict.listed());
        json.put("notify", verdict.shouldNotify());
        json.put("categories", ids(verdict.categories()));
        List<Object> listings = new ArrayList<>();
        for (Listing listing : verdict.listings()) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("source", listing.source());
            l.put("categories", ids(listing.categories()));
            l.put("codes", listing.codes());
            l.put("reason", listing.reason());
            listings.add(l);
        }
        json.put("listings", listings);
        List<Object> errors = new ArrayList<>();
        for (SourceError error : verdict.errors()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("source", error.source());
            e.put("error", error.error());
            errors.add(e);
        }
        json.put("errors", errors);
        if (!verdict.complete()) {
            json.put("complete", false);
        }
        return MAPPER.writeValueAsString(json);
    }

    private static List<String> ids(Set<Category> categories) {
        List<String> ids = new ArrayList<>(categories.size());
        for (Category c : categories) {
            ids.add(c.id());
        }
        return ids;
    }
}
