package io.sparksweep.console;

import io.sparksweep.space.Hyperparameter;
import io.sparksweep.stats.ConfigSummary;
import io.sparksweep.stats.EarlyStoppedTrials;
import io.sparksweep.stats.RepeatStatistics;
import io.sparksweep.trial.Metrics;
import io.sparksweep.trial.TrialResult;
import io.sparksweep.trial.TrialStatus;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The console's ranked table under early stopping: stopped configurations read as stopped, not as failures. */
class SummaryPrinterTest {

    private static final String ACC = Metrics.TEST_ACCURACY;

    @Test
    void stoppedConfigurationsShowTheirRungAndValueThereAfterTheFinishedOnes() {
        List<TrialResult> trials = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            trials.add(
                    EarlyStoppedTrials.trial("a", EarlyStoppedTrials.config(0.1), r, TrialStatus.OK, ACC, 0.9, 0.97));
            trials.add(EarlyStoppedTrials.trial(
                    "b", EarlyStoppedTrials.config(0.2), r, TrialStatus.STOPPED, ACC, 0.93 + 0.01 * r));
            trials.add(
                    EarlyStoppedTrials.trial("c", EarlyStoppedTrials.config(0.3), r, TrialStatus.STOPPED, ACC, 0.80));
        }
        trials.add(EarlyStoppedTrials.trial("d", EarlyStoppedTrials.config(0.4), 0, TrialStatus.STOPPED, ACC, 0.99));
        trials.add(EarlyStoppedTrials.trial("d", EarlyStoppedTrials.config(0.4), 1, TrialStatus.DIVERGED, ACC));
        List<ConfigSummary> summary = RepeatStatistics.summarize(trials);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SummaryPrinter.print(
                summary, List.of(Hyperparameter.LEARNING_RATE), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();

        assertTrue(lines.get(2).startsWith("1     2/2 "), lines.get(2));
        assertTrue(
                lines.get(3)
                        .matches(
                                "-\\s+stopped at epoch 1\\s+0\\.9350 ± 0\\.0071\\s+n=2: too few\\s+learning_rate=0\\.2"),
                lines.get(3));
        assertTrue(lines.get(4).contains("stopped at epoch 1") && lines.get(4).contains("0.8000 ± 0 "), lines.get(4));
        assertTrue(
                lines.get(5).contains("stopped at epoch 1 !1 diverged")
                        && lines.get(5).contains("0.99"),
                "a diverged repeat still stands out: " + lines.get(5));
        assertFalse(String.join("\n", lines).contains("0/2"), "no 0/2 for a stopped configuration");
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("Stopped early: unranked, after them, by the rung")));
    }

    @Test
    void aPartlyFinishedConfigurationKeepsItsCounts() {
        List<TrialResult> trials = List.of(
                EarlyStoppedTrials.trial("a", EarlyStoppedTrials.config(0.1), 0, TrialStatus.OK, ACC, 0.9),
                EarlyStoppedTrials.trial("a", EarlyStoppedTrials.config(0.1), 1, TrialStatus.FAILED, ACC));
        assertEquals(
                "1/2 !1 failed",
                SummaryPrinter.status(RepeatStatistics.summarize(trials).get(0)));
    }
}
