package io.sparksweep.console;

import io.sparksweep.plan.TrialPlanner;
import io.sparksweep.space.Hyperparameter;
import io.sparksweep.sweepfile.SweepFileLoader;
import io.sparksweep.trial.Provenance;
import io.sparksweep.trial.TrialOutcome;
import io.sparksweep.trial.TrialResult;
import io.sparksweep.trial.TrialSpec;
import io.sparksweep.trial.TrialStatus;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The progress line of a trial early stopping ended says where, not "null". */
class ProgressTest {

    @Test
    void aStoppedTrialSaysAfterWhichEpochAndHowItStood() {
        TrialSpec spec = TrialPlanner.plan(SweepFileLoader.parse(
                        "name: s\ndataset: mnist\nrepeats: 2\nsearch:\n  learning_rate: {values: [0.1]}\n", "s.yaml"))
                .trials()
                .get(0);
        TrialOutcome twoEpochs = new TrialOutcome(
                TrialStatus.OK,
                null,
                0.81,
                0.6,
                0.81,
                List.of(0.9, 0.7),
                List.of(0.7, 0.8),
                List.of(0.75, 0.8123),
                List.of(0.8, 0.6),
                List.of(1.0, 1.0),
                2.0,
                0.1,
                10L,
                "fast-dense",
                Map.of());
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        new Progress(new PrintStream(buf, true, StandardCharsets.UTF_8), List.of(Hyperparameter.LEARNING_RATE), 2, 0)
                .finished(new TrialResult(
                        spec,
                        twoEpochs.stopped(),
                        "h",
                        "0",
                        0,
                        0L,
                        500L,
                        new Provenance("v", "17", "3.5", "m2", "b", "x", "y")));
        String line = buf.toString(StandardCharsets.UTF_8);
        assertTrue(line.contains("STOPPED  learning_rate=0.1 r0  stopped after epoch 2  test acc 0.8123"), line);
        assertFalse(line.contains("null"), line);

        // an OK trial says which part its figures are from: the test part, without a validation one
        assertTrue(Progress.metrics(twoEpochs).startsWith("test acc 0.8100  loss 0.6000"), Progress.metrics(twoEpochs));
    }
}
