package io.sparksweep.report;

import io.sparksweep.space.Hyperparameter;
import io.sparksweep.space.ParameterKey;
import io.sparksweep.stats.ConfigSummary;
import io.sparksweep.stats.Numbers;
import io.sparksweep.stats.ShownInterval;

import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;

import java.util.List;

/**
 * The x axis of one hyperparameter: its value for numbers (log when it spans decades), a position
 * 0, 1, 2, ... for choices and layouts, each labelled with its category.
 */
final class EffectAxis {

    final ParameterKey h;
    final boolean numeric;
    final boolean log;
    final List<String> categories;
    private final double smallest;

    private EffectAxis(ParameterKey h, boolean numeric, boolean log, List<String> categories, double smallest) {
        this.h = h;
        this.smallest = smallest;
        this.numeric = numeric;
        this.log = log;
        this.categories = categories;
    }

    static EffectAxis of(ParameterKey h, List<ConfigSummary> summary) {
        boolean numeric = h.kind() == Hyperparameter.Kind.REAL || h.kind() == Hyperparameter.Kind.INT;
        if (numeric) {
            double min =
                    summary.stream().mapToDouble(s -> s.config().real(h)).min().orElse(0);
            double max =
                    summary.stream().mapToDouble(s -> s.config().real(h)).max().orElse(0);
            return new EffectAxis(h, true, ChartStyle.logScale(min, max), List.of(), Math.max(Math.abs(min), 0));
        }
        return new EffectAxis(
                h,
                false,
                false,
                summary.stream()
                        .map(s -> String.valueOf(s.config().get(h)))
                        .distinct()
                        .sorted()
                        .toList(),
                0);
    }

    double x(ConfigSummary s) {
        return numeric
                ? s.config().real(h)
                : categories.indexOf(String.valueOf(s.config().get(h)));
    }

    /**
     * Log scale and 4-digit labels for numbers; for categories, each category's name under its
     * points, written into the plot (XChart's tick calculator, given custom labels, drops them).
     *
     * @param yLow lowest y drawn (a mean or an interval's end), to leave room for the category names below
     */
    void style(XYChart chart, double yLow, double yHigh) {
        chart.setXAxisTitle(h.key() + (log ? " (log scale)" : ""));
        if (numeric) {
            chart.getStyler().setXAxisLogarithmic(log);
            chart.getStyler().setXAxisDecimalPattern(log && smallest < 1e-3 ? "0.#E0" : "#.####");
            return;
        }
        int k = categories.size();
        double span = Math.max(yHigh - yLow, 0.01);
        chart.getStyler().setXAxisMin(-0.5);
        chart.getStyler().setXAxisMax(k - 0.5);
        chart.getStyler().setXAxisTicksVisible(false);
        chart.getStyler().setYAxisMin(yLow - 0.12 * span);
        chart.getStyler().setYAxisMax(yHigh + 0.03 * span);
        for (int i = 0; i < k; i++) {
            chart.addAnnotation(new AnnotationText(categories.get(i), i, yLow - 0.07 * span, false));
        }
    }

    /** {lowest, highest} y of the points and their shown intervals. */
    static double[] yRange(List<ConfigSummary> rated) {
        double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
        for (ConfigSummary s : rated) {
            ShownInterval ci = ReportMetric.interval(s);
            lo = Math.min(lo, ci.shown() ? ci.low() : ReportMetric.mean(s));
            hi = Math.max(hi, ci.shown() ? ci.high() : ReportMetric.mean(s));
        }
        return new double[] {lo, hi};
    }

    /** "learning_rate" or "learning_rate=0.01" as shown in legends. */
    static String label(ParameterKey h, Object value) {
        return h.key() + "=" + Numbers.value(value);
    }
}
