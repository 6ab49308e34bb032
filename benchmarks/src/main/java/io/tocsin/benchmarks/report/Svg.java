package io.tocsin.benchmarks.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Grouped bar charts with min–max whiskers as plain SVG: enough for the report, and no plotting
 * library on the classpath (XChart is not in the local repository and would pull in a PDF and a
 * vector-graphics library for a few bar charts).
 */
public final class Svg {

    private static final String[] COLOURS = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948"};

    private Svg() {
    }

    /** One bar series: a name and, per group, the median with its min and max. */
    public record Series(String name, double[] median, double[] min, double[] max) {
        public static Series of(String name, List<Stats> stats) {
            return new Series(name, stats.stream().mapToDouble(Stats::median).toArray(),
                    stats.stream().mapToDouble(Stats::min).toArray(), stats.stream().mapToDouble(Stats::max).toArray());
        }
    }

    /**
     * Writes a grouped bar chart. {@code goal} (NaN for none) is drawn as a dashed horizontal line;
     * {@code caption} (machine, JDK, date, command) goes under the plot.
     */
    public static void bars(Path file, String title, String yLabel, List<String> groups, List<Series> series,
            double goal, String goalLabel, String caption) {
        int width = 760;
        int height = 420;
        int left = 80;
        int right = 20;
        int top = 50;
        int bottom = 110;
        double plotW = width - left - right;
        double plotH = height - top - bottom;
        double yMax = Double.isNaN(goal) ? 0 : goal;
        for (Series s : series) {
            for (int g = 0; g < groups.size(); g++) {
                yMax = Math.max(yMax, finite(s.max()[g], s.median()[g]));
            }
        }
        yMax = niceCeiling(yMax * 1.08);
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n",
                width, height, width, height));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"15\" font-weight=\"bold\">%s</text>%n", left, esc(title)));
        for (int i = 0; i <= 5; i++) {
            double v = yMax * i / 5;
            double y = top + plotH - plotH * i / 5;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>%n", left, left + plotW, y, y));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", left - 6, y + 4, label(v)));
        }
        svg.append(String.format(Locale.ROOT, "<text transform=\"translate(18,%.1f) rotate(-90)\" text-anchor=\"middle\">%s</text>%n",
                top + plotH / 2, esc(yLabel)));
        double groupW = plotW / groups.size();
        double barW = Math.min(60, groupW * 0.8 / series.size());
        for (int g = 0; g < groups.size(); g++) {
            double gx = left + groupW * g + (groupW - barW * series.size()) / 2;
            for (int s = 0; s < series.size(); s++) {
                Series se = series.get(s);
                double m = se.median()[g];
                if (Double.isNaN(m)) {
                    continue;
                }
                double x = gx + barW * s;
                double h = plotH * m / yMax;
                svg.append(String.format(Locale.ROOT,
                        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s: %s</title></rect>%n",
                        x + 2, top + plotH - h, barW - 4, h, COLOURS[s % COLOURS.length], esc(se.name()), label(m)));
                double lo = se.min()[g];
                double hi = se.max()[g];
                if (!Double.isNaN(lo) && !Double.isNaN(hi) && hi > lo) {
                    double cx = x + barW / 2;
                    double y1 = top + plotH - plotH * lo / yMax;
                    double y2 = top + plotH - plotH * hi / yMax;
                    svg.append(String.format(Locale.ROOT,
                            "<path d=\"M%.1f %.1fV%.1fM%.1f %.1fH%.1fM%.1f %.1fH%.1f\" stroke=\"black\" fill=\"none\"/>%n",
                            cx, y1, y2, cx - 5, y1, cx + 5, cx - 5, y2, cx + 5));
                }
                svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"10\">%s</text>%n",
                        x + barW / 2, top + plotH - h - 3 - (hi > lo ? plotH * (hi - m) / yMax : 0), label(m)));
            }
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>%n",
                    left + groupW * g + groupW / 2, top + plotH + 18, esc(groups.get(g))));
        }
        if (!Double.isNaN(goal)) {
            double y = top + plotH - plotH * goal / yMax;
            svg.append(String.format(Locale.ROOT,
                    "<line x1=\"%d\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#c00\" stroke-dasharray=\"6 4\"/>%n", left, left + plotW, y, y));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" fill=\"#c00\">%s</text>%n",
                    left + plotW, y - 4, esc(goalLabel)));
        }
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%.1f\" stroke=\"black\"/>%n", left, left, top, top + plotH));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"black\"/>%n",
                left, left + plotW, top + plotH, top + plotH));
        double lx = left;
        for (int s = 0; s < series.size(); s++) {
            svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" fill=\"%s\"/>%n",
                    lx, top + plotH + 32, COLOURS[s % COLOURS.length]));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\">%s</text>%n", lx + 16, top + plotH + 42, esc(series.get(s).name())));
            lx += 30 + 7 * series.get(s).name().length();
        }
        int line = 0;
        for (String part : wrap(caption, 120)) {
            svg.append(String.format(Locale.ROOT, "<text x=\"8\" y=\"%.1f\" font-size=\"10\" fill=\"#555\">%s</text>%n",
                    top + plotH + 64 + 12.0 * line++, esc(part)));
        }
        svg.append("</svg>\n");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, svg, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double finite(double a, double b) {
        return Double.isNaN(a) ? (Double.isNaN(b) ? 0 : b) : a;
    }

    private static List<String> wrap(String text, int width) {
        List<String> lines = new java.util.ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String word : text.split(" ")) {
            if (current.length() + word.length() + 1 > width && current.length() > 0) {
                lines.add(current.toString());
                current.setLength(0);
            }
            if (current.length() > 0) {
                current.append(' ');
            }
            current.append(word);
        }
        if (current.length() > 0) {
            lines.add(current.toString());
        }
        return lines.subList(0, Math.min(lines.size(), 4));
    }

    private static double niceCeiling(double v) {
        if (v <= 0) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(v)));
        for (double step : new double[] {1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
            if (step * magnitude >= v) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String label(double v) {
        if (v == 0) {
            return "0";
        }
        if (Math.abs(v) >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (Math.abs(v) >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
