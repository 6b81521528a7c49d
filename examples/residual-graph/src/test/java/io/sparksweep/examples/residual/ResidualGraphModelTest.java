package io.sparksweep.examples.residual;

import io.sparksweep.api.DataShape;
import io.sparksweep.api.Hyperparameters;
import io.sparksweep.api.Param;
import io.sparksweep.api.TrialContext;

import org.deeplearning4j.datasets.iterator.ExistingDataSetIterator;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResidualGraphModelTest {

    private static final int FEATURES = 8;
    private static final int CLASSES = 3;

    private final ResidualGraphModel model = new ResidualGraphModel();

    private TrialContext trial(Map<String, ?> values, DataShape shape) {
        return new TrialContext(new Hyperparameters(model.parameters(), values), 42L, "test-r0", 0, 30, 32, shape);
    }

    /** Three Gaussian blobs in 8 dimensions, one per class, well apart: a separable problem. */
    private static DataSet blobs(int rows, long seed) {
        Random random = new Random(seed);
        float[][] x = new float[rows][FEATURES];
        float[][] y = new float[rows][CLASSES];
        for (int i = 0; i < rows; i++) {
            int c = i % CLASSES;
            for (int f = 0; f < FEATURES; f++) {
                double centre = (f % CLASSES == c) ? 2.0 : -1.0;
                x[i][f] = (float) (centre + 0.7 * random.nextGaussian());
            }
            y[i][c] = 1f;
        }
        return new DataSet(Nd4j.create(x), Nd4j.create(y));
    }

    @Test
    void declaredParametersAndTheirDefaultsValidate() {
        Hyperparameters defaults = new Hyperparameters(model.parameters(), Map.of());
        assertEquals(2, defaults.integer("blocks"));
        assertEquals(64, defaults.integer("width"));
        assertEquals(1e-3, defaults.real("learning_rate"));
        assertEquals(0.0, defaults.real("dropout"));
        for (Param p : model.parameters()) {
            assertEquals(null, p.problemWith(p.defaultValue()), p.name());
        }
        assertThrows(
                IllegalArgumentException.class, () -> new Hyperparameters(model.parameters(), Map.of("blocks", 9)));
        assertThrows(IllegalArgumentException.class, () -> new Hyperparameters(model.parameters(), Map.of("depth", 2)));
    }

    @Test
    void buildsOneResidualAddPerBlock() {
        for (int blocks = 1; blocks <= 3; blocks++) {
            NeuralNetwork built =
                    model.build(trial(Map.of("blocks", blocks), new DataShape(FEATURES, 1, FEATURES, CLASSES)));
            ComputationGraph graph = assertInstanceOf(ComputationGraph.class, built);
            long adds = graph.getConfiguration().getVertices().values().stream()
                    .filter(v -> v instanceof ElementWiseVertex)
                    .count();
            assertEquals(blocks, adds);
            graph.init();
            assertEquals(1, graph.getNumInputArrays());
            assertEquals(1, graph.getNumOutputArrays());
            assertEquals(CLASSES, graph.outputSingle(Nd4j.zeros(2, FEATURES)).size(1));
        }
    }

    @Test
    void aRegressionTableGetsOneLinearOutput() {
        ComputationGraph graph = (ComputationGraph) model.build(trial(Map.of(), new DataShape(5, 1, 5, 0)));
        graph.init();
        assertEquals(1, graph.outputSingle(Nd4j.zeros(3, 5)).size(1));
    }

    @Test
    void refusesASweepWithoutATable() {
        assertThrows(IllegalArgumentException.class, () -> model.build(trial(Map.of(), null)));
    }

    @Test
    void learnsSeparableBlobs() {
        DataSet train = blobs(300, 1);
        DataSet test = blobs(150, 2);
        ComputationGraph graph = (ComputationGraph) model.build(trial(
                Map.of("blocks", 2, "width", 16, "learning_rate", 0.01, "dropout", 0.1),
                new DataShape(FEATURES, 1, FEATURES, CLASSES)));
        graph.init();
        for (int epoch = 0; epoch < 10; epoch++) {
            train.shuffle(epoch);
            graph.fit(new ExistingDataSetIterator(train.batchBy(32)));
        }
        double accuracy =
                graph.evaluate(new ExistingDataSetIterator(test.batchBy(50))).accuracy();
        assertTrue(accuracy > 0.9, "accuracy " + accuracy + " on three separable blobs (chance 0.33)");
    }

    @Test
    void sameSeedSameInitialWeights() {
        DataShape shape = new DataShape(FEATURES, 1, FEATURES, CLASSES);
        ComputationGraph a = (ComputationGraph) model.build(trial(Map.of(), shape));
        ComputationGraph b = (ComputationGraph) model.build(trial(Map.of(), shape));
        a.init();
        b.init();
        assertEquals(a.params(), b.params());
    }
}
