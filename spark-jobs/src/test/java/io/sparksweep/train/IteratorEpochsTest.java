package io.sparksweep.train;

import io.sparksweep.api.SweepModel;
import io.sparksweep.api.TrialContext;
import io.sparksweep.space.Divergence;
import io.sparksweep.trial.Metrics;
import io.sparksweep.trial.TrialOutcome;
import io.sparksweep.trial.TrialStatus;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A user's network trained on its own iterators ({@code SuppliesData}). */
class IteratorEpochsTest {

    @TempDir
    static Path tmp;

    private static final SweepModel MODEL = new OwnDataModel();

    private static TrialContext trial(Map<String, ?> values, int epochs) {
        return TestModels.trial(MODEL, values, 42, epochs, null);
    }

    private static TrialOutcome whole(Map<String, ?> values, int epochs) {
        return UserModelTraining.run(MODEL, UserSegment.whole(trial(values, epochs)), null, Divergence.DEFAULT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mln", "graph"})
    void aClassifierLearnsFromAListIteratorWithTestAndValidationMetrics(String network) {
        TrialOutcome o = whole(Map.of("network", network), 3);
        assertEquals(TrialStatus.OK, o.status(), o.errorMessage());
        assertTrue(o.testAccuracy() > 0.9, "accuracy " + o.testAccuracy() + " (chance is 0.25)");
        assertEquals("dl4j-fit", o.trainer());
        assertEquals(List.of(), o.trainAccuracy(), "not measured on a user's iterators");
        for (List<Double> curve : List.of(
                o.trainLoss(),
                o.testAccuracyCurve(),
                o.testLossCurve(),
                o.epochSeconds(),
                o.curve(Metrics.VALIDATION_ACCURACY),
                o.curve(Metrics.VALIDATION_LOSS))) {
            assertEquals(3, curve.size(), o.toString());
        }
        assertTrue(o.metric(Metrics.VALIDATION_ACCURACY) > 0.9, o.toString());
        assertTrue(o.testLoss() < o.testLossCurve().get(0) || o.testLossCurve().get(0) < 0.1, o.toString());
        assertEquals(o.testAccuracyCurve().stream().mapToDouble(d -> d).max().orElseThrow(), o.bestTestAccuracy());
    }

    @Test
    void theTestLossIsTheScoreAveragedOverExamplesNotMinibatches() throws IOException {
        TrialContext t = trial(Map.of(), 2);
        TrialOutcome o = UserModelTraining.run(
                MODEL, new UserSegment(t, 0, 2, null, path("loss.zip")), null, Divergence.DEFAULT);
        assertEquals(TrialStatus.OK, o.status(), o.errorMessage());
        MultiLayerNetwork net =
                ModelSerializer.restoreMultiLayerNetwork(tmp.resolve("loss.zip").toFile(), false);
        DataSetIterator test = ((OwnDataModel) MODEL).data(t).test(); // 100 examples: 3 x 32 and 4
        double weighted = 0, perBatch = 0;
        int batches = 0;
        while (test.hasNext()) {
            DataSet b = test.next();
            double score = net.score(b, false);
            weighted += score * b.numExamples() / 100.0;
            perBatch += score;
            batches++;
        }
        assertEquals(4, batches);
        assertEquals(weighted, o.testLoss(), 1e-9);
        assertTrue(Math.abs(perBatch / batches - weighted) > 1e-6, "the two means differ here");
    }

    @Test
    void aRegressionReportsTheBuiltInRegressionMetrics() {
        TrialOutcome o = whole(Map.of("regression", true, "learning_rate", 0.03), 6);
        assertEquals(TrialStatus.OK, o.status(), o.errorMessage());
        assertNull(o.testAccuracy());
        assertEquals(List.of(), o.testAccuracyCurve());
        assertEquals(6, o.testLossCurve().size());
        double mse = o.testLoss(), rmse = o.metric(Metrics.TEST_RMSE);
        assertEquals(mse, rmse * rmse, 1e-6 * mse, "test_loss is the MSE");
        assertTrue(o.metric(Metrics.TEST_MAE) > 0 && o.metric(Metrics.TEST_MAE) <= rmse + 1e-9, o.toString());
        assertTrue(o.metric(Metrics.TEST_R2) > 0.8, o.toString());
        for (String m : List.of(
                Metrics.TEST_RMSE,
                Metrics.TEST_MAE,
                Metrics.TEST_R2,
                Metrics.VALIDATION_RMSE,
                Metrics.VALIDATION_MAE,
                Metrics.VALIDATION_R2)) {
            assertEquals(6, o.curve(m).size(), m);
        }
        assertEquals(List.of(), o.curve(Metrics.VALIDATION_ACCURACY));
    }

    @Test
    void withoutValidationOnlyTestMetrics() {
        TrialOutcome o = whole(Map.of("validation", false), 2);
        assertEquals(TrialStatus.OK, o.status(), o.errorMessage());
        assertEquals(Map.of(), o.metricCurves());
    }

    @Test
    void anIteratorThatCannotResetIsAFailedTrial() {
        TrialOutcome o = whole(Map.of("iterator", "no_reset"), 2);
        assertEquals(TrialStatus.FAILED, o.status());
        assertTrue(o.errorMessage().contains("training iterator"), o.errorMessage());
        assertTrue(o.errorMessage().contains("does not support reset()"), o.errorMessage());
    }

    @Test
    void aHugeLearningRateDiverges() {
        TrialOutcome o = whole(Map.of("learning_rate", 1e3, "optimizer", "sgd"), 3);
        assertEquals(TrialStatus.DIVERGED, o.status(), o.toString());
        assertTrue(o.errorMessage().contains("in epoch 1"), o.errorMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"mln", "graph"})
    void aSeededShufflingIteratorResumesExactlyThroughCheckpoints(String network) throws IOException {
        TrialContext t = trial(Map.of("network", network, "iterator", "shuffling"), 4);
        String tag = "own-" + network;
        TrialOutcome whole = UserModelTraining.run(
                MODEL, new UserSegment(t, 0, 4, null, path(tag + "-whole.zip")), null, Divergence.DEFAULT);
        assertEquals(TrialStatus.OK, whole.status(), whole.errorMessage());
        TrialOutcome a = UserModelTraining.run(
                MODEL, new UserSegment(t, 0, 1, null, path(tag + "-e1.zip")), null, Divergence.DEFAULT);
        assertEquals(TrialStatus.OK, a.status(), a.errorMessage());
        TrialOutcome b = UserModelTraining.run(
                MODEL,
                new UserSegment(t, 1, 2, path(tag + "-e1.zip"), path(tag + "-e2.zip")),
                null,
                Divergence.DEFAULT);
        assertEquals(TrialStatus.OK, b.status(), b.errorMessage());
        TrialOutcome c = UserModelTraining.run(
                MODEL,
                new UserSegment(t, 2, 4, path(tag + "-e2.zip"), path(tag + "-parts.zip")),
                null,
                Divergence.DEFAULT);
        assertEquals(TrialStatus.OK, c.status(), c.errorMessage());
        assertTrue(whole.sameMetrics(c), "through checkpoints:\n" + c + "\nin one go:\n" + whole);
        assertEquals(4, c.epochSeconds().size());
        assertEquals(params(tag + "-whole.zip", network), params(tag + "-parts.zip", network));
    }

    private static String path(String name) {
        return tmp.resolve(name).toUri().toString();
    }

    private static INDArray params(String name, String network) throws IOException {
        File zip = tmp.resolve(name).toFile();
        if (network.equals("graph")) {
            ComputationGraph g = ModelSerializer.restoreComputationGraph(zip, false);
            assertEquals(4, g.getConfiguration().getEpochCount());
            return g.params();
        }
        MultiLayerNetwork m = ModelSerializer.restoreMultiLayerNetwork(zip, false);
        assertEquals(4, m.getLayerWiseConfigurations().getEpochCount());
        return m.params();
    }
}
