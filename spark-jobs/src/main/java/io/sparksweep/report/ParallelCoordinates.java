package io.sparksweep.report;

import io.sparksweep.space.ParameterKey;
import io.sparksweep.stats.ConfigSummary;
import io.sparksweep.stats.Numbers;
import io.sparksweep.stats.Ranking;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parallel coordinates (as Optuna's plot_parallel_coordinate and W&B draw them): one line per
 * configuration with a mean, across every searched hyperparameter, then its share of OK repeats
 * (when any repeat did not end OK) and its mean test accuracy. Interactive with Plotly in the page
 * (drag along an axis to filter); the same lines in a static PNG, coloured by rank.
 */
final class ParallelCoordinates {

    /** One axis: the configurations' values on it, and where its labels go. */
    record Axis(
            String label,
            double[] values,
            double min,
            double max,
            List<Double> tickValues,
            List<String> tickText,
            String tickFormat) {

        /** Position in [0, 1] along the axis, for the PNG. */
        double normalised(double v) {
            return max == min ? 0.5 : (v - min) / (max - min);
        }
    }

    private ParallelCoordinates() {}

    /** Configurations drawn: those with a mean, best first. */
    static List<ConfigSummary> drawn(List<ConfigSummary> summary) {
        return summary.stream()
                .filter(s -> s.rank() != null && ReportMetric.mean(s) != null)
                .sorted(Comparator.comparing(ConfigSummary::rank))
                .toList();
    }

    /** @param at " at epoch 3" when the means are at a common epoch ({@link PlotBasis}), else "" */
    static List<Axis> axes(List<ConfigSummary> drawn, List<ParameterKey> searched, String at) {
        List<Axis> axes = new ArrayList<>();
        for (ParameterKey h : searched) {
            EffectAxis e = EffectAxis.of(h, drawn);
            if (!e.numeric) {
                List<Double> ticks = new ArrayList<>();
                for (int i = 0; i < e.categories.size(); i++) {
                    ticks.add((double) i);
                }
                axes.add(new Axis(
                        h.key(),
                        drawn.stream().mapToDouble(e::x).toArray(),
                        0,
                        Math.max(1, e.categories.size() - 1),
                        ticks,
                        e.categories,
                        null));
            } else if (e.log) {
                double[] v = drawn.stream()
                        .mapToDouble(s -> Math.log10(s.config().real(h)))
                        .toArray();
                double min = min(v), max = max(v);
                List<Double> ticks = new ArrayList<>();
                for (double d = Math.ceil(min); d <= Math.floor(max); d++) {
                    ticks.add(d);
                }
                if (ticks.size() < 2) {
                    ticks = List.of(min, max);
                }
                axes.add(new Axis(
                        h.key() + " (log)",
                        v,
                        min,
                        max,
                        ticks,
                        ticks.stream().map(t -> Numbers.sig4(Math.pow(10, t))).toList(),
                        null));
            } else {
                axes.add(linear(
                        h.key(),
                        drawn.stream().mapToDouble(s -> s.config().real(h)).toArray()));
            }
        }
        if (drawn.stream().anyMatch(s -> !Ranking.allOk(s))) {
            axes.add(linear(
                    "OK repeats (share)",
                    drawn.stream().mapToDouble(Ranking::okShare).toArray()));
        }
        axes.add(linear(
                ReportMetric.label(drawn) + " (mean" + at + ")",
                drawn.stream().mapToDouble(ReportMetric::mean).toArray()));
        return axes;
    }

    private static Axis linear(String label, double[] v) {
        double min = min(v), max = max(v);
        return new Axis(label, v, min, max, List.of(min, max), List.of(Numbers.sig4(min), Numbers.sig4(max)), ".4~g");
    }

    /** Plotly's {data, layout} for a parcoords trace, as JSON; {@code at} as for {@link #axes}. */
    static String plotlyJson(List<ConfigSummary> summary, List<ParameterKey> searched, String at) {
        List<ConfigSummary> drawn = drawn(summary);
        List<Map<String, Object>> dimensions = new ArrayList<>();
        for (Axis a : axes(drawn, searched, at)) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("label", a.label());
            d.put("values", round(a.values()));
            d.put("range", round(new double[] {a.min(), a.max()}));
            if (a.tickFormat() != null) {
                d.put("tickformat", a.tickFormat());
            } else {
                d.put("tickvals", a.tickValues());
                d.put("ticktext", a.tickText());
            }
            dimensions.add(d);
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("color", round(drawn.stream().mapToDouble(ReportMetric::mean).toArray()));
        line.put("colorscale", "Viridis");
        // dark = best, as in the PNG (coloured by rank): the high end for an accuracy, the low end for an error
        line.put("reversescale", ReportMetric.higherIsBetter(drawn));
        line.put("showscale", true);
        line.put("colorbar", ordered("title", ordered("text", ReportMetric.label(drawn) + at)));
        Map<String, Object> trace = new LinkedHashMap<>();
        trace.put("type", "parcoords");
        trace.put("line", line);
        trace.put("dimensions", dimensions);
        Map<String, Object> layout = new LinkedHashMap<>();
        layout.put("title", ordered("text", "Parallel coordinates: " + drawn.size() + " configurations" + at));
        layout.put("margin", ordered("l", 80, "r", 60, "t", 100, "b", 40));
        layout.put("font", ordered("size", 13));
        try {
            return new ObjectMapper().writeValueAsString(ordered("data", List.of(trace), "layout", layout));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The static picture: each axis scaled to [0, 1], its labels beside it, lines coloured by rank; {@code at} as for {@link #axes}. */
    static XYChart png(List<ConfigSummary> summary, List<ParameterKey> searched, String at) {
        List<ConfigSummary> drawn = drawn(summary);
        List<Axis> axes = axes(drawn, searched, at);
        XYChart chart = new XYChartBuilder()
                .width(ChartStyle.WIDTH + 180)
                .height(ChartStyle.HEIGHT)
                .title("Parallel coordinates: " + drawn.size() + " configurations" + at + " (" + RankColours.DESCRIPTION
                        + ")")
                .build();
        ChartStyle.apply(chart.getStyler());
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setYAxisTicksVisible(false);
        chart.getStyler().setPlotGridHorizontalLinesVisible(false);
        chart.getStyler().setYAxisMin(-0.08);
        chart.getStyler().setYAxisMax(1.08);
        chart.getStyler().setXAxisMin(-0.3);
        chart.getStyler().setXAxisMax(axes.size() - 0.4);
        chart.getStyler().setXAxisTicksVisible(false); // the axes' names are written above them
        double[] x = new double[axes.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        int worst = drawn.isEmpty() ? 1 : drawn.get(drawn.size() - 1).rank();
        for (int c = drawn.size() - 1; c >= 0; c--) { // the best drawn last, on top
            double[] y = new double[axes.size()];
            for (int i = 0; i < y.length; i++) {
                y[i] = axes.get(i).normalised(axes.get(i).values()[c]);
            }
            XYSeries s = chart.addSeries("rank " + drawn.get(c).rank(), x, y);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineStyle(new BasicStroke(1.3f)); // solid: XChart would cycle dashes through the series
            s.setLineColor(RankColours.of(drawn.get(c).rank(), worst));
        }
        for (int i = 0; i < axes.size(); i++) {
            Axis a = axes.get(i);
            chart.addAnnotation(new AnnotationText(a.label(), i, 1.05, false));
            for (int t = 0; t < a.tickValues().size(); t++) {
                chart.addAnnotation(new AnnotationText(
                        a.tickText().get(t),
                        i + 0.12,
                        a.normalised(a.tickValues().get(t)),
                        false));
            }
        }
        return chart;
    }

    /** 4 significant digits: the page holds no longer number (the axes' labels are formatted as well). */
    private static double[] round(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = Double.parseDouble(Numbers.sig4(v[i]));
        }
        return r;
    }

    private static double min(double[] v) {
        double m = Double.MAX_VALUE;
        for (double d : v) {
            m = Math.min(m, d);
        }
        return m;
    }

    private static double max(double[] v) {
        double m = -Double.MAX_VALUE;
        for (double d : v) {
            m = Math.max(m, d);
        }
        return m;
    }

    /**
     * A map that keeps the order its entries are given in. {@code Map.of}'s iteration order changes
     * from one JVM run to the next, and with it the bytes of the report.
     */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
