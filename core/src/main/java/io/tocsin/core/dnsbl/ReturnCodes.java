package io.tocsin.core.dnsbl;

import io.tocsin.core.Category;
import io.tocsin.core.CategoryWeights;
import io.tocsin.core.Listing;
import io.tocsin.core.ip.IpAddress;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a DNSBL's A answers mean: ranges of return codes in 127.0.0.0/8, each with a category and
 * optionally a weight, and a fallback category for codes not mapped otherwise.
 *
 * <p>Written as {@code 127.0.0.2,127.0.0.3,127.0.0.9=spam,127.0.0.4-127.0.0.7=infected:2}: codes
 * and ranges separated by commas, each run of them ending with {@code =category} or
 * {@code =category:weight}. A weight replaces the source's own weight for listings with those
 * codes, so that one zone can mix lists of different credibility (Spamhaus ZEN's XBL codes beside
 * its policy codes); codes without one count with the source's weight.
 */
public final class ReturnCodes implements CategoryWeights {

    private final int[] firsts;
    private final int[] lasts;
    private final Category[] categories;
    private final double[] weights; // NaN: the source's weight
    private final Category fallback;
    private final boolean ignoresUnmapped;

    private ReturnCodes(int[] firsts, int[] lasts, Category[] categories, double[] weights, Category fallback) {
        this(firsts, lasts, categories, weights, fallback, false);
    }

    private ReturnCodes(int[] firsts, int[] lasts, Category[] categories, double[] weights, Category fallback,
                        boolean ignoresUnmapped) {
        this.firsts = firsts;
        this.lasts = lasts;
        this.categories = categories;
        this.weights = weights;
        this.fallback = fallback;
        this.ignoresUnmapped = ignoresUnmapped;
    }

    /**
     * Only 127.0.0.2, the code every DNSBL answers for a listing and for its RFC 5782 test point,
     * means {@code category}; other codes are ignored until mapped. The default of a generic
     * {@code dnsbl} source configured without {@code codes}: a list's other codes often mean
     * something milder (Spamhaus's 127.0.0.10 and 127.0.0.11: a dynamic or end-user range, not an
     * infection), and a code whose meaning nobody configured must not accuse a visitor. Such an
     * answer is still a listing, in category {@code other}, of weight 0 and with the reason
     * "unmapped code …, ignored", which never counts towards a notice.
     */
    public static ReturnCodes listedCodeOnly(Category category) {
        Objects.requireNonNull(category, "category");
        return new ReturnCodes(new int[] {0x7F000002}, new int[] {0x7F000002}, new Category[] {category},
                new double[] {Double.NaN}, category, true);
    }

    /** Whether codes outside the mapped ranges are ignored ({@link #listedCodeOnly}) rather than given the fallback. */
    public boolean ignoresUnmapped() {
        return ignoresUnmapped;
    }

