package io.sparksweep.report;

import io.sparksweep.space.Hyperparameter;
import io.sparksweep.stats.ConfigSummary;
import io.sparksweep.stats.MetricSummary;
import io.sparksweep.trial.Config;
import io.sparksweep.trial.TrialOutcome;
import io.sparksweep.trial.TrialResult;
import io.sparksweep.trial.TrialStatus;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The human-readable report of a sweep: {@code index.html} with a ranked table and PNG plots drawn
 * by XChart — mean test accuracy with 95 % confidence intervals against each searched
 * hyperparameter (one line per combination of the others, as the seeds plot by hand), and learning
 * curves of the best configurations (mean over repeats, band from min to max). Builds the files in
 * memory; {@code SweepOutput} writes them.
 */
public final class SweepReport {

    /** Learning curves are drawn for this many of the best configurations. */
    static final int CURVES = 3;
    private static final int WIDTH = 720;
    private static final int HEIGHT = 440;

    private SweepReport() {
    }

    /** File name (relative to report/) to contents: index.html and its PNGs. */
    public static Map<String, byte[]> build(String sweepName, String description, List<TrialResult> trials,
                                           List<ConfigSummary> summary) {
        System.setProperty("java.awt.headless", "true");
        List<Hyperparameter> searched = searched(summary);
        Map<String, byte[]> files = new LinkedHashMap<>();
        List<String> figures = new ArrayList<>();
        for (Hyperparameter h : searched) {
            Chart<?, ?> chart = effectChart(h, searched, summary);
            if (chart != null) {
                String name = "accuracy-vs-" + h.key() + ".png";
                files.put(name, png(chart));
                figures.add(name);
            }
        }
        List<ConfigSummary> best = summary.stream().filter(s -> s.rank() != null)
                .sorted(Comparator.comparing(ConfigSummary::rank)).limit(CURVES).toList();
        for (ConfigSummary s : best) {
            XYChart chart = curveChart(s, searched, trials);
            if (chart != null) {
                String name = "curves-rank-" + s.rank() + ".png";
                files.put(name, png(chart));
                figures.add(name);
            }
        }
        files.put("index.html", html(sweepName, description, trials, summary, searched, figures)
                .getBytes(StandardCharsets.UTF_8));
        return files;
    }

    /** The hyperparameters that take more than one value across the configurations. */
    static List<Hyperparameter> searched(List<ConfigSummary> summary) {
        return Arrays.stream(Hyperparameter.values())
                .filter(h -> summary.stream().map(s -> s.config().get(h)).distinct().count() > 1).toList();
    }

    /** Mean test accuracy ± 95 % CI half-width against one hyperparameter, a series per setting of the others. */
    static Chart<?, ?> effectChart(Hyperparameter h, List<Hyperparameter> searched, List<ConfigSummary> summary) {
        List<Hyperparameter> others = searched.stream().filter(o -> o != h).toList();
        Map<String, List<ConfigSummary>> series = new TreeMap<>();
        for (ConfigSummary s : summary) {
            if (s.testAccuracy().mean() != null) {
                series.computeIfAbsent(others.isEmpty() ? "mean test accuracy" : s.config().describe(others),
                        k -> new ArrayList<>()).add(s);
            }
        }
        if (series.isEmpty()) {
            return null;
        }
        String title = "Test accuracy vs " + h.key() + " (mean, 95 % CI)";
        boolean numeric = h.kind() == Hyperparameter.Kind.REAL || h.kind() == Hyperparameter.Kind.INT;
        if (numeric) {
            XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                    .xAxisTitle(h.key()).yAxisTitle("test accuracy").build();
            style(chart.getStyler());
            double min = Double.MAX_VALUE, max = 0;
            for (Map.Entry<String, List<ConfigSummary>> e : series.entrySet()) {
                List<ConfigSummary> points = e.getValue().stream()
                        .sorted(Comparator.comparingDouble(s -> ((Number) s.config().get(h)).doubleValue())).toList();
                double[] x = points.stream().mapToDouble(s -> ((Number) s.config().get(h)).doubleValue()).toArray();
                for (double v : x) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
                chart.addSeries(e.getKey(), x, means(points), halfWidths(points)).setMarker(SeriesMarkers.CIRCLE);
            }
            // learning rates, L2 factors, noise levels: spread over decades, so a log axis (as the seeds plot them)
            chart.getStyler().setXAxisLogarithmic(min > 0 && max / min >= 50);
            return chart;
        }
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle(h.key()).yAxisTitle("test accuracy").build();
        style(chart.getStyler());
        // points with error bars, not bars from zero: differences of tenths of a point must show
        chart.getStyler().setDefaultSeriesRenderStyle(org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle.Scatter);
        List<String> categories = summary.stream().map(s -> String.valueOf(s.config().get(h))).distinct().sorted().toList();
        for (Map.Entry<String, List<ConfigSummary>> e : series.entrySet()) {
            Map<String, ConfigSummary> byCategory = e.getValue().stream()
                    .collect(Collectors.toMap(s -> String.valueOf(s.config().get(h)), s -> s, (a, b) -> a));
            List<String> xs = categories.stream().filter(byCategory::containsKey).toList();
            List<ConfigSummary> points = xs.stream().map(byCategory::get).toList();
            chart.addSeries(e.getKey(), xs, boxed(means(points)), boxed(halfWidths(points)));
        }
        return chart;
    }

