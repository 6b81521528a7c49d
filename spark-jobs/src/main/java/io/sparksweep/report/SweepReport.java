package io.sparksweep.report;

import io.sparksweep.space.DeclaredMetric;
import io.sparksweep.space.ParameterKey;
import io.sparksweep.space.Robustness;
import io.sparksweep.stats.ConfigSummary;
import io.sparksweep.stats.HyperparameterImportance;
import io.sparksweep.stats.Numbers;
import io.sparksweep.trial.TrialResult;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Chart;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ForkJoinPool;

/**
 * The human-readable report of a sweep: {@code index.html} ({@link ReportPage}) with the importance
 * of each searched hyperparameter, a ranked table and plots. Per searched hyperparameter, mean test
 * accuracy with its 95 % interval: one line per setting of the others for small grids
 * ({@link AccuracyEffectChart}), one point per configuration otherwise ({@link ConfigScatterChart};
 * {@link PlotSelection} decides). Then parallel coordinates (Plotly, inlined, and a PNG), best so far
 * against finished configurations, robustness curves ({@link RobustnessChart}) with a robustness block, and learning curves of the best configurations;
 * after the ranked table, the networks {@code sparksweep retrain} stored ({@link RetrainedModel}). Builds the files
 * in memory; {@code SweepOutput} writes them. When early stopping let few configurations finish, the
 * effect plots, parallel coordinates and importance compare every configuration at a common epoch
 * ({@link PlotBasis}).
 */
public final class SweepReport {

    /** Learning curves are drawn for this many of the best configurations. */
    public static final int CURVES = 3;

    static final String PARALLEL_PNG = "parallel-coordinates.png";

    private SweepReport() {}

    /** File name (relative to report/) to contents: index.html and its PNGs, for a finished sweep. */
    public static Map<String, byte[]> build(
            String sweepName, String description, List<TrialResult> trials, List<ConfigSummary> summary) {
        return build(sweepName, description, trials, summary, null);
    }

    /** @param running the progress banner of a sweep still running, or null for the final report */
    public static Map<String, byte[]> build(
            String sweepName,
            String description,
            List<TrialResult> trials,
            List<ConfigSummary> summary,
            RunStatus running) {
        return build(sweepName, description, trials, summary, running, null);
    }

    /** @param robustness the sweep's robustness block, which names the noise on the robustness plot's axis; may be null */
    public static Map<String, byte[]> build(
            String sweepName,
            String description,
            List<TrialResult> trials,
            List<ConfigSummary> summary,
            RunStatus running,
            Robustness robustness) {
        return build(sweepName, description, trials, summary, running, robustness, List.of());
    }

    /**
     * @param metrics a user network's declared metrics: the ranked table's columns for them follow
     *                their order and say which way is better (empty: by name, no direction)
     */
    public static Map<String, byte[]> build(
            String sweepName,
            String description,
            List<TrialResult> trials,
            List<ConfigSummary> summary,
            RunStatus running,
            Robustness robustness,
            List<DeclaredMetric> metrics) {
        return build(sweepName, description, trials, summary, running, robustness, metrics, List.of());
    }

