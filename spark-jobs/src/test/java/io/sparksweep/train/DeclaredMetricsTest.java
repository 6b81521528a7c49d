package io.sparksweep.train;

import io.sparksweep.api.DataShape;
import io.sparksweep.api.SweepModel;
import io.sparksweep.api.TrialContext;
import io.sparksweep.data.DatasetLoader;
import io.sparksweep.data.Examples;
import io.sparksweep.data.ImageDataset;
import io.sparksweep.data.TinyIdx;
import io.sparksweep.space.Divergence;
import io.sparksweep.trial.Metrics;
import io.sparksweep.trial.TrialOutcome;
import io.sparksweep.trial.TrialStatus;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A user network's declared metrics, measured after its last epoch on both data paths and both kinds of network. */
class DeclaredMetricsTest {

    @TempDir
    static Path tmp;

    static TrainingData data;
    static DataShape shape;

    @BeforeAll
    static void data() throws IOException {
        ImageDataset images = DatasetLoader.load(
                TinyIdx.write(tmp.resolve("tiny"), 400, 100, true).toUri().toString(), null);
        data = TrainingData.of(images, false, 0.2, 7); // 320 train / 80 validation / 100 test
        shape = new DataShape(data.features(), data.rows(), data.cols(), data.numClasses());
    }

    private static TrialOutcome whole(SweepModel model, TrainingData d, DataShape s, Map<String, ?> values) {
        TrialContext trial = TestModels.trial(model, values, 42, 2, s);
        return UserModelTraining.run(model, UserSegment.whole(trial), d, Divergence.DEFAULT);
    }

    private static final Set<String> CLASSIFICATION_COLUMNS = Set.of(
            "val_acc", "val_error_rate", "val_top2_accuracy", "test_acc", "test_error_rate", "test_top2_accuracy");

    @ParameterizedTest
    @ValueSource(strings = {"mln", "graph"})
    void onTheSweepsDataTheyAreMeasuredOnValidationAndTestOfTheFinalNetwork(String kind) {
        SweepModel model = kind.equals("graph") ? new MetricModels.Residual() : new MetricModels.Dense();
        TrialOutcome o = whole(model, data, shape, Map.of());
        assertEquals(TrialStatus.OK, o.status(), o.errorMessage());
        assertEquals(CLASSIFICATION_COLUMNS, o.declaredMetrics().keySet());
        // accuracy recomputed from the arrays is the stored accuracy of the last epoch: same network, same rows
        assertEquals(o.testAccuracy(), o.declaredMetric("test_acc"));
        assertEquals(o.metric(Metrics.VALIDATION_ACCURACY), o.declaredMetric("val_acc"));
        assertEquals(1 - o.testAccuracy(), o.declaredMetric("test_error_rate"), 1e-12);
        double top2 = o.declaredMetric("test_top2_accuracy");
        assertTrue(top2 >= o.testAccuracy() && top2 <= 1, "top-2 " + top2 + " vs top-1 " + o.testAccuracy());
    }

    @ParameterizedTest
    @ValueSource(strings = {"mln", "graph"})
    void onItsOwnIteratorsToo(String network) {
        TrialOutcome o = whole(new MetricModels.OwnData(), null, null, Map.of("network", network));
        assertEquals(TrialStatus.OK, o.status(), o.errorMessage());
        assertEquals(CLASSIFICATION_COLUMNS, o.declaredMetrics().keySet());
        assertEquals(o.testAccuracy(), o.declaredMetric("test_acc"), 1e-12);
        assertEquals(o.metric(Metrics.VALIDATION_ACCURACY), o.declaredMetric("val_acc"), 1e-12);

        TrialOutcome noValidation =
                whole(new MetricModels.OwnData(), null, null, Map.of("network", network, "validation", false));
        assertEquals(
                Set.of("test_acc", "test_error_rate", "test_top2_accuracy"),
                noValidation.declaredMetrics().keySet());
    }

