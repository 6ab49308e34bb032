package io.tocsin.core.json;

import io.tocsin.core.Category;
import io.tocsin.core.Listing;
import io.tocsin.core.SourceError;
import io.tocsin.core.SourceResult;
import io.tocsin.core.Verdict;
import io.tocsin.core.ip.IpAddress;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.EnumSet;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON form of a verdict, shared by the {@code check} command and the filter's
 * {@code /_tocsin/verdict} endpoint:
 *
 * <pre>{@code
 * {"ip":"192.0.2.66","listed":true,"notify":true,"categories":["infected"],
 *  "listings":[{"source":"bl","categories":["infected"],"codes":["127.0.0.4"],"reason":"infected: sober","weight":1,"counted":true}],
 *  "errors":[],"score":1,"threshold":1,"decision":"notify"}
 * }</pre>
 *
 * {@code score} is the sum of the weights of the listings with {@code "counted":true}, and
 * {@code notify} is {@code score >= threshold}; {@code decision} is {@code notify}, {@code vetoed}
 * (an allowlist pulled a notifying score under the threshold), {@code below-threshold},
 * {@code clean} or {@code unknown}. Numbers are written as the decimals they are ({@code 0.5},
 * {@code -100}, {@code 1}). A verdict that is not {@linkplain Verdict#complete() complete} also
 * carries {@code "complete":false}; one {@linkplain Verdict#decidedEarly decided early} also names
 * the sources it did not wait for, {@code "pending":["slow"]}.
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
        List<Listing> all = verdict.listings();
        for (int i = 0; i < all.size(); i++) {
            Listing listing = all.get(i);
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("source", listing.source());
            l.put("categories", ids(listing.categories()));
            l.put("codes", listing.codes());
            l.put("reason", listing.reason());
            l.put("weight", number(listing.weight()));
            l.put("counted", verdict.counted(i));
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
        // after the fields that came before weights, so that readers of the older shape still match
        json.put("score", number(verdict.score()));
        json.put("threshold", number(verdict.threshold()));
        json.put("decision", verdict.decision().id());
        if (!verdict.complete()) {
            json.put("complete", false);
        }
        if (!verdict.pending().isEmpty()) {
            json.put("pending", verdict.pending());
        }
        return MAPPER.writeValueAsString(json);
    }

    /**
     * The complete verdict that {@link #write} wrote, as a checker notifying for
     * {@code notifyCategories} makes it: listings with their weights, errors (of kind
     * {@link SourceResult.Failure#ERROR ERROR}: the JSON names no kind) and the threshold. For verdicts
     * that checkers with the same configuration share (e.g. through Redis).
     *
     * @throws IllegalArgumentException if {@code json} is not such a verdict, or an incomplete one
     */
    public static Verdict read(String json, Set<Category> notifyCategories) {
        try {
            JsonNode root = MAPPER.readTree(json);
            if (root.has("complete") || root.has("pending")) {
                throw new IllegalArgumentException("an incomplete verdict is never shared");
            }
            List<Listing> listings = new ArrayList<>();
            for (JsonNode l : root.required("listings")) {
                Set<Category> categories = EnumSet.noneOf(Category.class);
                for (JsonNode c : l.required("categories")) {
                    categories.add(Category.of(c.asString()));
                }
                List<String> codes = new ArrayList<>();
                for (JsonNode c : l.required("codes")) {
                    codes.add(c.asString());
                }
                listings.add(new Listing(l.required("source").asString(), categories, codes,
                        l.required("reason").isNull() ? null : l.required("reason").asString(), l.required("weight").asDouble()));
            }
            List<SourceError> errors = new ArrayList<>();
            for (JsonNode e : root.required("errors")) {
                errors.add(new SourceError(e.required("source").asString(), SourceResult.Failure.ERROR, e.required("error").asString()));
            }
            return Verdict.of(IpAddress.parse(root.required("ip").asString()), listings, errors, notifyCategories,
                    root.required("threshold").asDouble());
        } catch (RuntimeException e) {
            throw e instanceof IllegalArgumentException iae ? iae : new IllegalArgumentException("not a verdict: " + e.getMessage(), e);
        }
    }

    /** {@code 1}, not {@code 1.0}; {@code 0.5}; never an exponent. */
    private static BigDecimal number(double d) {
        BigDecimal exact = BigDecimal.valueOf(d).stripTrailingZeros();
        return exact.scale() < 0 ? exact.setScale(0) : exact;
    }

    private static List<String> ids(Set<Category> categories) {
        List<String> ids = new ArrayList<>(categories.size());
        for (Category c : categories) {
            ids.add(c.id());
        }
        return ids;
    }
}