    /**
     * @param retrained the networks {@code sparksweep retrain} stored ({@link RetrainedModel#parseAll}): a
     *                  section "Retrained on all the data" when there are any
     */
    public static Map<String, byte[]> build(
            String sweepName,
            String description,
            List<TrialResult> trials,
            List<ConfigSummary> summary,
            RunStatus running,
            Robustness robustness,
            List<DeclaredMetric> metrics,
            List<RetrainedModel> retrained) {
        System.setProperty("java.awt.headless", "true");
        // the page's plotly.js is compressed once per JVM (~0.2 s): on another thread while the charts draw
        ForkJoinPool.commonPool().execute(PlotlyScript::gzipBase64);
        List<ParameterKey> searched = searched(summary);
        Map<String, byte[]> files = new LinkedHashMap<>();
        Map<String, Chart<?, ?>> pngs = new LinkedHashMap<>(); // drawn together at the end
        PlotBasis basis = PlotBasis.of(summary, trials);
        List<ConfigSummary> plotted = basis.summary();
        boolean lines = PlotSelection.linesPerSetting(plotted, searched);
        List<ReportPage.Figure> effects = new ArrayList<>();
        for (ParameterKey h : searched) {
            Chart<?, ?> chart = effectChart(h, searched, plotted, basis.at());
            if (chart != null) {
                String name = ReportMetric.fileStem(summary) + "-vs-" + h.key() + ".png";
                pngs.put(name, chart);
                effects.add(new ReportPage.Figure(name, lines ? null : ConfigScatterChart.CAPTION));
            }
        }
        String parallelJson = null;
        ReportPage.Figure parallelPng = null;
        if (PlotSelection.parallelCoordinates(plotted, searched)) {
            parallelJson = ParallelCoordinates.plotlyJson(plotted, searched, basis.at());
            pngs.put(PARALLEL_PNG, ParallelCoordinates.png(plotted, searched, basis.at()));
            parallelPng = new ReportPage.Figure(PARALLEL_PNG, null);
        }
        List<ReportPage.Figure> more = new ArrayList<>();
        XYChart progress = PlotSelection.bestSoFar(summary, searched) ? BestSoFarChart.of(summary, trials) : null;
        if (progress != null) {
            pngs.put("best-so-far.png", progress);
            more.add(new ReportPage.Figure(
                    "best-so-far.png",
                    "grey: each configuration's mean " + ReportMetric.label(summary) + ", in the order "
                            + "the configurations finished (their last repeat's end time); line: the best so far among those whose "
                            + "repeats all ended OK"));
        }
        XYChart rungs = RungChart.of(summary, trials);
        if (rungs != null) {
            pngs.put("rungs.png", rungs);
            more.add(new ReportPage.Figure("rungs.png", RungChart.CAPTION));
        }
        XYChart robust = RobustnessChart.of(summary, searched, robustness);
        if (robust != null) {
            pngs.put(RobustnessChart.FILE, robust);
            more.add(new ReportPage.Figure(RobustnessChart.FILE, RobustnessChart.caption(summary, robustness)));
        }
        List<ConfigSummary> best = summary.stream()
                .filter(s -> s.rank() != null)
                .sorted(Comparator.comparing(ConfigSummary::rank))
                .limit(CURVES)
                .toList();
        for (ConfigSummary s : best) {
            XYChart chart = LearningCurveChart.of(s, searched, trials);
            if (chart != null) {
                String name = "curves-rank-" + s.rank() + ".png";
                pngs.put(name, chart);
                more.add(new ReportPage.Figure(name, null));
            }
        }
        List<ReportPage.Retrained> retrainedRows = new ArrayList<>();
        for (RetrainedModel r : retrained) {
            ConfigSummary s = summary.stream()
                    .filter(c -> c.configId().equals(r.configId()))
                    .findFirst()
                    .orElse(null);
            XYChart chart = RetrainedCurveChart.of(r, s, searched, trials);
            String name = null;
            if (chart != null) {
                name = RetrainedCurveChart.file(r);
                pngs.put(name, chart);
            }
            retrainedRows.add(new ReportPage.Retrained(r, s, name));
        }
        ReportPage.Content content = new ReportPage.Content(
                effects,
                parallelJson,
                parallelPng,
                more,
                HyperparameterImportance.of(plotted, searched),
                basis,
                running,
                metrics,
                retrainedRows);
        files.putAll(ChartStyle.pngs(pngs));
        files.put(
                "index.html",
                ReportPage.html(sweepName, description, trials, summary, searched, content)
                        .getBytes(StandardCharsets.UTF_8));
        return files;
    }

    /**
     * The keys that take more than one value across the configurations, from the union of their keys
     * (every built-in hyperparameter, or a user network's sweep-level and declared ones), in key order.
     */
    static List<ParameterKey> searched(List<ConfigSummary> summary) {
        Set<ParameterKey> keys = new TreeSet<>(ParameterKey.KeyOrder.INSTANCE);
        summary.forEach(s -> keys.addAll(s.config().keys()));
        return keys.stream()
                .filter(h ->
                        summary.stream().map(s -> s.config().get(h)).distinct().count() > 1)
                .toList();
    }

    /**
     * The effect plot of one hyperparameter, as {@link #build} draws it: lines for small grids, else a scatter.
     *
     * @param at " at epoch 3" when the summary is at a common epoch ({@link PlotBasis}), else ""
     */
    static Chart<?, ?> effectChart(
            ParameterKey h, List<ParameterKey> searched, List<ConfigSummary> summary, String at) {
        return PlotSelection.linesPerSetting(summary, searched)
                ? AccuracyEffectChart.of(h, searched, summary, at)
                : ConfigScatterChart.of(h, summary, at);
    }

    /** "learning_rate=0.4971 width=195", or the id when nothing is searched. */
    static String describe(ConfigSummary s, List<ParameterKey> searched) {
        return searched.isEmpty() ? s.configId() : Numbers.describe(s.config(), searched);
    }
}
