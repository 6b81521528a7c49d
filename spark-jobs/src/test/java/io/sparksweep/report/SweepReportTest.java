package io.sparksweep.report;

import io.sparksweep.plan.Plan;
import io.sparksweep.plan.TrialPlanner;
import io.sparksweep.space.Hyperparameter;
import io.sparksweep.space.NoiseType;
import io.sparksweep.space.ParameterKey;
import io.sparksweep.space.Robustness;
import io.sparksweep.stats.ConfigSummary;
import io.sparksweep.stats.EarlyStoppedTrials;
import io.sparksweep.stats.MetricSummary;
import io.sparksweep.stats.RepeatStatistics;
import io.sparksweep.sweepfile.SweepFileLoader;
import io.sparksweep.trial.Metrics;
import io.sparksweep.trial.Provenance;
import io.sparksweep.trial.TrialOutcome;
import io.sparksweep.trial.TrialResult;
import io.sparksweep.trial.TrialSpec;
import io.sparksweep.trial.TrialStatus;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The report: one effect plot per searched hyperparameter, learning curves of the best, a ranked table. */
class SweepReportTest {

    /** Made-up but plausible results of a 3 lr x 2 activation grid, 3 repeats each; one trial diverged. */
    private static List<TrialResult> trials() {
        Plan plan = TrialPlanner.plan(SweepFileLoader.parse("""
                name: r
                dataset: mnist
                repeats: 3
                fixed: {epochs: 4}
                search:
                  learning_rate: {values: [0.001, 0.01, 0.1]}
                  activation: {values: [relu, tanh]}
                """, "r.yaml"));
        List<TrialResult> out = new ArrayList<>();
        for (TrialSpec t : plan.trials()) {
            double lr = t.config().real(Hyperparameter.LEARNING_RATE);
            double acc = 0.85 + 0.04 * Math.log10(lr * 1000) + 0.002 * t.repeat();
            boolean diverged =
                    lr == 0.1 && t.repeat() == 2 && "tanh".equals(t.config().choice(Hyperparameter.ACTIVATION));
            List<Double> curve = List.of(acc - 0.03, acc - 0.02, acc - 0.01, acc);
            TrialOutcome o = diverged
                    ? new TrialOutcome(
                            TrialStatus.DIVERGED,
                            "loss became NaN",
                            null,
                            null,
                            null,
                            List.of(),
                            List.of(),
                            List.of(),
                            List.of(),
                            List.of(1.0),
                            1.0,
                            0.1,
                            10L,
                            "fast-dense",
                            Map.of())
                    : new TrialOutcome(
                            TrialStatus.OK,
                            null,
                            acc,
                            0.3,
                            acc,
                            curve,
                            curve,
                            curve,
                            curve,
                            List.of(1.0, 1.0, 1.0, 1.0),
                            4.0,
                            0.5,
                            10L,
                            "fast-dense",
                            Map.of());
            out.add(new TrialResult(t, o, "h", "0", 0, 0L, 1L, new Provenance("v", "17", "3.5", "m2", "b", "x", "y")));
        }
        return out;
    }

