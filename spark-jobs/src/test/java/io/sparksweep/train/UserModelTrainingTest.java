package io.sparksweep.train;

import io.sparksweep.api.DataShape;
import io.sparksweep.api.SweepModel;
import io.sparksweep.api.TrialContext;
import io.sparksweep.data.DatasetLoader;
import io.sparksweep.data.ImageDataset;
import io.sparksweep.data.TinyIdx;
import io.sparksweep.space.Divergence;
import io.sparksweep.trial.Metrics;
import io.sparksweep.trial.TrialOutcome;
import io.sparksweep.trial.TrialStatus;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A user's MultiLayerNetwork or ComputationGraph trained on the sweep's dataset through DL4J's fit. */
class UserModelTrainingTest {

    @TempDir
    static Path tmp;

    static TrainingData data;
    static DataShape shape;

    @BeforeAll
    static void data() throws IOException {
        ImageDataset images = DatasetLoader.load(
                TinyIdx.write(tmp.resolve("tiny"), 400, 100, true).toUri().toString(), null);
        data = TrainingData.of(images, false, 0.2, 7);
        shape = new DataShape(data.features(), data.rows(), data.cols(), data.numClasses());
    }

    static SweepModel model(String kind) {
        return switch (kind) {
            case "graph" -> new TestModels.Residual();
            case "conv" -> new TestModels.ConvResidual();
            default -> new TestModels.Dense();
        };
    }

    private static TrialOutcome whole(SweepModel model, Map<String, ?> values, int epochs) {
        TrialContext trial = TestModels.trial(model, values, 42, epochs, shape);
        return run(model, UserSegment.whole(trial));
    }

    /**
     * A segment on the sweep's data; the convolutional model's with DL4J's oneDNN helpers switched on
     * (they are created when the network initializes, inside the run).
     */
    private static TrialOutcome run(SweepModel model, UserSegment segment) {
        if (!(model instanceof TestModels.ConvResidual)) {
            return UserModelTraining.run(model, segment, data, Divergence.DEFAULT);
        }
        String before = System.getProperty(LayerHelpers.PROPERTY);
        System.setProperty(LayerHelpers.PROPERTY, "false");
        try {
            return UserModelTraining.run(model, segment, data, Divergence.DEFAULT);
        } finally {
            if (before == null) {
                System.clearProperty(LayerHelpers.PROPERTY);
            } else {
                System.setProperty(LayerHelpers.PROPERTY, before);
            }
        }
    }

    private static String trainer(String kind) {
        return kind.equals("conv") ? "dl4j-fit+onednn" : "dl4j-fit";
    }

