package io.tocsin.benchmarks.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.CategoryStyler;
import org.knowm.xchart.style.Styler;

/**
 * The report's plots, drawn with XChart as PNG: grouped bars of the median of the rounds, whiskers
 * for their spread, an optional dashed goal line, and a caption under the plot naming the machine,
 * the load, the date and the command.
 */
public final class Charts {

    private static final Color[] COLOURS = {new Color(0x4e79a7), new Color(0xf28e2b), new Color(0xe15759),
        new Color(0x76b7b2), new Color(0x59a14f), new Color(0xedc948)};
    private static final int WIDTH = 860;
    private static final int HEIGHT = 440;

    private Charts() {
    }

    /** One bar series: a name and, per group, the median with its min and max. */
    public record Series(String name, double[] median, double[] min, double[] max) {
        public static Series of(String name, List<Stats> stats) {
            return new Series(name, stats.stream().mapToDouble(Stats::median).toArray(),
                    stats.stream().mapToDouble(Stats::min).toArray(), stats.stream().mapToDouble(Stats::max).toArray());
        }
    }

    /**
     * Writes a grouped bar chart as PNG to {@code file}. The whiskers reach the farther of the min and
     * the max of the rounds on both sides (XChart draws symmetric error bars), so they never show a
     * spread smaller than it was. {@code goal} (NaN for none) is drawn as a dashed line.
     */
    public static void bars(Path file, String title, String yLabel, List<String> groups, List<Series> series,
            double goal, String goalLabel, String caption) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).yAxisTitle(yLabel).build();
        CategoryStyler styler = chart.getStyler();
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotGridVerticalLinesVisible(false);
        styler.setSeriesColors(COLOURS);
        chart.getStyler().setErrorBarsColor(Color.DARK_GRAY);
        chart.getStyler().setAvailableSpaceFill(0.7);
        chart.getStyler().setYAxisMin(0.0);
        double top = Double.isNaN(goal) ? 0 : goal;
        for (Series s : series) {
            List<Double> medians = new ArrayList<>();
            List<Double> whiskers = new ArrayList<>();
            for (int g = 0; g < groups.size(); g++) {
                double m = finite(s.median()[g]);
                double spread = Math.max(finite(s.max()[g]) - m, m - finite(s.min()[g]));
                medians.add(m);
                whiskers.add(Math.max(0, spread));
                top = Math.max(top, m + Math.max(0, spread));
            }
            chart.addSeries(s.name(), groups, medians, whiskers);
        }
        chart.getStyler().setYAxisMax(top * 1.1);
        if (!Double.isNaN(goal)) {
            AnnotationLine line = new AnnotationLine(goal, false, false);
            styler.setAnnotationLineColor(new Color(0xc0392b));
            styler.setAnnotationLineStroke(new java.awt.BasicStroke(1.5f, java.awt.BasicStroke.CAP_BUTT,
                    java.awt.BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
            chart.addAnnotation(line);
            if (goalLabel != null && !goalLabel.isEmpty()) {
                caption = "Dashed line: " + goalLabel + ". " + caption;
            }
        }
        write(file, BitmapEncoder.getBufferedImage(chart), caption);
    }

    /** The plot with the caption wrapped under it. */
    private static void write(Path file, BufferedImage plot, String caption) {
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        List<String> lines = wrap(caption, plot.getWidth() - 40, plot.createGraphics(), font);
        int captionHeight = 10 + lines.size() * 16;
        BufferedImage image = new BufferedImage(plot.getWidth(), plot.getHeight() + captionHeight, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.drawImage(plot, 0, 0, null);
            g.setColor(new Color(0x444444));
            g.setFont(font);
            int y = plot.getHeight() + 14;
            for (String line : lines) {
                g.drawString(line, 20, y);
                y += 16;
            }
        } finally {
            g.dispose();
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            ImageIO.write(image, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        System.out.println("plot: " + file);
    }

    private static List<String> wrap(String text, int width, Graphics2D g, Font font) {
        List<String> lines = new ArrayList<>();
        java.awt.FontMetrics metrics = g.getFontMetrics(font);
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && metrics.stringWidth(line + " " + word) > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        g.dispose();
        return lines;
    }

    private static double finite(double v) {
        return Double.isFinite(v) ? v : 0;
    }
}