    @Test
    void aRegressionOnItsOwnIteratorsSeesItsLabels() {
        TrialOutcome o = whole(new MetricModels.OwnDataRegression(), null, null, Map.of("regression", true));
        assertEquals(TrialStatus.OK, o.status(), o.errorMessage());
        assertEquals(o.metric(Metrics.TEST_RMSE), o.declaredMetric("test_root_mse"), 1e-5);
        assertEquals(o.metric(Metrics.VALIDATION_RMSE), o.declaredMetric("val_root_mse"), 1e-5);
    }

    @Test
    void aRegressionOnTheSweepsDataSeesLabelsAndPredictionsInTheLabelsUnits() {
        // y = 100 + 10 * x0: trained on (y - mean) / std, measured in y's units as test_rmse is
        SplittableRandom rng = new SplittableRandom(3);
        int n = 300, f = 4;
        float[] x = new float[n * f];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < f; j++) {
                x[i * f + j] = (float) rng.nextDouble(-1, 1);
            }
            y[i] = 100 + 10 * x[i * f];
        }
        int[] rows = Examples.all(n);
        Examples train = new Examples(x, null, y, java.util.Arrays.copyOfRange(rows, 0, 200));
        Examples validation = new Examples(x, null, y, java.util.Arrays.copyOfRange(rows, 200, 240));
        Examples test = new Examples(x, null, y, java.util.Arrays.copyOfRange(rows, 240, 300));
        TrainingData table = new TrainingData(1, f, 0, train, validation, test, 100, 5.8);
        TrialOutcome o =
                whole(new MetricModels.RegressionDense(), table, new DataShape(f, 1, f, 0), Map.of("regression", true));
        assertEquals(TrialStatus.OK, o.status(), o.errorMessage());
        assertEquals(o.metric(Metrics.TEST_RMSE), o.declaredMetric("test_root_mse"), 1e-4);
        assertEquals(o.metric(Metrics.VALIDATION_RMSE), o.declaredMetric("val_root_mse"), 1e-4);
        double testMean = java.util.stream.IntStream.range(240, 300)
                .mapToDouble(i -> y[i])
                .average()
                .orElseThrow();
        assertEquals(testMean, o.declaredMetric("test_mean_label"), 1e-4);
    }

    @Test
    void aMetricThatThrowsFailsTheTrialWithOneLineNamingItAndKeepsTheCurves() {
        TrialOutcome o = whole(new MetricModels.Throwing(), data, shape, Map.of());
        assertEquals(TrialStatus.FAILED, o.status());
        assertEquals(
                "metric boom on the validation part threw IllegalStateException: no labels today", o.errorMessage());
        assertEquals(2, o.testAccuracyCurve().size(), "the curves of the epochs it trained");
        assertNull(o.testAccuracy());
        assertTrue(o.declaredMetrics().isEmpty());
    }

    @Test
    void aMetricThatIsNotFiniteFailsTheTrial() {
        TrialOutcome o = whole(new MetricModels.NotFinite(), data, shape, Map.of());
        assertEquals(TrialStatus.FAILED, o.status());
        assertEquals("metric blowup on the test part is Infinity", o.errorMessage());
    }

    @Test
    void theyAreMeasuredOnceAfterTheLastEpochNotAfterASegmentBeforeIt() {
        SweepModel model = new MetricModels.Dense();
        TrialContext trial = TestModels.trial(model, Map.of(), 42, 2, shape);
        String checkpoint = tmp.resolve("e1.zip").toUri().toString();
        TrialOutcome first =
                UserModelTraining.run(model, new UserSegment(trial, 0, 1, null, checkpoint), data, Divergence.DEFAULT);
        assertEquals(TrialStatus.OK, first.status(), first.errorMessage());
        assertTrue(first.declaredMetrics().isEmpty(), first.declaredMetrics().toString());
        TrialOutcome rest =
                UserModelTraining.run(model, new UserSegment(trial, 1, 2, checkpoint, null), data, Divergence.DEFAULT);
        TrialOutcome inOneGo = whole(model, data, shape, Map.of());
        assertEquals(inOneGo.declaredMetrics(), rest.declaredMetrics());
        assertTrue(inOneGo.sameMetrics(rest));
        assertFalse(rest.declaredMetrics().isEmpty());
    }
}