    private static String path(String name) {
        return tmp.resolve(name).toUri().toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"mln", "graph", "conv"})
    void learnsTheTinyProblemWithOneCurvePointPerEpoch(String kind) {
        TrialOutcome o = whole(model(kind), Map.of(), 3);
        assertEquals(TrialStatus.OK, o.status(), o.errorMessage());
        assertTrue(o.testAccuracy() > 0.9, "accuracy " + o.testAccuracy() + " (chance is 0.25)");
        assertEquals(trainer(kind), o.trainer());
        for (var curve : new java.util.List<?>[] {
            o.trainLoss(),
            o.trainAccuracy(),
            o.testAccuracyCurve(),
            o.testLossCurve(),
            o.epochSeconds(),
            o.curve(Metrics.VALIDATION_ACCURACY),
            o.curve(Metrics.VALIDATION_LOSS)
        }) {
            assertEquals(3, curve.size(), o.toString());
        }
        assertEquals(o.testAccuracyCurve().get(2), o.testAccuracy());
        assertEquals(o.testAccuracyCurve().stream().mapToDouble(d -> d).max().orElseThrow(), o.bestTestAccuracy());
        int units = 16;
        long dense = 64L * units + units + (long) units * 4 + 4;
        long conv = (9 + 1) * 4 + (9 * 4 + 1) * 4 + (4 * 4 * 4) * 4 + 4;
        assertEquals(
                switch (kind) {
                    case "graph" -> dense + units * units + units;
                    case "conv" -> conv;
                    default -> dense;
                },
                o.nParams());
    }

    @ParameterizedTest
    @ValueSource(strings = {"mln", "graph", "conv"})
    void onePlusOnePlusTwoEpochsThroughCheckpointsEqualFourInOneGo(String kind) throws IOException {
        SweepModel model = model(kind);
        TrialContext trial = TestModels.trial(model, Map.of("learning_rate", 0.01), 42, 4, shape);
        TrialOutcome whole = run(model, new UserSegment(trial, 0, 4, null, path(kind + "-whole.zip")));
        assertEquals(trainer(kind), whole.trainer());
        assertEquals(TrialStatus.OK, whole.status(), whole.errorMessage());
        TrialOutcome a = run(model, new UserSegment(trial, 0, 1, null, path(kind + "-e1.zip")));
        assertEquals(TrialStatus.OK, a.status(), a.errorMessage());
        assertEquals(1, a.epochSeconds().size());
        TrialOutcome b = run(model, new UserSegment(trial, 1, 2, path(kind + "-e1.zip"), path(kind + "-e2.zip")));
        assertEquals(TrialStatus.OK, b.status(), b.errorMessage());
        TrialOutcome c = run(model, new UserSegment(trial, 2, 4, path(kind + "-e2.zip"), path(kind + "-parts.zip")));
        assertEquals(trainer(kind), c.trainer());
        assertEquals(TrialStatus.OK, c.status(), c.errorMessage());
        assertTrue(whole.sameMetrics(c), "through checkpoints:\n" + c + "\nin one go:\n" + whole);
        assertEquals(whole.testAccuracy(), c.testAccuracy());
        assertEquals(whole.curve(Metrics.VALIDATION_LOSS), c.curve(Metrics.VALIDATION_LOSS));
        assertEquals(4, c.epochSeconds().size());

        Stored one = Stored.of(tmp.resolve(kind + "-whole.zip").toFile(), kind);
        Stored parts = Stored.of(tmp.resolve(kind + "-parts.zip").toFile(), kind);
        assertEquals(one.params, parts.params, "the same parameters, exactly");
        assertEquals(4, one.epochs, "the network counts its epochs");
        assertEquals(4, parts.epochs, "the count travels through checkpoints");
        assertEquals(one.iterations, parts.iterations);
        assertEquals(4 * 10, parts.iterations, "320 training examples in batches of 32, 4 times");
        assertEquals(1, Stored.of(tmp.resolve(kind + "-e1.zip").toFile(), kind).epochs);
    }

    /** A stored network's parameters and counts. */
    private record Stored(INDArray params, int epochs, int iterations) {
        static Stored of(File zip, String kind) throws IOException {
            if (!kind.equals("mln")) {
                ComputationGraph g = ModelSerializer.restoreComputationGraph(zip, false);
                return new Stored(
                        g.params(),
                        g.getConfiguration().getEpochCount(),
                        g.getConfiguration().getIterationCount());
            }
            MultiLayerNetwork m = ModelSerializer.restoreMultiLayerNetwork(zip, false);
            return new Stored(
                    m.params(),
                    m.getLayerWiseConfigurations().getEpochCount(),
                    m.getLayerWiseConfigurations().getIterationCount());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mln", "conv"})
    void aNetworkWithoutASeedOfItsOwnIsSeededByTheTrial(String kind) throws InterruptedException {
        SweepModel model = model(kind);
        Map<String, Object> unseeded = Map.of("seeded", false);
        TrialOutcome a = whole(model, unseeded, 2);
        Thread.sleep(5); // DL4J's default seed is the clock's milliseconds
        TrialOutcome b = whole(model, unseeded, 2);
        assertEquals(TrialStatus.OK, a.status(), a.errorMessage());
        assertTrue(a.sameMetrics(b), "the same trial seed, the same numbers:\n" + a + "\n" + b);
        TrialOutcome other = run(model, UserSegment.whole(TestModels.trial(model, unseeded, 43, 2, shape)));
        assertTrue(!a.trainLoss().equals(other.trainLoss()), "another seed, other weights");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mln", "graph"})
    void anEpochScheduleSeesTheEpochCountAlsoThroughCheckpoints(String kind) {
        SweepModel model = model(kind);
        TrialContext trial =
                TestModels.trial(model, Map.of("learn_one_epoch", true, "learning_rate", 0.5), 42, 3, shape);
        TrialOutcome whole = run(model, UserSegment.whole(trial));
        assertEquals(TrialStatus.OK, whole.status(), whole.errorMessage());
        assertTrue(whole.testAccuracy() > 0.9, "it learns in its one epoch: " + whole);
        List<Double> loss = whole.testLossCurve();
        assertEquals(loss.get(0), loss.get(1), "the learning rate is 0 from the second epoch on");
        assertEquals(loss.get(0), loss.get(2));
        TrialOutcome first = run(model, new UserSegment(trial, 0, 1, null, path(kind + "-sched.zip")));
        assertEquals(TrialStatus.OK, first.status(), first.errorMessage());
        TrialOutcome rest = run(model, new UserSegment(trial, 1, 3, path(kind + "-sched.zip"), null));
        assertTrue(whole.sameMetrics(rest), "through a checkpoint:\n" + rest + "\nin one go:\n" + whole);
    }

    @Test
    void aDoublePrecisionNetworkTrainsOnTheFloatBatches() {
        TrialOutcome o = whole(model("mln"), Map.of("double_precision", true), 3);
        assertEquals(TrialStatus.OK, o.status(), o.errorMessage());
        assertTrue(o.testAccuracy() > 0.9, "accuracy " + o.testAccuracy());
    }

    @ParameterizedTest
    @ValueSource(strings = {"mln", "graph"})
    void aHugeLearningRateDiverges(String kind) {
        TrialOutcome o = whole(model(kind), Map.of("learning_rate", 1e3, "optimizer", "sgd"), 3);
        assertEquals(TrialStatus.DIVERGED, o.status(), o.toString());
        assertTrue(o.errorMessage().contains("in epoch 1"), o.errorMessage());
        assertEquals("dl4j-fit", o.trainer());
        assertTrue(o.nParams() > 0);
    }

    /** A table of 6 features whose target is linear in them, in units far from standardized ones. */
    private static TrainingData regressionTable() {
        java.util.Random r = new java.util.Random(3);
        int n = 500, f = 6;
        float[] x = new float[n * f];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < f; j++) {
                x[i * f + j] = (float) r.nextGaussian();
            }
            y[i] = 100 + 20 * x[i * f] - 10 * x[i * f + 1] + r.nextGaussian();
        }
        int[] train = java.util.stream.IntStream.range(0, 400).toArray();
        int[] test = java.util.stream.IntStream.range(400, n).toArray();
        double mean =
                java.util.Arrays.stream(train).mapToDouble(i -> y[i]).average().orElseThrow();
        double std = Math.sqrt(java.util.Arrays.stream(train)
                .mapToDouble(i -> (y[i] - mean) * (y[i] - mean))
                .average()
                .orElseThrow());
        return new TrainingData(
                1,
                f,
                0,
                new io.sparksweep.data.Examples(x, null, y, train),
                null,
                new io.sparksweep.data.Examples(x, null, y, test),
                mean,
                std);
    }

    @Test
    void aRegressionOnTheSweepsTableHasItsErrorsInTheLabelsUnits() {
        TrainingData table = regressionTable();
        SweepModel model = model("mln");
        TrialContext trial = TestModels.trial(
                model, Map.of("regression", true), 42, 5, new DataShape(table.features(), 1, table.features(), 0));
        TrialOutcome o = UserModelTraining.run(model, UserSegment.whole(trial), table, Divergence.DEFAULT);
        assertEquals(TrialStatus.OK, o.status(), o.errorMessage());
        assertEquals(null, o.testAccuracy());
        assertEquals(5, o.testLossCurve().size());
        assertTrue(o.metric(Metrics.TEST_R2) > 0.8, o.toString());
        double rmse = o.metric(Metrics.TEST_RMSE);
        assertEquals(o.testLoss(), rmse * rmse, 1e-9 * o.testLoss(), "test_loss is the MSE");
        assertTrue(rmse > 1 && rmse < 12, "in the label's units (its spread is about 22): " + rmse);
        assertEquals(5, o.curve(Metrics.TEST_MAE).size());

        TrialOutcome wide = UserModelTraining.run(
                model,
                UserSegment.whole(TestModels.trial(
                        model,
                        Map.of("regression", true, "extra_outputs", 1),
                        42,
                        5,
                        new DataShape(table.features(), 1, table.features(), 0))),
                table,
                Divergence.DEFAULT);
        assertEquals(TrialStatus.FAILED, wide.status());
        assertEquals(
                "IllegalArgumentException: the network's output is 2 wide; the dataset needs 1 (one regression target)",
                wide.errorMessage());
    }

    @Test
    void aBuildThatThrowsIsAFailedTrialWithTheFirstLineOfItsMessage() {
        TrialOutcome o = whole(model("mln"), Map.of("fail", true), 2);
        assertEquals(TrialStatus.FAILED, o.status());
        assertEquals("IllegalStateException: no network today", o.errorMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"mln", "graph"})
    void anOutputOfTheWrongWidthIsAFailedTrialSayingSo(String kind) {
        TrialOutcome o = whole(model(kind), Map.of("extra_outputs", 1), 2);
        assertEquals(TrialStatus.FAILED, o.status());
        assertEquals(
                "IllegalArgumentException: the network's output is 5 wide; the dataset needs 4 (a softmax over its"
                        + " classes)",
                o.errorMessage());
    }

    @Test
    void somethingThatIsNotANetworkIsAFailedTrial() {
        SweepModel nothing = new TestModels.Dense() {
            @Override
            public org.deeplearning4j.nn.api.NeuralNetwork build(TrialContext trial) {
                return null;
            }
        };
        TrialOutcome o = whole(nothing, Map.of(), 2);
        assertEquals(TrialStatus.FAILED, o.status());
        assertEquals(
                "IllegalArgumentException: the network is null, not a MultiLayerNetwork or ComputationGraph",
                o.errorMessage());
    }

    @Test
    void aModelWithoutDataOfItsOwnNeedsTheSweeps() {
        SweepModel model = model("mln");
        TrialContext trial = TestModels.trial(model, Map.of(), 42, 2, null);
        TrialOutcome o = UserModelTraining.run(model, UserSegment.whole(trial), null, Divergence.DEFAULT);
        assertEquals(TrialStatus.FAILED, o.status());
        assertTrue(o.errorMessage().contains("supplies no data"), o.errorMessage());
    }
}
