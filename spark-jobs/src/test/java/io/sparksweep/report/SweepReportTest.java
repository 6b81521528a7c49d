package io.sparksweep.report;

import io.sparksweep.plan.Plan;
import io.sparksweep.plan.TrialPlanner;
import io.sparksweep.space.SweepFileLoader;
import io.sparksweep.stats.ConfigSummary;
import io.sparksweep.stats.RepeatStatistics;
import io.sparksweep.trial.Provenance;
import io.sparksweep.trial.TrialOutcome;
import io.sparksweep.trial.TrialResult;
import io.sparksweep.trial.TrialSpec;
import io.sparksweep.trial.TrialStatus;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
            double lr = t.config().real(io.sparksweep.space.Hyperparameter.LEARNING_RATE);
            double acc = 0.85 + 0.04 * Math.log10(lr * 1000) + 0.002 * t.repeat();
            boolean diverged = lr == 0.1 && t.repeat() == 2 && "tanh".equals(t.config().choice(io.sparksweep.space.Hyperparameter.ACTIVATION));
            List<Double> curve = List.of(acc - 0.03, acc - 0.02, acc - 0.01, acc);
            TrialOutcome o = diverged
                    ? new TrialOutcome(TrialStatus.DIVERGED, "loss became NaN", null, null, null, List.of(), List.of(),
                    List.of(), List.of(), List.of(1.0), 1.0, 0.1, 10L, "fast-dense")
                    : new TrialOutcome(TrialStatus.OK, null, acc, 0.3, acc, curve, curve, curve, curve,
                    List.of(1.0, 1.0, 1.0, 1.0), 4.0, 0.5, 10L, "fast-dense");
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
        assertEquals(2 + SweepReport.CURVES + 1, files.size(), files.keySet().toString());
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
        assertTrue(html.contains("learning_rate=0.1 activation=relu") || html.contains("activation=relu learning_rate=0.1"), html);
        assertTrue(html.contains("p vs best"), html);
        // the diverged repeat is counted, not averaged in
        assertTrue(html.matches("(?s).*<td>2/3</td><td>1</td><td>0</td>.*"), html);
    }

    @Test
    void learningRatePlotsOnALogAxis() {
        List<TrialResult> trials = trials();
        List<ConfigSummary> summary = RepeatStatistics.summarize(trials);
        var chart = (org.knowm.xchart.XYChart) SweepReport.effectChart(io.sparksweep.space.Hyperparameter.LEARNING_RATE,
                SweepReport.searched(summary), summary);
        assertTrue(chart.getStyler().isXAxisLogarithmic());
        assertEquals(2, chart.getSeriesMap().size(), "one line per activation");
    }

    private static int distinctColours(BufferedImage image) {
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int x = 0; x < image.getWidth(); x += 3) {
            for (int y = 0; y < image.getHeight(); y += 3) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }
}