    @Test
    void writesAnIndexWithEffectPlotsCurvesAndARankedTable() throws IOException {
        List<TrialResult> trials = trials();
        List<ConfigSummary> summary = RepeatStatistics.summarize(trials);
        Map<String, byte[]> files = SweepReport.build("r", "a made-up grid", trials, summary);

        assertTrue(files.containsKey("accuracy-vs-learning_rate.png"));
        assertTrue(files.containsKey("accuracy-vs-activation.png"));
        assertTrue(files.containsKey("curves-rank-1.png"));
        // issue 15 adds the parallel coordinates' PNG (two searched hyperparameters)
        assertEquals(
                2 + 1 + SweepReport.CURVES + 1, files.size(), files.keySet().toString());
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            if (f.getKey().endsWith(".png")) {
                BufferedImage image = ImageIO.read(new ByteArrayInputStream(f.getValue()));
                assertNotNull(image, f.getKey() + " is a PNG");
                assertTrue(image.getWidth() >= 600 && image.getHeight() >= 400, f.getKey());
                assertTrue(distinctColours(image) > 10, f.getKey() + " has something drawn on it");
            }
        }
        String html = new String(files.get("index.html"), StandardCharsets.UTF_8);
        assertTrue(html.contains("<img src=\"accuracy-vs-learning_rate.png\""), html);
        assertTrue(html.contains("a made-up grid"), html);
        // issue 15: one column per searched hyperparameter (was one "learning_rate=0.1 activation=relu" column)
        assertTrue(html.contains("<th>learning_rate</th><th>activation</th>"), html);
        assertTrue(html.contains("p vs best"), html);
        // the diverged repeat is counted, not averaged in; issue 15: and it stands out
        assertTrue(
                html.matches("(?s).*<tr class=\"partial\"><td>6</td><td>0.1</td><td>tanh</td><td class=\"bad\">2/3</td>"
                        + "<td class=\"bad\">1</td><td>0</td>.*"),
                html);
        assertTrue(html.contains("n=2: too few repeats for an interval"), html);
    }

    /** A sidecar as {@code sparksweep retrain} writes it (the fields the report reads). */
    private static byte[] retrainedSidecar(ConfigSummary s, boolean retrained) {
        MetricSummary m = s.testAccuracy();
        return ("""
                {"retrained": %s, "config_id": "%s", "epochs": 5, "rows_trained_on": 60000, "workers": 2,
                 "train_seconds": 83.4, "headline": "test_accuracy",
                 "metrics": {"test_accuracy": 0.9731, "test_loss": 0.09, "train_accuracy": 0.99},
                 "sweep_metrics": {"test_accuracy": {"mean": %s, "std": %s, "min": 0.9, "max": 0.95, "n": %d}},
                 "learning_curve": {"train_loss": [0.5, 0.3, 0.2, 0.15, 0.1],
                                    "test_accuracy": [0.9, 0.93, 0.95, 0.96, 0.9731],
                                    "epoch_seconds": [16, 17, 16, 17, 17]}}
                """.formatted(retrained, s.configId(), m.mean(), m.std(), m.n())).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aRetrainedSidecarGetsASectionWithItsFigureBesideTheSweepsAndACurve() throws IOException {
        List<TrialResult> trials = trials();
        List<ConfigSummary> summary = RepeatStatistics.summarize(trials);
        ConfigSummary best = summary.stream()
                .filter(s -> s.rank() != null && s.rank() == 1)
                .findFirst()
                .orElseThrow();
        List<RetrainedModel> retrained = RetrainedModel.parseAll(Map.of(
                best.configId() + "-retrained.json",
                retrainedSidecar(best, true),
                "broken-retrained.json",
                "{not json".getBytes(StandardCharsets.UTF_8)));
        assertEquals(1, retrained.size(), "the unreadable sidecar is left out");
        Map<String, byte[]> files = SweepReport.build("r", null, trials, summary, null, null, List.of(), retrained);
        String html = new String(files.get("index.html"), StandardCharsets.UTF_8);
        assertTrue(html.contains("<h2 id=\"retrained\">Retrained on all the data</h2>"), html);
        String chart = "retrained-" + best.configId() + ".png";
        assertTrue(files.containsKey(chart), files.keySet().toString());
        assertTrue(html.contains("<img src=\"" + chart + "\""), html);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(files.get(chart)));
        assertTrue(distinctColours(image) > 10, "something drawn");
        String section = html.substring(html.indexOf("id=\"retrained\""));
        assertTrue(section.contains("<b>0.9731</b>"), "the retrained figure: " + section);
        String sweep = io.sparksweep.stats.Numbers.withSpread(
                        best.testAccuracy().mean(), best.testAccuracy().std())
                + " (" + best.testAccuracy().n() + ")";
        assertTrue(section.contains(sweep), sweep + " in " + section);
        assertTrue(section.contains("<td>60000</td><td>2</td><td>5</td><td>1 min 23 s</td>"), section);
        assertTrue(section.contains("rank 1: "), section);
    }

    @Test
    void noRetrainedSidecarNoSection() {
        List<TrialResult> trials = trials();
        List<ConfigSummary> summary = RepeatStatistics.summarize(trials);
        // a kept trial's sidecar (no retrained: true) is not a retrained network
        List<RetrainedModel> none =
                RetrainedModel.parseAll(Map.of("x-retrained.json", retrainedSidecar(summary.get(0), false)));
        assertTrue(none.isEmpty());
        for (Map<String, byte[]> files : List.of(
                SweepReport.build("r", null, trials, summary),
                SweepReport.build("r", null, trials, summary, null, null, List.of(), none))) {
            String html = new String(files.get("index.html"), StandardCharsets.UTF_8);
            assertFalse(html.contains("Retrained on all the data"), html);
            assertFalse(
                    files.keySet().stream().anyMatch(f -> f.startsWith("retrained-")),
                    files.keySet().toString());
        }
    }

    @Test
    void learningRatePlotsOnALogAxis() {
        List<TrialResult> trials = trials();
        List<ConfigSummary> summary = RepeatStatistics.summarize(trials);
        var chart = (XYChart)
                SweepReport.effectChart(Hyperparameter.LEARNING_RATE, SweepReport.searched(summary), summary, "");
        assertTrue(chart.getStyler().isXAxisLogarithmic());
        // issue 15: the intervals are drawn as their own (legend-less) segments, clipped to [0, 1]
        assertEquals(
                2,
                chart.getSeriesMap().values().stream()
                        .filter(s -> s.isShowInLegend())
                        .count(),
                "one line per activation");
    }

    /** A random search: every configuration different, like the 16 x 2 over lr, width, L2, activation. */
    static List<TrialResult> randomTrials(int configs, int repeats) {
        Plan plan = TrialPlanner.plan(SweepFileLoader.parse("""
                name: rs
                dataset: mnist
                method: random
                samples: %d
                repeats: %d
                seed: 3
                fixed: {epochs: 2}
                search:
                  learning_rate: {distribution: log_uniform, min: 1.0e-3, max: 10.0}
                  width: {distribution: int_uniform, min: 16, max: 512}
                  l2: {distribution: log_uniform, min: 1.0e-6, max: 1.0e-2}
                  activation: {values: [relu, tanh, sigmoid]}
                """.formatted(configs, repeats), "rs.yaml"));
        List<TrialResult> out = new ArrayList<>();
        long end = 1000;
        for (TrialSpec t : plan.trials()) {
            double lr = t.config().real(Hyperparameter.LEARNING_RATE);
            double acc = Math.min(0.999, 0.5 + 0.12 * Math.log10(lr * 1000) + 0.03 * ((t.seed() & 7) / 7.0));
            boolean diverged = lr > 3 && t.repeat() == 1; // high rates diverge on some seeds only
            List<Double> curve = List.of(acc - 0.02, acc);
            TrialOutcome o = diverged
                    ? new TrialOutcome(
                            TrialStatus.DIVERGED,
                            "loss became NaN",
                            null,
                            null,
                            null,
                            List.of(),
                            List.of(),
                            List.of(),
                            List.of(),
                            List.of(1.0),
                            1.0,
                            0.1,
                            10L,
                            "fast-dense",
                            Map.of())
                    : new TrialOutcome(
                            TrialStatus.OK,
                            null,
                            acc,
                            0.3,
                            acc,
                            curve,
                            curve,
                            curve,
                            curve,
                            List.of(1.0, 1.0),
                            2.0,
                            0.5,
                            10L,
                            "fast-dense",
                            Map.of());
            out.add(new TrialResult(
                    t, o, "h", "0", 0, end - 500, end += 700, new Provenance("v", "17", "3.5", "m2", "b", "x", "y")));
        }
        return out;
    }

    @Test
    void aSmallGridKeepsLinesAndARandomSearchGetsScattersAndParallelCoordinates() {
        List<ConfigSummary> grid = RepeatStatistics.summarize(trials());
        assertTrue(PlotSelection.linesPerSetting(grid, SweepReport.searched(grid)));
        assertTrue(PlotSelection.parallelCoordinates(grid, SweepReport.searched(grid)));
        assertFalse(PlotSelection.bestSoFar(grid, SweepReport.searched(grid)));

        List<ConfigSummary> random = RepeatStatistics.summarize(randomTrials(16, 2));
        List<ParameterKey> searched = SweepReport.searched(random);
        assertFalse(
                PlotSelection.linesPerSetting(random, searched), "16 different configurations: no line per setting");
        assertTrue(PlotSelection.parallelCoordinates(random, searched));
        assertTrue(PlotSelection.bestSoFar(random, searched));
        var chart = (XYChart) SweepReport.effectChart(Hyperparameter.LEARNING_RATE, searched, random, "");
        assertFalse(chart.getStyler().isLegendVisible(), "no legend entry per configuration");
        assertTrue(chart.getStyler().isXAxisLogarithmic(), "1e-3 to 10 spans decades");
    }

    @Test
    void aRandomSearchOf60ReadsWell() throws IOException {
        List<TrialResult> trials = randomTrials(60, 2);
        List<ConfigSummary> summary = RepeatStatistics.summarize(trials);
        Map<String, byte[]> files = SweepReport.build("rs", null, trials, summary);
        for (String f : List.of(
                "accuracy-vs-learning_rate.png",
                "accuracy-vs-activation.png",
                "parallel-coordinates.png",
                "best-so-far.png")) {
            assertTrue(files.containsKey(f), f + " in " + files.keySet());
            assertTrue(distinctColours(ImageIO.read(new ByteArrayInputStream(files.get(f)))) > 10, f);
        }
        String html = new String(files.get("index.html"), StandardCharsets.UTF_8);
        String page = html.substring(0, html.indexOf("<script type=\"application/gzip\" id=\"plotly-gzip\""))
                + html.substring(html.indexOf("<script>(function(){var p="));
        Matcher longNumber = Pattern.compile("\\d*\\.\\d*[1-9]\\d{4,}").matcher(page);
        assertFalse(
                longNumber.find(),
                () -> "no number with more than 4 significant digits in the page: "
                        + page.substring(Math.max(0, longNumber.start() - 80), longNumber.end() + 20));
        assertTrue(html.contains("Which hyperparameters mattered"), "importance");
        assertTrue(html.contains(".newPlot('parallel-coordinates'"), "interactive parallel coordinates");
        assertTrue(html.contains("type:\"parcoords\"") || html.contains("\"type\":\"parcoords\""), "a parcoords trace");
        // the same bytes from every JVM: Map.of's order is randomised per run, the written order is not
        assertTrue(html.contains("\"margin\":{\"l\":80,\"r\":60,\"t\":100,\"b\":40}"), "layout keys in written order");
        assertFalse(html.contains("src=\"http"), "nothing loaded from the network");
        // a configuration with a diverged repeat never above one whose repeats all trained
        int lastAllOk = -1, firstPartial = Integer.MAX_VALUE;
        for (ConfigSummary s : summary) {
            if (s.rank() != null && s.nOk() == s.nTrials()) {
                lastAllOk = Math.max(lastAllOk, s.rank());
            } else if (s.rank() != null) {
                firstPartial = Math.min(firstPartial, s.rank());
            }
        }
        assertTrue(firstPartial != Integer.MAX_VALUE && lastAllOk < firstPartial, lastAllOk + " < " + firstPartial);
    }

    /**
     * Issue 25: the page inlines the whole WebJar bundle, gzip-compressed and base64-encoded, and stays
     * at most 5 MB (it was 11 MB with the bundle as text).
     */
    @Test
    void theInlinedPlotlyIsTheWholeWebJarBundleAndThePageStaysUnder5Mb() throws Exception {
        List<TrialResult> trials = randomTrials(60, 2);
        byte[] page = SweepReport.build("rs", null, trials, RepeatStatistics.summarize(trials))
                .get("index.html");
        assertTrue(page.length <= 5_000_000, "index.html is " + page.length + " bytes, more than 5 MB");
        String html = new String(page, StandardCharsets.UTF_8);

        String open = "<script type=\"application/gzip\" id=\"plotly-gzip\"";
        assertEquals(html.indexOf(open), html.lastIndexOf(open), "one data block");
        int start = html.indexOf('>', html.indexOf(open)) + 1;
        String base64 = html.substring(start, html.indexOf("</script>", start));
        byte[] unpacked;
        try (InputStream in =
                new GZIPInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(base64)))) {
            unpacked = in.readAllBytes();
        }
        byte[] bundle;
        try (InputStream in = PlotlyScript.class.getResourceAsStream(
                "/META-INF/resources/webjars/plotly.js-dist/" + PlotlyScript.version() + "/plotly.js")) {
            assertNotNull(in, "the WebJar's plotly.js");
            bundle = in.readAllBytes();
        }
        assertTrue(bundle.length > 5_000_000, "the full bundle, not a partial one: " + bundle.length);
        assertEquals(bundle.length, unpacked.length, "the unpacked script is the WebJar's plotly.js, whole");
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        assertEquals(
                HexFormat.of().formatHex(sha.digest(bundle)),
                HexFormat.of().formatHex(sha.digest(unpacked)),
                "byte for byte");
        assertTrue(html.contains("new DecompressionStream('gzip')"), "unpacked in the page");
        assertFalse(html.contains("var Plotly = (() =>"), "the bundle is not inlined as text as well");
        assertFalse(html.contains("src=\"http"), "nothing loaded from the network");
        // compressed once per JVM, not per report: the second page carries the very same block
        String again = new String(
                SweepReport.build("rs", null, trials, RepeatStatistics.summarize(trials))
                        .get("index.html"),
                StandardCharsets.UTF_8);
        assertTrue(again.contains(base64), "the same compressed bundle");
        assertTrue(PlotlyScript.gzipBase64() == PlotlyScript.gzipBase64(), "kept, not recompressed");
    }

    /**
     * A random search under early stopping: the first {@code finished} configurations trained all 4
     * epochs, the next 4 were stopped at epoch 2, the rest at epoch 1; test accuracy rises with the
     * learning rate and with the epoch.
     */
    static List<TrialResult> earlyStopped(int configs, int finished) {
        List<String> ids = new ArrayList<>();
        List<TrialResult> out = new ArrayList<>();
        for (TrialResult t : randomTrials(configs, 2)) {
            String id = t.spec().configId();
            if (!ids.contains(id)) {
                ids.add(id);
            }
            int i = ids.indexOf(id);
            double a = 0.5
                    + 0.05 * Math.log10(t.spec().config().real(Hyperparameter.LEARNING_RATE) * 1000)
                    + 0.001 * t.spec().repeat();
            double[] curve = {a, a + 0.1, a + 0.15, a + 0.2};
            int epochs = i < finished ? 4 : i < finished + 4 ? 2 : 1;
            out.add(EarlyStoppedTrials.trial(
                    id,
                    t.spec().config(),
                    t.spec().repeat(),
                    i < finished ? TrialStatus.OK : TrialStatus.STOPPED,
                    Metrics.TEST_ACCURACY,
                    Arrays.copyOf(curve, epochs)));
        }
        return out;
    }

    @Test
    void whenFewFinishedThePlotsAndImportanceCompareEveryConfigurationAtTheFirstRungAndSaySo() throws IOException {
        List<TrialResult> trials = earlyStopped(16, 2);
        List<ConfigSummary> summary = RepeatStatistics.summarize(trials);
        Map<String, byte[]> files = SweepReport.build("es", null, trials, summary);
        String html = new String(files.get("index.html"), StandardCharsets.UTF_8);
        assertTrue(
                html.contains("16 configurations compared at epoch 1, the deepest epoch all of them reached: only 2 "
                        + "finished, and early stopping left 14 at a rung (after epoch 1–2)."),
                html);
        assertTrue(html.contains("Which hyperparameters mattered"), "the importance is back");
        assertTrue(html.contains("From the 16 of 16 configurations with a mean"), "every configuration counts");
        for (String f : List.of("accuracy-vs-learning_rate.png", "parallel-coordinates.png", "rungs.png")) {
            assertTrue(files.containsKey(f), f + " in " + files.keySet());
        }
        assertTrue(html.contains("Parallel coordinates: 16 configurations at epoch 1"), "all 16 lines, labelled");

        PlotBasis basis = PlotBasis.of(summary, trials);
        var chart = (XYChart) SweepReport.effectChart(
                Hyperparameter.LEARNING_RATE, SweepReport.searched(summary), basis.summary(), basis.at());
        assertTrue(
                chart.getTitle().startsWith("Test accuracy at epoch 1 vs learning_rate: 16 configurations"),
                chart.getTitle());
        assertEquals(
                16,
                chart.getSeriesMap().keySet().stream()
                        .filter(k -> k.startsWith("rank ") && !k.endsWith(" CI"))
                        .count(),
                "a point per configuration: " + chart.getSeriesMap().keySet());

        // the table: 2 ranked, then 14 in the neutral style, the deeper rung first
        assertEquals(14, count(html, "<tr class=\"stopped\">"));
        assertEquals(0, count(html, "<tr class=\"partial\">"), "nothing shaded as a failure");
        assertEquals(4, count(html, ">stopped at epoch 2</td>"));
        assertTrue(html.lastIndexOf(">stopped at epoch 2</td>") < html.indexOf(">stopped at epoch 1</td>"));
        assertFalse(html.contains(">0/2</td>"), "no 0/2 read as a failure");
    }

    @Test
    void thePlotsCompareAtACommonEpochWithFewerThanFiveOrFewerThanHalfFinished() {
        for (int[] c : new int[][] {{10, 6, 0}, {12, 5, 1}, {6, 4, 1}, {16, 2, 1}}) {
            List<TrialResult> trials = earlyStopped(c[0], c[1]);
            PlotBasis basis = PlotBasis.of(RepeatStatistics.summarize(trials), trials);
            assertEquals(c[2] == 1, basis.epoch() != null, c[1] + " of " + c[0] + " finished");
            assertEquals(c[2] == 1, basis.note() != null);
        }
        List<TrialResult> plain = randomTrials(4, 2);
        List<ConfigSummary> summary = RepeatStatistics.summarize(plain);
        PlotBasis basis = PlotBasis.of(summary, plain);
        assertEquals(summary, basis.summary(), "no early stopping: as ranked");
        assertEquals("", basis.at());
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void aRunningSweepsReportShowsItsProgressAtTheTop() {
        List<TrialResult> trials = randomTrials(16, 2).subList(0, 9);
        String html = new String(
                SweepReport.build(
                                "rs",
                                null,
                                trials,
                                RepeatStatistics.summarize(trials),
                                new RunStatus(9, 32, "ETA 1m10s", "2026-01-01 10:00:00 UTC", 30))
                        .get("index.html"),
                StandardCharsets.UTF_8);
        assertTrue(html.contains("<meta http-equiv=\"refresh\" content=\"30\">"), "reloads itself");
        assertTrue(html.indexOf("Sweep running: 9 of 32 trials finished") < html.indexOf("<table>"), "progress first");
    }

    private static int distinctColours(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int x = 0; x < image.getWidth(); x += 3) {
            for (int y = 0; y < image.getHeight(); y += 3) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }

    /** The same configurations, their summaries re-ranked on another metric (as a validation or regression sweep's are). */
    private static List<ConfigSummary> rankedOn(String metric, ToDoubleFunction<Double> value) {
        List<ConfigSummary> out = new ArrayList<>();
        for (ConfigSummary s : RepeatStatistics.summarize(trials())) {
            MetricSummary test = s.testAccuracy();
            double[] v = test.mean() == null
                    ? new double[0]
                    : new double[] {
                        value.applyAsDouble(test.mean()),
                        value.applyAsDouble(test.mean() + 0.01),
                        value.applyAsDouble(test.mean() - 0.01)
                    };
            out.add(new ConfigSummary(
                    s.sweep(),
                    s.configId(),
                    s.config(),
                    s.nTrials(),
                    s.nOk(),
                    s.nDiverged(),
                    s.nFailed(),
                    s.testAccuracy(),
                    s.testLoss(),
                    s.bestTestAccuracy(),
                    s.rank(),
                    s.pValueVsBest(),
                    Map.of(metric, MetricSummary.of(v)),
                    metric,
                    null,
                    null));
        }
        return out;
    }

    @Test
    void aValidationSweepPlotsAndTabulatesValidationAccuracyWithTestBeside() {
        Map<String, byte[]> files =
                SweepReport.build("v", null, trials(), rankedOn("validation_accuracy", a -> a - 0.02));
        String html = new String(files.get("index.html"), StandardCharsets.UTF_8);
        assertTrue(html.contains("<th>validation accuracy mean ± std</th>"), "the ranking metric leads the table");
        assertTrue(html.contains("<th>test accuracy mean ± std</th>"), "test accuracy beside it");
    }

    @Test
    void aRegressionSweepHasLearningCurvesOfRmse() {
        // regression trials: no accuracy curves, test and validation RMSE per epoch
        List<TrialResult> regression = new ArrayList<>();
        for (TrialResult t : trials()) {
            TrialOutcome o = t.outcome();
            if (o.status() != TrialStatus.OK) {
                regression.add(t);
                continue;
            }
            List<Double> rmse =
                    o.testAccuracyCurve().stream().map(a -> 50 * (1 - a)).toList();
            TrialOutcome r = new TrialOutcome(
                    o.status(),
                    null,
                    null,
                    rmse.get(rmse.size() - 1),
                    null,
                    o.trainLoss(),
                    List.of(),
                    List.of(),
                    o.testLossCurve(),
                    o.epochSeconds(),
                    o.trainSeconds(),
                    o.evalSeconds(),
                    o.nParams(),
                    o.trainer(),
                    Map.of(
                            Metrics.TEST_RMSE,
                            rmse,
                            Metrics.VALIDATION_RMSE,
                            rmse,
                            Metrics.TEST_MAE,
                            rmse.stream().map(v -> 0.8 * v).toList(),
                            Metrics.TEST_R2,
                            rmse.stream().map(v -> 1 - v / 100).toList()));
            regression.add(new TrialResult(
                    t.spec(),
                    r,
                    t.host(),
                    t.executorId(),
                    t.attempt(),
                    t.startMillis(),
                    t.endMillis(),
                    t.provenance()));
        }
        Map<String, byte[]> files = SweepReport.build("r", null, regression, RepeatStatistics.summarize(regression));
        assertTrue(
                files.containsKey("curves-rank-1.png"),
                "learning curves of the best configurations: " + files.keySet());
        String html = new String(files.get("index.html"), StandardCharsets.UTF_8);
        // ranked on validation RMSE: the test part's RMSE, MAE and R² beside it
        assertTrue(html.contains("<th>validation RMSE mean ± std</th>"), "ranked on validation RMSE");
        assertTrue(
                html.contains("<th>test RMSE mean ± std</th><th>test MAE mean ± std</th><th>test R² mean ± std</th>"),
                "the test figures of a regression in the table");
        assertTrue(html.contains("coloured by its mean validation RMSE (dark = best)"), "the caption names the metric");
        assertTrue(html.contains("\"reversescale\":false"), "dark = the lowest RMSE");
        assertTrue(
                files.containsKey("rmse-vs-learning_rate.png"), files.keySet().toString());
    }

    @Test
    void aRegressionSweepPlotsRmseNotAccuracy() {
        Map<String, byte[]> files = SweepReport.build("r", null, trials(), rankedOn("test_rmse", a -> 50 * (1 - a)));
        String html = new String(files.get("index.html"), StandardCharsets.UTF_8);
        assertTrue(html.contains("<th>test RMSE mean ± std</th>"), html.substring(0, Math.min(400, html.length())));
        assertFalse(html.contains("<th>test accuracy mean ± std</th>"), "no accuracy column for a regression");
        assertTrue(files.keySet().stream().anyMatch(f -> f.startsWith("rmse-vs-")), "effect plots of RMSE, named so");
        // RMSE values of ~2.5 are outside [0, 1]: not clipped as an accuracy would be
        assertFalse(html.contains("clipped to [0, 1], the range of an accuracy"), "no accuracy clipping note");
    }

    /** The random search's trials with robustness curves falling from their test accuracy to chance (0.1). */
    private static List<TrialResult> withRobustness(List<TrialResult> trials, List<Double> levels) {
        List<TrialResult> out = new ArrayList<>();
        for (TrialResult t : trials) {
            TrialOutcome o = t.outcome();
            if (o.status() == TrialStatus.OK) {
                double clean = o.testAccuracy();
                List<Double> acc = levels.stream()
                        .map(l -> 0.1 + (clean - 0.1) * (1 - l * l))
                        .toList();
                o = new TrialOutcome(
                        o.status(),
                        null,
                        o.testAccuracy(),
                        o.testLoss(),
                        o.bestTestAccuracy(),
                        o.trainLoss(),
                        o.trainAccuracy(),
                        o.testAccuracyCurve(),
                        o.testLossCurve(),
                        o.epochSeconds(),
                        o.trainSeconds(),
                        o.evalSeconds(),
                        o.nParams(),
                        o.trainer(),
                        Map.of(
                                Metrics.ROBUSTNESS_LEVELS,
                                levels,
                                Metrics.ROBUSTNESS_ACCURACY,
                                acc,
                                Metrics.ROBUSTNESS_RECALL,
                                acc));
            }
            out.add(new TrialResult(
                    t.spec(),
                    o,
                    t.host(),
                    t.executorId(),
                    t.attempt(),
                    t.startMillis(),
                    t.endMillis(),
                    t.provenance()));
        }
        return out;
    }

    @Test
    void robustnessCurvesOneLinePerConfigurationWithBandsForTheBestEight() throws IOException {
        List<Double> levels = List.of(0.0, 0.25, 0.5, 0.75, 1.0);
        List<TrialResult> trials = withRobustness(randomTrials(12, 3), levels);
        List<ConfigSummary> summary = RepeatStatistics.summarize(trials);
        Robustness r = new Robustness(NoiseType.SALT_AND_PEPPER, levels);
        Map<String, byte[]> files = SweepReport.build("rs", null, trials, summary, null, r);
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(files.get(RobustnessChart.FILE)));
        assertEquals(ChartStyle.WIDTH, png.getWidth());
        XYChart chart = RobustnessChart.of(summary, SweepReport.searched(summary), r);
        long lines = chart.getSeriesMap().values().stream()
                .filter(XYSeries::isShowInLegend)
                .count();
        long bands = chart.getSeriesMap().keySet().stream()
                .filter(k -> k.endsWith("(95 % CI)"))
                .count();
        assertEquals(RobustnessChart.MAX_LINES, lines, "the best 8 of the ranked configurations");
        assertTrue(bands > 0 && bands <= lines, "a band for every line whose repeats all ended OK: " + bands);
        assertTrue(chart.getSeriesMap().keySet().stream().anyMatch(k -> k.startsWith("#1 ")), "labelled by rank");
        String html = new String(files.get("index.html"), StandardCharsets.UTF_8);
        assertTrue(html.contains("src=\"robustness.png\"") && html.contains("The best 8 of"), "figure and caption");
        // no block, no plot
        assertFalse(SweepReport.build("rs", null, randomTrials(12, 3), RepeatStatistics.summarize(randomTrials(12, 3)))
                .containsKey(RobustnessChart.FILE));
        // the per-level statistics over the repeats
        ConfigSummary best = summary.stream()
                .filter(s -> Integer.valueOf(1).equals(s.rank()))
                .findFirst()
                .orElseThrow();
        assertEquals(levels, best.robustness().levels());
        assertEquals(
                best.testAccuracy().mean(), best.robustness().accuracy().get(0).mean(), 1e-12);
        assertEquals(0.1, best.robustness().accuracy().get(4).mean(), 1e-12);
    }
}