    /** Whether one of {@code codes} has a meaning: always, unless {@linkplain #ignoresUnmapped() unmapped codes are ignored}. */
    public boolean anyMapped(int[] codes) {
        if (!ignoresUnmapped) {
            return codes.length > 0;
        }
        for (int code : codes) {
            if (rangeOf(code) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** Every code in 127.0.0.0/8 means {@code category}. */
    public static ReturnCodes all(Category category) {
        return new ReturnCodes(new int[0], new int[0], new Category[0], new double[0], Objects.requireNonNull(category, "category"));
    }

    /**
     * Parses a code mapping; codes it does not name mean {@code fallback}.
     *
     * @throws IllegalArgumentException naming the bad part
     */
    public static ReturnCodes parse(String text, Category fallback) {
        Objects.requireNonNull(fallback, "fallback");
        List<int[]> ranges = new ArrayList<>();
        List<Category> mapped = new ArrayList<>();
        List<Double> weighted = new ArrayList<>();
        List<int[]> pending = new ArrayList<>();
        for (String raw : text.split(",")) {
            String part = raw.trim();
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String codes = eq < 0 ? part : part.substring(0, eq).trim();
            pending.add(range(codes));
            if (eq >= 0) {
                String meaning = part.substring(eq + 1).trim();
                int colon = meaning.indexOf(':');
                Category category = Category.of(colon < 0 ? meaning : meaning.substring(0, colon).trim());
                double weight = colon < 0 ? Double.NaN : weight(meaning.substring(colon + 1).trim(), part);
                for (int[] range : pending) {
                    ranges.add(range);
                    mapped.add(category);
                    weighted.add(weight);
                }
                pending.clear();
            }
        }
        if (!pending.isEmpty()) {
            throw new IllegalArgumentException("codes without a category at the end of \"" + text + "\" (write e.g. 127.0.0.2=spam)");
        }
        int n = ranges.size();
        int[] firsts = new int[n];
        int[] lasts = new int[n];
        double[] weights = new double[n];
        for (int i = 0; i < n; i++) {
            firsts[i] = ranges.get(i)[0];
            lasts[i] = ranges.get(i)[1];
            weights[i] = weighted.get(i);
        }
        return new ReturnCodes(firsts, lasts, mapped.toArray(Category[]::new), weights, fallback);
    }

    /** A code weight: a plain decimal such as {@code 2}, {@code 0.5} or {@code -10}; never NaN or infinite. */
    private static double weight(String text, String part) {
        try {
            // BigDecimal, not Double.parseDouble: it refuses NaN, Infinity and hex floats
            return new BigDecimal(text).doubleValue();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + part + "\" has a weight \"" + text + "\" that is not a number (write e.g. 127.0.0.4=infected:2)");
        }
    }

    private static int[] range(String text) {
        int dash = text.indexOf('-');
        IpAddress first = code(dash < 0 ? text : text.substring(0, dash).trim());
        IpAddress last = dash < 0 ? first : code(text.substring(dash + 1).trim());
        if (Integer.compareUnsigned(first.ipv4Bits(), last.ipv4Bits()) > 0) {
            throw new IllegalArgumentException("\"" + text + "\" is an empty range");
        }
        return new int[] {first.ipv4Bits(), last.ipv4Bits()};
    }

    private static IpAddress code(String text) {
        IpAddress code = IpAddress.tryParse(text);
        if (code == null || !code.isIpv4() || (code.ipv4Bits() >>> 24) != 127) {
            throw new IllegalArgumentException("\"" + text + "\" is not a return code in 127.0.0.0/8");
        }
        return code;
    }

    /** The category of one return code (an IPv4 value in 127.0.0.0/8). */
    public Category categorize(int code) {
        int i = rangeOf(code);
        return i >= 0 ? categories[i] : ignoresUnmapped ? Category.OTHER : fallback; // an ignored code: meaning unknown
    }

    /** The weight given to one return code, or NaN where the source's weight applies. */
    public double weight(int code) {
        int i = rangeOf(code);
        return i < 0 ? (ignoresUnmapped ? 0 : Double.NaN) : weights[i];
    }

    private int rangeOf(int code) {
        for (int i = 0; i < firsts.length; i++) {
            if (Integer.compareUnsigned(code, firsts[i]) >= 0 && Integer.compareUnsigned(code, lasts[i]) <= 0) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The heaviest weight among the listing's codes of {@code category} (the lightest, when they are
     * negative), or NaN when none of them carries a weight.
     */
    @Override
    public double weight(Listing listing, Category category) {
        double found = Double.NaN;
        boolean anyMapped = false;
        for (String text : listing.codes()) {
            IpAddress code = IpAddress.tryParse(text);
            if (code == null || !code.isIpv4()) {
                continue;
            }
            int i = rangeOf(code.ipv4Bits());
            anyMapped |= i >= 0;
            if (i < 0 || categories[i] != category || Double.isNaN(weights[i])) {
                continue;
            }
            double w = weights[i];
            if (Double.isNaN(found) || Math.abs(w) > Math.abs(found)) {
                found = w;
            }
        }
        return ignoresUnmapped && !anyMapped ? 0 : found; // only ignored codes: a listing that never counts
    }

    @Override
    public double[] weights() {
        int n = ignoresUnmapped ? 1 : 0;
        for (double w : weights) {
            n += Double.isNaN(w) ? 0 : 1;
        }
        double[] given = new double[n];
        int j = 0;
        if (ignoresUnmapped) {
            given[j++] = 0; // the weight of an ignored code
        }
        for (double w : weights) {
            if (!Double.isNaN(w)) {
                given[j++] = w;
            }
        }
        return given;
    }

    /** The categories of several codes. */
    public Set<Category> categorize(int[] codes) {
        EnumSet<Category> set = EnumSet.noneOf(Category.class);
        boolean anyMapped = anyMapped(codes);
        for (int code : codes) {
            if (!ignoresUnmapped || !anyMapped || rangeOf(code) >= 0) { // ignored codes add no category
                set.add(categorize(code));
            }
        }
        return Collections.unmodifiableSet(set);
    }

    /** This mapping with a different fallback. */
    public ReturnCodes withFallback(Category newFallback) {
        Objects.requireNonNull(newFallback, "fallback");
        if (ignoresUnmapped && firsts.length == 1 && firsts[0] == 0x7F000002 && lasts[0] == 0x7F000002) {
            return listedCodeOnly(newFallback); // the category given is the one of 127.0.0.2
        }
        return new ReturnCodes(firsts, lasts, categories, weights, newFallback, ignoresUnmapped);
    }

    public Category fallback() {
        return fallback;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < firsts.length; i++) {
            sb.append(IpAddress.ofIpv4(firsts[i]));
            if (lasts[i] != firsts[i]) {
                sb.append('-').append(IpAddress.ofIpv4(lasts[i]));
            }
            sb.append('=').append(categories[i]);
            if (!Double.isNaN(weights[i])) {
                sb.append(':').append(BigDecimal.valueOf(weights[i]).stripTrailingZeros().toPlainString());
            }
            sb.append(',');
        }
        return sb.append("other=").append(ignoresUnmapped ? "ignored" : fallback.toString()).toString();
    }
}