    /** Train and test accuracy per epoch of one configuration: mean line and min–max band over its OK repeats. */
    static XYChart curveChart(ConfigSummary s, List<Hyperparameter> searched, List<TrialResult> trials) {
        List<TrialOutcome> ok = trials.stream().filter(t -> t.spec().configId().equals(s.configId()))
                .map(TrialResult::outcome).filter(o -> o.status() == TrialStatus.OK).toList();
        int epochs = ok.stream().mapToInt(o -> Math.min(o.trainAccuracy().size(), o.testAccuracyCurve().size()))
                .min().orElse(0);
        if (epochs == 0) {
            return null;
        }
        String config = searched.isEmpty() ? s.configId() : s.config().describe(searched);
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Rank " + s.rank() + ": " + config + " (" + ok.size() + " repeats)")
                .xAxisTitle("epoch").yAxisTitle("accuracy").build();
        style(chart.getStyler());
        double[] x = new double[epochs];
        for (int e = 0; e < epochs; e++) {
            x[e] = e + 1;
        }
        addCurve(chart, "train", x, ok.stream().map(TrialOutcome::trainAccuracy).toList(), new Color(31, 119, 180));
        addCurve(chart, "test", x, ok.stream().map(TrialOutcome::testAccuracyCurve).toList(), new Color(214, 39, 40));
        return chart;
    }

