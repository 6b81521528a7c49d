package io.sparksweep.train;

import io.sparksweep.TinyIdx;
import io.sparksweep.data.DatasetLoader;
import io.sparksweep.data.ImageDataset;
import io.sparksweep.plan.Plan;
import io.sparksweep.plan.TrialPlanner;
import io.sparksweep.space.SweepFileLoader;
import io.sparksweep.trial.TrialOutcome;
import io.sparksweep.trial.TrialSpec;
import io.sparksweep.trial.TrialStatus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrialRunnerTest {

    @TempDir
    static Path tmp;
    static ImageDataset data;

    @BeforeAll
    static void data() throws IOException {
        data = DatasetLoader.load(TinyIdx.write(tmp.resolve("tiny"), 400, 100, true).toUri().toString(), null);
    }

    private static Plan plan(String search) {
        return TrialPlanner.plan(SweepFileLoader.parse("""
                name: t
                dataset: mnist
                repeats: 2
                fixed: {epochs: 3, batch_size: 32, width: 16}
                search:
                """ + search, "t.yaml"));
    }

    @Test
    void learnsTheTinyProblemAndRecordsOneCurvePointPerEpoch() {
        TrialOutcome o = TrialRunner.run(plan("  learning_rate: {values: [0.5]}\n").trials().get(0), data);
        assertEquals(TrialStatus.OK, o.status(), o.errorMessage());
        assertTrue(o.testAccuracy() > 0.9, "accuracy " + o.testAccuracy());
        assertEquals(3, o.epochSeconds().size());
        assertEquals(3, o.trainLoss().size());
        assertEquals(3, o.testAccuracyCurve().size());
        assertEquals(o.testAccuracyCurve().get(2), o.testAccuracy());
        assertEquals(o.testAccuracyCurve().stream().mapToDouble(d -> d).max().orElseThrow(), o.bestTestAccuracy());
        assertEquals(64 * 16 + 16 + 16 * 4 + 4, o.nParams());
        double epochs = o.epochSeconds().stream().mapToDouble(d -> d).sum();
        assertEquals(epochs, o.trainSeconds(), 1e-9, "train_seconds is the sum of the epochs' training time");
        assertEquals("fast-dense", o.trainer());
    }

    @Test
    void theTrainerColumnNamesThePathThatTrained() {
        TrialOutcome cnn = TrialRunner.run(TrialPlanner.plan(SweepFileLoader.parse("""
                name: t
                dataset: mnist
                fixed: {model: cnn, conv_layers: c4 p2, hidden_layers: [8], epochs: 2, batch_size: 32, learning_rate: 0.1}
                """, "t.yaml")).trials().get(0), data);
        assertEquals(TrialStatus.OK, cnn.status(), cnn.errorMessage());
        assertEquals("fast-conv", cnn.trainer());
        assertTrue(cnn.testAccuracy() > 0.5, "the CNN learns the tiny problem: " + cnn.testAccuracy());
        TrialOutcome adam = TrialRunner.run(TrialPlanner.plan(SweepFileLoader.parse("""
                name: t
                dataset: mnist
                fixed: {model: cnn, conv_layers: c4 p2, hidden_layers: [8], epochs: 1, batch_size: 32, optimizer: adam, learning_rate: 0.01}
                """, "t.yaml")).trials().get(0), data);
        assertEquals("dl4j-fit", adam.trainer(), "no fast path for Adam CNNs: DL4J's fit");
    }

    @Test
    void theSameSpecGivesTheSameNumbersAndAnotherRepeatDoesNot() {
        TrialSpec r0 = plan("  learning_rate: {values: [0.1]}\n  input_noise: {values: [0.3]}\n").trials().stream()
                .filter(t -> t.repeat() == 0).findFirst().orElseThrow();
        TrialSpec r1 = plan("  learning_rate: {values: [0.1]}\n  input_noise: {values: [0.3]}\n").trials().stream()
                .filter(t -> t.repeat() == 1).findFirst().orElseThrow();
        TrialOutcome a = TrialRunner.run(r0, data);
        TrialOutcome b = TrialRunner.run(r0, data);
        assertEquals(a.trainLoss(), b.trainLoss());
        assertEquals(a.testAccuracyCurve(), b.testAccuracyCurve());
        assertEquals(a.testLoss(), b.testLoss());
        assertNotEquals(a.trainLoss(), TrialRunner.run(r1, data).trainLoss());
    }

    @Test
    void aHugeLearningRateDivergesAndStopsEarly() {
        TrialOutcome o = TrialRunner.run(plan("  learning_rate: {values: [1.0e30]}\n").trials().get(0), data);
        assertEquals(TrialStatus.DIVERGED, o.status());
        assertTrue(o.errorMessage().startsWith("loss became"), o.errorMessage());
        assertTrue(o.errorMessage().contains(" in epoch 1, step "), o.errorMessage());
        assertNull(o.testAccuracy());
        // it stops in the first of its 3 epochs: one (partial) epoch timed, no epoch evaluated
        assertEquals(1, o.epochSeconds().size());
        assertEquals(0, o.testAccuracyCurve().size());
        assertEquals(0, o.trainLoss().size());
    }

    @Test
    void divergenceIsANonFiniteLossOrALossFarAboveTheUntrainedOne() {
        assertNull(TrialRunner.divergence(2.3, 2.3));
        assertNull(TrialRunner.divergence(11.4, 2.3), "4.96x: still training");
        assertEquals("loss exploded to 11.6 (5.0x the untrained network's 2.30)", TrialRunner.divergence(11.6, 2.3));
        assertEquals("loss became NaN", TrialRunner.divergence(Double.NaN, 2.3));
        assertEquals("loss became Infinity", TrialRunner.divergence(Double.POSITIVE_INFINITY, 2.3));
    }

    @Test
    void anErrorInsideTrainingIsAFailedOutcomeNotAnException() {
        ImageDataset broken = new ImageDataset("x", 8, 8, 4, new byte[10], new byte[400], data.testImages(),
                data.testLabels(), "x");
        TrialOutcome o = TrialRunner.run(plan("  learning_rate: {values: [0.1]}\n").trials().get(0), broken);
        assertEquals(TrialStatus.FAILED, o.status());
        assertTrue(o.errorMessage().startsWith("IndexOutOfBoundsException"), o.errorMessage());
    }
}
