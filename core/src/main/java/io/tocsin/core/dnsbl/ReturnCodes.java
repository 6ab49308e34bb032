package io.tocsin.core.dnsbl;

import io.tocsin.core.Category;
import io.tocsin.core.ip.IpAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a DNSBL's A answers mean: ranges of return codes in 127.0.0.0/8, each with a category, and
 * a fallback category for codes not mapped otherwise.
 *
 * <p>Written as {@code 127.0.0.2,127.0.0.3,127.0.0.9=spam,127.0.0.4-127.0.0.7=infected}: codes
 * and ranges separated by commas, each run of them ending with {@code =category}.
 */
public final class ReturnCodes {

    private final int[] firsts;
    private final int[] lasts;
    private final Category[] categories;
    private final Category fallback;

    private ReturnCodes(int[] firsts, int[] lasts, Category[] categories, Category fallback) {
        this.firsts = firsts;
        this.lasts = lasts;
        this.categories = categories;
        this.fallback = fallback;
    }

    /** Every code in 127.0.0.0/8 means {@code category}. */
    public static ReturnCodes all(Category category) {
        return new ReturnCodes(new int[0], new int[0], new Category[0], Objects.requireNonNull(category, "category"));
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
                Category category = Category.of(part.substring(eq + 1));
                for (int[] range : pending) {
                    ranges.add(range);
                    mapped.add(category);
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
        for (int i = 0; i < n; i++) {
            firsts[i] = ranges.get(i)[0];
            lasts[i] = ranges.get(i)[1];
        }
        return new ReturnCodes(firsts, lasts, mapped.toArray(Category[]::new), fallback);
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
        for (int i = 0; i < firsts.length; i++) {
            if (Integer.compareUnsigned(code, firsts[i]) >= 0 && Integer.compareUnsigned(code, lasts[i]) <= 0) {
                return categories[i];
            }
        }
        return fallback;
    }

    /** The categories of several codes. */
    public Set<Category> categorize(int[] codes) {
        EnumSet<Category> set = EnumSet.noneOf(Category.class);
        for (int code : codes) {
            set.add(categorize(code));
        }
        return Collections.unmodifiableSet(set);
    }

    /** This mapping with a different fallback. */
    public ReturnCodes withFallback(Category newFallback) {
        return new ReturnCodes(firsts, lasts, categories, Objects.requireNonNull(newFallback, "fallback"));
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
            sb.append('=').append(categories[i]).append(',');
        }
        return sb.append("other=").append(fallback).toString();
    }
}
