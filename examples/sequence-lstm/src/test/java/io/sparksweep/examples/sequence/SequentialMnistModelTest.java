package io.sparksweep.examples.sequence;

import io.sparksweep.api.Hyperparameters;
import io.sparksweep.api.Param;
import io.sparksweep.api.TrialContext;
import io.sparksweep.api.TrialData;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SequentialMnistModelTest {

    @TempDir
    Path dir;

    private static TrialContext trial(SequentialMnistModel model, Map<String, ?> values, long seed, int batch) {
        return new TrialContext(new Hyperparameters(model.parameters(), values), seed, "t-r0", 0, 8, batch, null);
    }

    @Test
    void declaredParametersAndTheirDefaultsValidate() {
        SequentialMnistModel model = new SequentialMnistModel();
        Hyperparameters defaults = new Hyperparameters(model.parameters(), Map.of());
        assertEquals(64, defaults.integer("hidden_units"));
        assertEquals(1.0, defaults.real("clip_threshold"));
        assertEquals(10_000, defaults.integer("train_images"));
        for (Param p : model.parameters()) {
            assertNull(p.problemWith(p.defaultValue()), p.name());
        }
        assertThrows(
                IllegalArgumentException.class,
                () -> new Hyperparameters(model.parameters(), Map.of("hidden_units", 2.5)));
        assertThrows(
                IllegalArgumentException.class,
                () -> new Hyperparameters(model.parameters(), Map.of("clip_threshold", 0.0)));
    }

    @Test
    void theNetworkReadsTwentyEightStepsAndClipsGradients() {
        SequentialMnistModel model = new SequentialMnistModel();
        MultiLayerNetwork net = assertInstanceOf(
                MultiLayerNetwork.class,
                model.build(trial(model, Map.of("hidden_units", 8, "clip_threshold", 0.5), 1, 4)));
        net.init();
        assertEquals(0.5, net.getLayerWiseConfigurations().getConf(0).getLayer().getGradientNormalizationThreshold());
        assertEquals(10, net.output(Nd4j.zeros(3, 28, 28)).size(1));
    }

    @Test
    void aTimeStepIsOnePixelRow() throws IOException {
        byte[] images = new byte[2 * 784];
        images[784 + 3 * 28 + 5] = (byte) 255; // image 1, row 3, column 5
        byte[] labels = {4, 7};
        DataSet ds = SequenceIterator.inOrder(images, labels, 0, 2, 2).next();
        assertEquals(
                List.of(2L, 28L, 28L),
                List.of(
                        ds.getFeatures().shape()[0],
                        ds.getFeatures().shape()[1],
                        ds.getFeatures().shape()[2]));
        assertEquals(1.0, ds.getFeatures().getDouble(1, 5, 3), 1e-6); // [example, value (column), step (row)]
        assertEquals(1.0, ds.getFeatures().sumNumber().doubleValue(), 1e-6);
        assertEquals(1.0, ds.getLabels().getDouble(0, 4));
        assertEquals(1.0, ds.getLabels().getDouble(1, 7));
    }

    @Test
    void theTrainingOrderDependsOnlyOnTheSeedAndTheResets() throws IOException {
        SequentialMnistModel model = new SequentialMnistModel(TinyMnist.write(dir, 240, 30));
        Map<String, Integer> values = Map.of("train_images", 100);
        TrialData a = model.data(trial(model, values, 11, 32));
        TrialData b = model.data(trial(model, values, 11, 32));
        TrialData other = model.data(trial(model, values, 12, 32));
        List<List<Integer>> passesA = passes(a.train(), 3);
        assertEquals(passesA, passes(b.train(), 3));
        assertNotEquals(passesA, passes(other.train(), 3));
        assertNotEquals(passesA.get(0), passesA.get(1), "a new order every epoch");
        for (List<Integer> pass : passesA) {
            assertEquals(100, pass.size()); // each image once; batches 32, 32, 32, 4
        }
        // validation: the last twelfth of the training file (20 of 240); test: the whole test file
        assertEquals(20, passes(a.validation(), 1).get(0).size());
        assertEquals(30, passes(a.test(), 1).get(0).size());
        assertEquals(passes(a.test(), 1), passes(a.test(), 1), "evaluation iterators keep file order");
    }

    /** Each pass's labels, with its features' sums to tell images apart. */
    private static List<List<Integer>> passes(DataSetIterator it, int n) {
        List<List<Integer>> passes = new ArrayList<>();
        for (int p = 0; p < n; p++) {
            it.reset();
            List<Integer> seen = new ArrayList<>();
            while (it.hasNext()) {
                DataSet ds = it.next();
                for (int i = 0; i < ds.numExamples(); i++) {
                    seen.add((int) (ds.getFeatures().slice(i).sumNumber().doubleValue() * 255) * 10
                            + ds.getLabels().getRow(i).argMax().getInt(0));
                }
            }
            passes.add(seen);
        }
        return passes;
    }

    @Test
    void learnsTinySeparableSequences() throws IOException {
        SequentialMnistModel model = new SequentialMnistModel(TinyMnist.write(dir, 240, 60));
        TrialContext trial = trial(
                model,
                Map.of("hidden_units", 16, "learning_rate", 0.02, "clip_threshold", 1.0, "train_images", 220),
                3,
                32);
        TrialData data = model.data(trial);
        MultiLayerNetwork net = (MultiLayerNetwork) model.build(trial);
        net.init();
        for (int epoch = 0; epoch < 6; epoch++) {
            data.train().reset();
            net.fit(data.train());
        }
        double accuracy = net.evaluate(data.test()).accuracy();
        assertTrue(accuracy > 0.8, "test accuracy " + accuracy + " on three separable patterns (chance 0.33)");
    }

    @Test
    void saysWhereItLookedWhenMnistIsMissing() {
        SequentialMnistModel model = new SequentialMnistModel(dir);
        try {
            MnistFiles.locate(dir);
        } catch (IllegalStateException expected) {
            IllegalStateException e =
                    assertThrows(IllegalStateException.class, () -> model.data(trial(model, Map.of(), 1, 32)));
            assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("SPARKSWEEP_DATA_DIR"), e.getMessage());
            return;
        }
        // this machine has MNIST in a usual place (the cache or $SPARKSWEEP_DATA_DIR): nothing to refuse
    }
}