    private static void addCurve(XYChart chart, String name, double[] x, List<List<Double>> curves, Color color) {
        int n = x.length;
        double[] mean = new double[n], low = new double[n], high = new double[n];
        for (int e = 0; e < n; e++) {
            final int epoch = e;
            double[] v = curves.stream().mapToDouble(c -> c.get(epoch)).toArray();
            mean[e] = Arrays.stream(v).average().orElse(Double.NaN);
            low[e] = Arrays.stream(v).min().orElse(Double.NaN);
            high[e] = Arrays.stream(v).max().orElse(Double.NaN);
        }
        if (curves.size() > 1) {
            // the band: along the maxima, back along the minima, drawn as one filled polygon
            double[] px = new double[2 * n], py = new double[2 * n];
            for (int e = 0; e < n; e++) {
                px[e] = x[e];
                py[e] = high[e];
                px[2 * n - 1 - e] = x[e];
                py[2 * n - 1 - e] = low[e];
            }
            XYSeries band = chart.addSeries(name + " (min-max)", px, py);
            band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
            band.setFillColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 60));
            band.setLineColor(new Color(0, 0, 0, 0));
            band.setMarker(SeriesMarkers.NONE);
        }
        XYSeries line = chart.addSeries(name + " accuracy (mean)", x, mean);
        line.setLineColor(color);
        line.setMarkerColor(color);
        line.setMarker(SeriesMarkers.CIRCLE);
    }

    private static void style(Styler styler) {
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setChartBackgroundColor(Color.WHITE);
        if (styler instanceof org.knowm.xchart.style.AxesChartStyler axes) {
            axes.setPlotGridLinesVisible(true);
        }
        styler.setDecimalPattern("#.####");
    }

    private static double[] means(List<ConfigSummary> points) {
        return points.stream().mapToDouble(s -> s.testAccuracy().mean()).toArray();
    }

    /** Half-width of the 95 % interval; 0 where there is none (a single repeat). */
    private static double[] halfWidths(List<ConfigSummary> points) {
        return points.stream().mapToDouble(s -> {
            MetricSummary m = s.testAccuracy();
            return m.ci95Low() == null ? 0 : m.mean() - m.ci95Low();
        }).toArray();
    }

    private static List<Double> boxed(double[] v) {
        return Arrays.stream(v).boxed().toList();
    }

    private static byte[] png(Chart<?, ?> chart) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String html(String sweepName, String description, List<TrialResult> trials,
                               List<ConfigSummary> summary, List<Hyperparameter> searched, List<String> figures) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(esc(sweepName)).append(" — sparksweep report</title>\n<style>")
                .append("body{font-family:system-ui,sans-serif;margin:2em;max-width:1100px}")
                .append("table{border-collapse:collapse;font-size:14px}td,th{padding:4px 10px;border-bottom:1px solid #ddd;text-align:right}")
                .append("td.c,th.c{text-align:left}img{max-width:100%;margin:1em 0;border:1px solid #eee}.muted{color:#777}")
                .append("</style></head><body>\n");
        h.append("<h1>").append(esc(sweepName)).append("</h1>\n");
        if (description != null && !description.isBlank()) {
            h.append("<p>").append(esc(description)).append("</p>\n");
        }
        long ok = trials.stream().filter(t -> t.outcome().status() == TrialStatus.OK).count();
        long diverged = trials.stream().filter(t -> t.outcome().status() == TrialStatus.DIVERGED).count();
        long failed = trials.stream().filter(t -> t.outcome().status() == TrialStatus.FAILED).count();
        h.append(String.format(Locale.ROOT, "<p>%d trials: %d OK, %d diverged, %d failed; %d configurations. "
                        + "Searched: %s.</p>%n", trials.size(), ok, diverged, failed, summary.size(),
                searched.isEmpty() ? "nothing (repeats of one configuration)"
                        : searched.stream().map(Hyperparameter::key).collect(Collectors.joining(", "))));
        h.append("<h2>Configurations, best first</h2>\n<table><tr><th>rank</th><th class=\"c\">configuration</th>"
                + "<th>OK/all</th><th>diverged</th><th>failed</th><th>test accuracy mean ± std</th><th>95 % CI</th>"
                + "<th title=\"two-sided Welch t-test of the test accuracies against the best configuration's\">"
                + "p vs best</th></tr>\n");
        for (ConfigSummary s : summary) {
            MetricSummary m = s.testAccuracy();
            h.append("<tr><td>").append(s.rank() == null ? "—" : s.rank()).append("</td><td class=\"c\">")
                    .append(esc(searched.isEmpty() ? s.configId() : s.config().describe(searched))).append("</td><td>")
                    .append(s.nOk()).append('/').append(s.nTrials()).append("</td><td>").append(s.nDiverged())
                    .append("</td><td>").append(s.nFailed()).append("</td><td>")
                    .append(m.mean() == null ? "—" : fmt(m.mean()) + (m.std() == null ? "" : " ± " + fmt(m.std())))
                    .append("</td><td>").append(m.ci95Low() == null ? "—" : "[" + fmt(m.ci95Low()) + ", " + fmt(m.ci95High()) + "]")
                    .append("</td><td>").append(s.pValueVsBest() == null ? "—" : String.format(Locale.ROOT, "%.3g", s.pValueVsBest()))
                    .append("</td></tr>\n");
        }
        h.append("</table>\n<p class=\"muted\">Statistics over OK repeats only; the interval is the Student-t 95 % "
                + "interval of the mean; p is a two-sided Welch t-test against the rank-1 configuration.</p>\n");
        h.append("<h2>Plots</h2>\n");
        for (String f : figures) {
            h.append("<img src=\"").append(f).append("\" alt=\"").append(esc(f)).append("\">\n");
        }
        h.append("<p class=\"muted\">Fixed: ").append(esc(fixedDescription(summary, searched))).append("</p>\n");
        h.append("</body></html>\n");
        return h.toString();
    }

    private static String fixedDescription(List<ConfigSummary> summary, List<Hyperparameter> searched) {
        if (summary.isEmpty()) {
            return "";
        }
        Config c = summary.get(0).config();
        return Arrays.stream(Hyperparameter.values()).filter(h -> !searched.contains(h))
                .map(h -> h.key() + "=" + c.get(h)).collect(Collectors.joining(", "));
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static String esc(String s) {
        return Objects.toString(s, "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
