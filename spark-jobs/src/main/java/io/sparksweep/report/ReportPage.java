package io.sparksweep.report;

import io.sparksweep.space.DeclaredMetric;
import io.sparksweep.space.ParameterKey;
import io.sparksweep.stats.ConfigSummary;
import io.sparksweep.stats.HyperparameterImportance;
import io.sparksweep.stats.MetricSummary;
import io.sparksweep.stats.Numbers;
import io.sparksweep.stats.RaceSentence;
import io.sparksweep.stats.Ranking;
import io.sparksweep.stats.ShownInterval;
import io.sparksweep.trial.Config;
import io.sparksweep.trial.Metrics;
import io.sparksweep.trial.TrialResult;
import io.sparksweep.trial.TrialStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The report's {@code index.html}: progress while running, counts, importance, the ranked table of
 * configurations, the plots (PNG, and parallel coordinates with inlined Plotly), the fixed settings.
 * Every number shown has at most 4 significant digits.
 */
final class ReportPage {

    /** A PNG of the page with what it shows. */
    record Figure(String file, String caption) {}

    /**
     * A network {@code sparksweep retrain} stored, with its configuration's row of the summary (null when
     * the summary no longer has it) and its learning-curve chart (null when it has none).
     */
    record Retrained(RetrainedModel model, ConfigSummary summary, String chart) {}

    /**
     * Everything the page shows besides the trials and summary.
     *
     * @param basis   what the effect plots, parallel coordinates and importance compare
     * @param metrics a user network's declared metrics, for the order and direction of their columns
     */
    record Content(
            List<Figure> effects,
            String parallelJson,
            Figure parallelPng,
            List<Figure> more,
            HyperparameterImportance.Importance importance,
            PlotBasis basis,
            RunStatus running,
            List<DeclaredMetric> metrics,
            List<Retrained> retrained) {}

    private ReportPage() {}

