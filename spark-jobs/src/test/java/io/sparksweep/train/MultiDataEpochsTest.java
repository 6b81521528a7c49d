package io.sparksweep.train;

import io.sparksweep.api.SweepModel;
import io.sparksweep.api.TrialContext;
import io.sparksweep.space.Divergence;
import io.sparksweep.trial.Metrics;
import io.sparksweep.trial.TrialOutcome;
import io.sparksweep.trial.TrialStatus;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A user's ComputationGraph of two inputs trained on its own MultiDataSetIterators ({@code TrialData.ofMulti}). */
class MultiDataEpochsTest {

    @TempDir
    static Path tmp;

    private static final SweepModel MODEL = new MultiInputModel();

    private static TrialContext trial(Map<String, ?> values, int epochs) {
        return TestModels.trial(MODEL, values, 42, epochs, null);
    }

    /** One output, and two: accuracy (and the declared metric) on the first, the loss over both. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void aGraphOfTwoInputsLearnsFromBothHalves(int outputs) {
        TrialOutcome o = UserModelTraining.run(
                MODEL, UserSegment.whole(trial(Map.of("outputs", outputs), 4)), null, Divergence.DEFAULT);
        assertEquals(TrialStatus.OK, o.status(), o.errorMessage());
        // one half alone tells at most 0.5 of the classes; chance is 0.25
        assertTrue(o.testAccuracy() > 0.85, "accuracy " + o.testAccuracy());
        assertTrue(o.metric(Metrics.VALIDATION_ACCURACY) > 0.85, o.toString());
        assertEquals(o.testAccuracy(), o.declaredMetric("test_first_output_accuracy"), 1e-12);
        assertEquals(o.metric(Metrics.VALIDATION_ACCURACY), o.declaredMetric("val_first_output_accuracy"), 1e-12);
        assertEquals("dl4j-fit", o.trainer());
        for (List<Double> curve : List.of(
                o.trainLoss(),
                o.testAccuracyCurve(),
                o.testLossCurve(),
                o.curve(Metrics.VALIDATION_ACCURACY),
                o.curve(Metrics.VALIDATION_LOSS))) {
            assertEquals(4, curve.size(), o.toString());
        }
    }

    @Test
    void theTestLossIsTheWholeGraphsScoreOverBothOutputs() throws IOException {
        TrialContext t = trial(Map.of("outputs", 2), 2);
        TrialOutcome o = UserModelTraining.run(
                MODEL, new UserSegment(t, 0, 2, null, path("loss.zip")), null, Divergence.DEFAULT);
        assertEquals(TrialStatus.OK, o.status(), o.errorMessage());
        ComputationGraph g =
                ModelSerializer.restoreComputationGraph(tmp.resolve("loss.zip").toFile(), false);
        MultiDataSetIterator test = ((MultiInputModel) MODEL).data(t).multiTest(); // 100 examples: 3 x 32 and 4
        double weighted = 0;
        while (test.hasNext()) {
            MultiDataSet b = test.next();
            long n = b.getFeatures(0).size(0);
            weighted += g.score(b, false) * n / 100.0;
        }
        assertEquals(weighted, o.testLoss(), 1e-6);
    }

    @Test
    void onePlusOnePlusTwoEpochsThroughCheckpointsEqualFourInOneGo() throws IOException {
        // two outputs and a seeded reshuffling iterator: the updater state of both heads and the resets are carried
        TrialContext t = trial(Map.of("outputs", 2, "iterator", "shuffling"), 4);
        TrialOutcome whole = UserModelTraining.run(
                MODEL, new UserSegment(t, 0, 4, null, path("whole.zip")), null, Divergence.DEFAULT);
        assertEquals(TrialStatus.OK, whole.status(), whole.errorMessage());
        TrialOutcome a =
                UserModelTraining.run(MODEL, new UserSegment(t, 0, 1, null, path("e1.zip")), null, Divergence.DEFAULT);
        assertEquals(TrialStatus.OK, a.status(), a.errorMessage());
        TrialOutcome b = UserModelTraining.run(
                MODEL, new UserSegment(t, 1, 2, path("e1.zip"), path("e2.zip")), null, Divergence.DEFAULT);
        assertEquals(TrialStatus.OK, b.status(), b.errorMessage());
        TrialOutcome c = UserModelTraining.run(
                MODEL, new UserSegment(t, 2, 4, path("e2.zip"), path("parts.zip")), null, Divergence.DEFAULT);
        assertEquals(TrialStatus.OK, c.status(), c.errorMessage());
        assertTrue(whole.sameMetrics(c), "through checkpoints:\n" + c + "\nin one go:\n" + whole);
        assertEquals(4, c.epochSeconds().size());
        ComputationGraph g1 =
                ModelSerializer.restoreComputationGraph(tmp.resolve("whole.zip").toFile(), false);
        ComputationGraph g2 =
                ModelSerializer.restoreComputationGraph(tmp.resolve("parts.zip").toFile(), false);
        assertEquals(4, g2.getConfiguration().getEpochCount());
        assertEquals(g1.params(), g2.params(), "bit-identical parameters");
    }

    @Test
    void aMultiLayerNetworkWithMultiDataSetIteratorsIsAFailedTrialSayingSo() {
        TrialOutcome o = UserModelTraining.run(
                MODEL, UserSegment.whole(trial(Map.of("network", "mln"), 2)), null, Divergence.DEFAULT);
        assertEquals(TrialStatus.FAILED, o.status());
        assertEquals(
                "IllegalArgumentException: a MultiLayerNetwork cannot train on MultiDataSetIterators "
                        + "(TrialData.ofMulti): build a ComputationGraph, or give DataSetIterators",
                o.errorMessage());
    }

    @Test
    void eachKindOfDataFitsItsNetworks() {
        Net graph = Net.anyShape(MODEL.build(trial(Map.of(), 1)));
        Net mln = Net.anyShape(MODEL.build(trial(Map.of("network", "mln"), 1)));
        OwnData.requireFits(true, graph);
        OwnData.requireFits(false, mln);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> OwnData.requireFits(true, mln))
                .getMessage()
                .startsWith("a MultiLayerNetwork cannot train on MultiDataSetIterators"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> OwnData.requireFits(false, graph))
                .getMessage()
                .startsWith("the ComputationGraph has 2 inputs and 1 outputs; the sweep's dataset and"
                        + " DataSetIterators feed exactly one input and one output"));
    }

    private static String path(String name) {
        return tmp.resolve(name).toUri().toString();
    }
}
