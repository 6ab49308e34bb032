package io.tocsin.benchmarks.report;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;

/** Median and spread (min–max) of a few repeated measurements. */
public record Stats(double median, double min, double max, int n) {

    public static Stats of(Collection<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (v.length == 0) {
            return new Stats(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        return new Stats(median, v[0], v[v.length - 1], v.length);
    }

    public static Stats of(double... values) {
        return of(Arrays.stream(values).boxed().toList());
    }

    /** e.g. {@code 1234 (1200–1300)}. */
    public String format(String pattern) {
        return String.format(Locale.ROOT, pattern + " (" + pattern + "–" + pattern + ")", median, min, max);
    }
}