    static String html(
            String sweepName,
            String description,
            List<TrialResult> trials,
            List<ConfigSummary> summary,
            List<ParameterKey> searched,
            Content content) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        if (content.running() != null) {
            h.append("<meta http-equiv=\"refresh\" content=\"")
                    .append(content.running().reloadSeconds())
                    .append("\">");
        }
        h.append("<title>")
                .append(esc(sweepName))
                .append(" — sparksweep report</title>\n")
                // a script error anywhere is recorded on the page itself, for deploy/report-check.sh
                .append("<script>window.addEventListener('error',function(e){document.documentElement.setAttribute("
                        + "'data-js-error',String(e.message||e));});window.addEventListener('unhandledrejection',"
                        + "function(e){var r=e.reason;document.documentElement.setAttribute('data-js-error',"
                        + "String(r&&r.message||r));});</script>\n<style>")
                .append("body{font-family:system-ui,sans-serif;margin:2em;max-width:1200px}")
                .append(
                        "table{border-collapse:collapse;font-size:14px}td,th{padding:4px 10px;border-bottom:1px solid #ddd;text-align:right}")
                .append("td.c,th.c{text-align:left}img{max-width:100%;border:1px solid #eee}.muted{color:#777}")
                .append("figure{margin:1.5em 0}figcaption{color:#555;font-size:13px;max-width:900px}")
                .append(
                        "tr.partial td{background:#fff1f0}td.bad{color:#b00020;font-weight:bold}td.none{color:#999;font-size:12px}")
                .append("tr.stopped td{color:#5f6b7a;background:#f6f8fa}td.rung{font-style:italic;white-space:nowrap}")
                .append(".basis{background:#f6f8fa;border-left:3px solid #8a9bb0;padding:.5em 1em}")
                .append(".live{background:#fff8e1;border:1px solid #f0c36d;padding:.6em 1em;margin:1em 0}")
                .append(".bar{background:#44015433;height:12px;display:inline-block;vertical-align:middle}")
                .append("</style></head><body>\n");
        h.append("<h1>").append(esc(sweepName)).append("</h1>\n");
        if (content.running() != null) {
            RunStatus r = content.running();
            h.append(String.format(
                    Locale.ROOT,
                    "<div class=\"live\" id=\"progress\"><b>Sweep running: %d of %d trials "
                            + "finished</b>%s. Written %s; this page reloads every %d s, and the final report replaces it "
                            + "when the sweep ends.</div>%n",
                    r.finished(),
                    r.total(),
                    r.eta() == null ? "" : ", " + esc(r.eta()),
                    esc(r.writtenAt()),
                    r.reloadSeconds()));
        }
        if (description != null && !description.isBlank()) {
            h.append("<p>").append(esc(description)).append("</p>\n");
        }
        long ok = trials.stream()
                .filter(t -> t.outcome().status() == TrialStatus.OK)
                .count();
        long diverged = trials.stream()
                .filter(t -> t.outcome().status() == TrialStatus.DIVERGED)
                .count();
        long failed = trials.stream()
                .filter(t -> t.outcome().status() == TrialStatus.FAILED)
                .count();
        long stopped = trials.stream()
                .filter(t -> t.outcome().status() == TrialStatus.STOPPED)
                .count();
        long epochs = trials.stream()
                .mapToLong(t -> t.outcome().epochSeconds().size())
                .sum();
        String early = stopped == 0
                ? ""
                : String.format(
                        Locale.ROOT,
                        ", %d stopped early (%d epochs trained in all; "
                                + "configurations that reached the last epoch are ranked, the stopped ones follow them)",
                        stopped,
                        epochs);
        h.append(String.format(
                Locale.ROOT,
                "<p>%d trials: %d OK, %s, %s%s; %d configurations. Searched: %s.</p>%n",
                trials.size(),
                ok,
                flagged(diverged, "diverged"),
                flagged(failed, "failed"),
                early,
                summary.size(),
                searched.isEmpty()
                        ? "nothing (repeats of one configuration)"
                        : searched.stream().map(ParameterKey::key).collect(Collectors.joining(", "))));
        // compared at a common epoch, the stopped configurations count; otherwise they have no mean
        boolean stoppedLeftOut =
                content.basis().epoch() == null && summary.stream().anyMatch(Ranking::stoppedEarly);
        importance(h, content.importance(), content.basis().importanceNote(), stoppedLeftOut);
        rankedTable(h, summary, searched, content.metrics());
        retrained(h, content.retrained(), searched);
        h.append("<h2>Plots</h2>\n");
        if (content.basis().note() != null) {
            h.append("<p class=\"basis\" id=\"plot-basis\">")
                    .append(esc(content.basis().note()))
                    .append("</p>\n");
        }
        content.effects().forEach(f -> figure(h, f));
        if (content.parallelJson() != null) {
            parallel(
                    h,
                    content.parallelJson(),
                    content.parallelPng(),
                    ReportMetric.label(summary) + content.basis().at());
        }
        content.more().forEach(f -> figure(h, f));
        h.append("<p class=\"muted\">Fixed: ")
                .append(esc(fixedDescription(summary, searched)))
                .append("</p>\n");
        h.append("</body></html>\n");
        return h.toString();
    }

    /**
     * "Retrained on all the data": per network {@code sparksweep retrain} stored, its figure beside the
     * sweep's mean ± std over the configuration's repeats, what it trained on, and its learning curve.
     * Nothing when none was retrained.
     */
    private static void retrained(StringBuilder h, List<Retrained> retrained, List<ParameterKey> searched) {
        if (retrained.isEmpty()) {
            return;
        }
        h.append("<h2 id=\"retrained\">Retrained on all the data</h2>\n<p>")
                .append(
                        "<code>sparksweep retrain</code> trained these configurations again on every training row, "
                                + "validation rows included, data-parallel across the executors, and measured them on the same "
                                + "test part as the trials. The sweep's figure is the mean ± std over the configuration's OK "
                                + "repeats (n of them). The networks are in <code>models/&lt;config_id&gt;-retrained.zip</code>.</p>\n")
                .append("<table><tr><th class=\"c\">configuration</th><th class=\"c\">metric</th>"
                        + "<th>retrained</th><th>sweep mean ± std (n)</th><th>rows trained on</th><th>workers</th>"
                        + "<th>epochs</th><th>train time</th></tr>\n");
        for (Retrained r : retrained) {
            RetrainedModel m = r.model();
            ConfigSummary s = r.summary();
            String name = s == null
                    ? m.configId()
                    : (s.rank() == null ? "" : "rank " + s.rank() + ": ") + SweepReport.describe(s, searched);
            Double now = m.headlineValue();
            RetrainedModel.SweepFigure was =
                    m.headline() == null ? null : m.sweep().get(m.headline());
            h.append("<tr><td class=\"c\" title=\"config_id ")
                    .append(esc(m.configId()))
                    .append("\">")
                    .append(esc(name))
                    .append("</td><td class=\"c\">")
                    .append(esc(RetrainedCurveChart.label(m.headline())))
                    .append("</td><td><b>")
                    .append(now == null ? "-" : Numbers.metric(now))
                    .append("</b></td><td>")
                    .append(
                            was == null
                                    ? "-"
                                    : (was.std() == null
                                                    ? Numbers.metric(was.mean())
                                                    : Numbers.withSpread(was.mean(), was.std()))
                                            + " (" + was.n() + ")")
                    .append("</td><td>")
                    .append(m.rowsTrainedOn())
                    .append("</td><td>")
                    .append(m.workers())
                    .append("</td><td>")
                    .append(m.epochs())
                    .append("</td><td>")
                    .append(m.trainSeconds() == null ? "-" : duration(m.trainSeconds()))
                    .append("</td></tr>\n");
        }
        h.append("</table>\n");
        for (Retrained r : retrained) {
            if (r.chart() != null) {
                figure(
                        h,
                        new Figure(
                                r.chart(),
                                "red: the retrained network's "
                                        + RetrainedCurveChart.label(r.model().headline())
                                        + " after each epoch of the retrain ("
                                        + r.model().rowsTrainedOn()
                                        + " rows); grey: the sweep's repeats of the configuration, trained on the "
                                        + "training part only (mean, and min-max when there are several)."));
            }
        }
    }

    /** "42 s", "3 min 05 s", "1 h 02 min". */
    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600
                ? String.format(Locale.ROOT, "%d h %02d min", s / 3600, s % 3600 / 60)
                : s >= 60 ? String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60) : s + " s";
    }

    private static String flagged(long n, String what) {
        return n == 0 ? n + " " + what : "<b style=\"color:#b00020\">" + n + " " + what + "</b>";
    }

    private static void figure(StringBuilder h, Figure f) {
        h.append("<figure><img src=\"")
                .append(f.file())
                .append("\" alt=\"")
                .append(esc(f.file()))
                .append("\">");
        if (f.caption() != null) {
            h.append("<figcaption>").append(esc(f.caption())).append("</figcaption>");
        }
        h.append("</figure>\n");
    }

    /**
     * Plotly inlined (no network, no file beside the page), gzip-compressed and base64-encoded in a data
     * block that the script below unpacks with {@code DecompressionStream('gzip')} and runs; a browser
     * without it (before Chrome 80, Firefox 113, Safari 16.4) gets the static PNG instead. The PNG is
     * also linked, and shown without script.
     */
    private static void parallel(StringBuilder h, String json, Figure png, String metric) {
        h.append("<figure><div id=\"parallel-coordinates\" style=\"width:100%;height:520px\"></div>\n")
                .append("<script type=\"application/gzip\" id=\"plotly-gzip\" data-encoding=\"base64\" "
                        + "title=\"plotly.js ")
                .append(esc(PlotlyScript.version()))
                .append(" (org.webjars.npm:plotly.js-dist)\">")
                .append(PlotlyScript.gzipBase64())
                .append("</script>\n<script>(function(){var p=")
                .append(json.replace("</", "<\\/"))
                .append(";var png=\"")
                .append(png.file().replace("\\", "\\\\").replace("\"", "\\\"").replace("<", "\\u003c"))
                .append("\";")
                .append(PLOT_SCRIPT)
                .append("})();</script>\n")
                .append(
                        "<figcaption>Parallel coordinates: one line per configuration with a mean, coloured by its mean "
                                + esc(metric)
                                + " (dark = best). Drag along an axis to keep only the lines through that range; drag an axis "
                                + "title to reorder. Static picture: <a href=\"")
                .append(png.file())
                .append("\">")
                .append(png.file())
                .append("</a>.</figcaption>")
                .append("<noscript><img src=\"")
                .append(png.file())
                .append("\" alt=\"parallel coordinates\"></noscript></figure>\n");
    }

    /**
     * Unpacks the data block {@code #plotly-gzip}, runs it as a script (defining {@code Plotly}), draws
     * {@code p} and marks the page {@code data-plotly="rendered"}; errors go to {@code data-js-error}
     * (deploy/report-check.sh reads both). Expects {@code p} (the figure) and {@code png} (its picture).
     */
    private static final String PLOT_SCRIPT = """
            var el=document.getElementById('parallel-coordinates'),z=document.getElementById('plotly-gzip');\
            function still(why){el.style.height='auto';var i=document.createElement('img');i.src=png;\
            i.alt='parallel coordinates';var m=document.createElement('p');m.className='muted';m.textContent=why;\
            el.innerHTML='';el.appendChild(i);el.appendChild(m);}\
            if(typeof DecompressionStream!=='function'){still('The static picture: this browser cannot unpack the \
            inlined Plotly (it needs Chrome or Edge 80+, Firefox 113+ or Safari 16.4+).');return;}\
            Promise.resolve().then(function(){var b=atob(z.textContent),u=new Uint8Array(b.length);\
            for(var i=0;i<b.length;i++)u[i]=b.charCodeAt(i);\
            return new Response(new Blob([u]).stream().pipeThrough(new DecompressionStream('gzip'))).text();})\
            .then(function(src){var s=document.createElement('script');s.textContent=src;document.head.appendChild(s);\
            z.remove();var P=window.Plotly;if(!P||!P.newPlot)throw new Error('plotly.js did not load');\
            return P.newPlot('parallel-coordinates',p.data,p.layout,{displaylogo:false,responsive:true});})\
            .then(function(){document.documentElement.setAttribute('data-plotly','rendered');},function(e){\
            document.documentElement.setAttribute('data-js-error',String(e&&e.message||e));\
            still('The static picture: Plotly did not load ('+(e&&e.message||e)+').');});""";

    private static void importance(
            StringBuilder h, HyperparameterImportance.Importance importance, String note, boolean stoppedLeftOut) {
        if (importance.isEmpty()) {
            return;
        }
        h.append("<h2>Which hyperparameters mattered</h2>\n");
        if (note != null) {
            h.append("<p class=\"basis\">").append(esc(note)).append("</p>\n");
        }
        h.append("<table><tr><th class=\"c\">hyperparameter</th>"
                + "<th class=\"c\">share of the metric's variance it explains alone</th><th>± over forest seeds</th>"
                + "<th>scale</th></tr>\n");
        for (HyperparameterImportance.Estimate e : importance.estimates()) {
            double pct = 100 * e.share();
            h.append("<tr><td class=\"c\">")
                    .append(esc(e.hyperparameter().key()))
                    .append("</td><td class=\"c\">")
                    .append(String.format(
                            Locale.ROOT,
                            "<span class=\"bar\" style=\"width:%.0fpx\"></span> %s %%",
                            3 * pct,
                            Numbers.sig4(Math.round(pct * 10) / 10.0)))
                    .append("</td><td>")
                    .append(Numbers.spreadText(100 * e.spread()))
                    .append(" %</td><td>")
                    .append(e.scale())
                    .append("</td></tr>\n");
        }
        int left = importance.total() - importance.covered();
        h.append("</table>\n<p class=\"muted\">fANOVA over a random forest (Hutter et al. 2014; Optuna's default): "
                + "forests of " + HyperparameterImportance.FOREST_TREES
                + " CART trees (Tribuo) fitted to the configurations' means of the ranking metric, "
                + "refitted with " + HyperparameterImportance.FOREST_SEEDS
                + " seeds (the ± is the spread over them). A share is the part of the metric's variance over "
                + "the searched space that the hyperparameter explains alone, on the scale it was searched on; "
                + "interactions are not attributed, so the shares need not add up to 100 %. From the "
                + importance.covered() + " of " + importance.total() + " configurations with a mean"
                + (left == 0
                        ? "."
                        : "; the " + left
                                + (stoppedLeftOut ? " stopped early, diverged or failed" : " that diverged or failed")
                                + " are left out (the ranked table shows which).")
                + "</p>\n");
    }

    private static void rankedTable(
            StringBuilder h, List<ConfigSummary> summary, List<ParameterKey> searched, List<DeclaredMetric> metrics) {
        // a user network's declared metrics, on validation and test, after the built-in ones
        List<String> declared = ConfigSummary.declaredColumns(summary, metrics);
        // ranked on validation accuracy: test accuracy beside it, never used to choose
        boolean testBeside = !summary.isEmpty()
                && ReportMetric.fraction(summary.get(0))
                && !"test accuracy".equals(ReportMetric.label(summary));
        // a regression: the test part's RMSE (when validation ranks), MAE and R² beside the ranking metric
        List<String> regressionColumns = new ArrayList<>();
        if (!summary.isEmpty() && summary.stream().anyMatch(s -> s.metric(Metrics.TEST_RMSE) != null)) {
            if (!Metrics.TEST_RMSE.equals(summary.get(0).rankedOn())) {
                regressionColumns.add(Metrics.TEST_RMSE);
            }
            regressionColumns.add(Metrics.TEST_MAE);
            regressionColumns.add(Metrics.TEST_R2);
        }
        String race = RaceSentence.of(summary, searched);
        boolean racing = race != null;
        if (racing) {
            h.append("<p class=\"basis\" id=\"race\"><b>Race:</b> ")
                    .append(esc(race))
                    .append(" Each round of repeats, every configuration left was tested against the leader "
                            + "(one-sided Welch t-test, or paired by repeat with paired: true; Holm-corrected); "
                            + "a significantly worse one got no more "
                            + "repeats.</p>\n");
        }
        h.append("<h2>Configurations, best first</h2>\n<p>")
                .append(esc(Ranking.EXPLANATION))
                .append(" Rows with a diverged or failed repeat are shaded red; rows of configurations stopped early "
                        + "are grey, with their values at the rung they reached.</p>\n<table><tr><th>rank</th>");
        if (searched.isEmpty()) {
            h.append("<th class=\"c\">configuration</th>");
        }
        for (ParameterKey p : searched) {
            h.append("<th>").append(esc(p.key())).append("</th>");
        }
        h.append("<th>OK/all</th><th>diverged</th><th>failed</th><th>" + esc(ReportMetric.label(summary))
                + " mean ± std</th><th>95 % CI</th>"
                + (testBeside ? "<th>test accuracy mean ± std</th>" : "")
                + regressionColumns.stream()
                        .map(c -> "<th>"
                                + c.replace("test_", "test ")
                                        .replace("rmse", "RMSE")
                                        .replace("mae", "MAE")
                                        .replace("r2", "R²")
                                + " mean ± std</th>")
                        .collect(Collectors.joining())
                + declared.stream().map(c -> declaredHeader(c, metrics)).collect(Collectors.joining())
                + "<th title=\"two-sided Welch t-test of the test accuracies against the best configuration's\">"
                + "p vs best</th>"
                + (racing ? "<th class=\"c\">race</th>" : "")
                + "</tr>\n");
        boolean anyClipped = false;
        for (ConfigSummary s : summary) {
            boolean stopped = Ranking.stoppedEarly(s);
            // stopped early: its values at the rung it reached
            MetricSummary m = stopped ? s.lastRung().value() : ReportMetric.of(s);
            ShownInterval ci = ReportMetric.interval(s, m);
            anyClipped |= ci.clipped();
            boolean allOk = Ranking.allOk(s);
            boolean faulty = s.nDiverged() + s.nFailed() > 0;
            h.append(allOk ? "<tr>" : stopped && !faulty ? "<tr class=\"stopped\">" : "<tr class=\"partial\">")
                    .append("<td>")
                    .append(s.rank() == null ? "—" : s.rank())
                    .append("</td>");
            if (searched.isEmpty()) {
                h.append("<td class=\"c\">").append(esc(s.configId())).append("</td>");
            }
            for (ParameterKey p : searched) {
                h.append("<td>").append(esc(Numbers.value(s.config().get(p)))).append("</td>");
            }
            h.append(counts(s, stopped, allOk))
                    .append(s.nDiverged() > 0 ? "<td class=\"bad\">" : "<td>")
                    .append(s.nDiverged())
                    .append("</td>")
                    .append(s.nFailed() > 0 ? "<td class=\"bad\">" : "<td>")
                    .append(s.nFailed())
                    .append("</td>")
                    .append("<td>")
                    .append(Numbers.meanStd(m, "—"))
                    .append("</td>")
                    .append(ci.shown() || m.n() == 0 ? "<td>" : "<td class=\"none\">")
                    .append(esc(ci.text()))
                    .append("</td><td>")
                    .append(testBeside ? Numbers.meanStd(s.testAccuracy(), "—") + "</td><td>" : "")
                    .append(regressionColumns.stream()
                            .map(c -> s.metric(c) == null ? "—" : Numbers.meanStd(s.metric(c), "—"))
                            .map(v -> v + "</td><td>")
                            .collect(Collectors.joining()))
                    .append(declared.stream()
                            .map(c -> s.declaredMetrics().get(c) == null
                                    ? "—"
                                    : Numbers.meanStd(s.declaredMetrics().get(c), "—"))
                            .map(v -> v + "</td><td>")
                            .collect(Collectors.joining()))
                    .append(s.pValueVsBest() == null ? "—" : String.format(Locale.ROOT, "%.3g", s.pValueVsBest()))
                    .append(racing ? "</td><td class=\"c\">" + esc(RaceSentence.label(s)) : "")
                    .append("</td></tr>\n");
        }
        h.append("</table>\n<p class=\"muted\">Statistics over OK repeats only (a stopped configuration's: over "
                + "its stopped repeats, at the rung they reached); the interval is the Student-t 95 % "
                + "interval of the mean, shown from " + ShownInterval.MIN_REPEATS + " OK repeats on");
        if (anyClipped) {
            h.append("; " + ShownInterval.CLIP_MARK + " marks one clipped to [0, 1], the range of an accuracy "
                    + "(summary/ keeps the unclipped interval)");
        }
        h.append("; p is a two-sided Welch t-test against the rank-1 configuration.</p>\n");
    }

    /**
     * A declared metric's header: "val top3_accuracy ↑ mean ± std", its arrow saying which way is
     * better when the declaration is known.
     */
    private static String declaredHeader(String column, List<DeclaredMetric> metrics) {
        String name = column.substring(column.indexOf('_') + 1);
        Boolean higher = metrics.stream()
                .filter(m -> m.name().equals(name))
                .map(DeclaredMetric::higherIsBetter)
                .findFirst()
                .orElse(null);
        return (higher == null ? "<th>" : "<th title=\"" + (higher ? "higher" : "lower") + " is better\">")
                + esc(column.replaceFirst("_", " ")) + (higher == null ? "" : higher ? " ↑" : " ↓")
                + " mean ± std</th>";
    }

    /** The OK/all cell: "2/2"; "1/2" in red; "stopped at epoch 3" for a configuration stopped early. */
    private static String counts(ConfigSummary s, boolean stopped, boolean allOk) {
        if (stopped) {
            return String.format(
                    Locale.ROOT,
                    "<td class=\"rung\" title=\"%d of %d repeats stopped early after epoch %d\">stopped at epoch %d</td>",
                    s.nStopped(),
                    s.nTrials(),
                    s.lastRung().epoch(),
                    s.lastRung().epoch());
        }
        return (allOk ? "<td>" : "<td class=\"bad\">") + s.nOk() + "/" + s.nTrials() + "</td>";
    }

    /** The hyperparameters not searched, at their one value: "learning_rate=0.01, epochs=10, ...". */
    private static String fixedDescription(List<ConfigSummary> summary, List<ParameterKey> searched) {
        if (summary.isEmpty()) {
            return "";
        }
        Config c = summary.get(0).config();
        // the first configuration's own keys: the whole vocabulary, or a user network's
        return c.keys().stream()
                .filter(h -> !searched.contains(h))
                .map(h -> h.key() + "=" + Numbers.value(c.get(h)))
                .collect(Collectors.joining(", "));
    }

    private static String esc(String s) {
        return Objects.toString(s, "")
                .replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
