package io.sparksweep.train;

import io.sparksweep.data.DatasetLoader;
import io.sparksweep.data.Examples;
import io.sparksweep.data.ImageDataset;
import io.sparksweep.data.TinyIdx;
import io.sparksweep.plan.TrialPlanner;
import io.sparksweep.sweepfile.SweepFileLoader;
import io.sparksweep.trial.Config;
import io.sparksweep.util.Shuffle;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The in-place step trains exactly as MultiLayerNetwork.fit does, up to float rounding. */
class DenseNetStepTest {

    @TempDir
    static Path tmp;

    static ImageDataset data;

    @BeforeAll
    static void data() throws IOException {
        data = DatasetLoader.load(
                TinyIdx.write(tmp.resolve("tiny"), 300, 50, true).toUri().toString(), null);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "{learning_rate: 0.3, width: 16}",
                "{learning_rate: 0.1, width: 12, hidden_layers: 2, activation: tanh, l2: 0.01}",
                "{learning_rate: 0.2, width: 10, hidden_layers: 3, activation: sigmoid}",
                "{learning_rate: 0.1, width: 10, activation: leaky_relu, l2: 0.001}",
                "{learning_rate: 0.5, hidden_layers: 0}",
                "{learning_rate: 0.1, width: 16, input_dropout: 0.3}",
                // a decaying rate: the GEMMs write the gradient, the update applies the step's rate
                "{learning_rate: 0.3, width: 16, decay: 0.2}",
                "{learning_rate: 0.2, width: 12, activation: tanh, decay: 0.2, l2: 0.01}",
                "{learning_rate: 0.05, width: 16, momentum: 0.9}",
                "{learning_rate: 0.05, width: 12, hidden_layers: 2, activation: tanh, momentum: 0.9, decay: 0.1, l2: 0.01}",
                "{optimizer: adam, learning_rate: 0.002, width: 16}",
                "{optimizer: adam, learning_rate: 0.002, width: 12, hidden_layers: 2, activation: tanh, decay: 0.1, l2: 0.01}",
                "{learning_rate: 0.1, width: 16, hidden_layers: 2, dropout: 0.3}",
                // seed 003-dropout-adam at small size: 5 ReLU layers, Adam, input dropout and dropout before the output
                "{optimizer: adam, learning_rate: 0.001, hidden_layers: 5x16, input_dropout: 0.2, dropout: 0.2}",
                // seed 003's big deep network at small size: dropouts between layer groups, a sigmoid last layer
                "{optimizer: adam, learning_rate: 0.002, hidden_layers: \"d0.2 16 d0.2 2x12 d0.1 2x10 d0.1 8:sigmoid\"}",
                // per-layer activations under SGD, and a trailing d<rate> before the output layer
                "{learning_rate: 0.2, activation: tanh, leaky_relu_alpha: 0.1, hidden_layers: \"12 10:relu 10:leaky_relu 8:sigmoid d0.3\"}",
                // salt-and-pepper input noise: drawn by its own DL4J input transform, in fit's order
                "{learning_rate: 0.1, width: 16, input_noise: 0.3, input_noise_type: salt_and_pepper}",
                "{optimizer: adam, learning_rate: 0.002, hidden_layers: \"12 d0.2 10:sigmoid\", input_noise: 0.6, input_noise_type: salt_and_pepper}",
                // input noise, then a dropout of the noisy input (Keras' GaussianNoise then Dropout), in one transform
                "{learning_rate: 0.1, width: 16, input_noise: 0.3, input_dropout: 0.2}",
                "{optimizer: adam, learning_rate: 0.002, hidden_layers: \"d0.2 12\", input_noise: 0.4, input_noise_type: salt_and_pepper}",
                // a trailing d<rate> and dropout: two dropouts of the output layer's input in a row
                "{learning_rate: 0.1, hidden_layers: \"12 d0.2\", dropout: 0.3}"
            })
    void matchesDl4jFitStepByStep(String fixed) {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        assertMatchesFit(NetworkFactory.configuration(config(fixed), 7, 8, 8, 4));
    }

    @Test
    void dropoutOnAHiddenDenseLayersInputMatchesFit() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        MultiLayerConfiguration conf = NetworkFactory.configuration(
                config("{optimizer: adam, learning_rate: 0.002, hidden_layers: 3x12, dropout: 0.2}"), 7, 8, 8, 4);
        conf.getConf(1).getLayer().setIDropout(new Dropout(0.6)); // the second hidden layer's input
        conf.getConf(2).getLayer().setIDropout(new Dropout(0.8));
        assertMatchesFit(conf);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                // seed 004's denoising autoencoder at small size: sigmoid output, binary cross-entropy
                // with weights 1/n and Keras' clipping, salt-and-pepper input
                "{model: autoencoder, hidden_layers: [16, 8, 16], input_noise_type: salt_and_pepper, input_noise: 0.4, optimizer: adam, learning_rate: 0.002}",
                "{model: autoencoder, hidden_layers: [12], activation: tanh, learning_rate: 0.5, momentum: 0.9, l2: 0.001}"
            })
    void anAutoencoderMatchesFitStepByStep(String fixed) {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        MultiLayerConfiguration conf = NetworkFactory.configuration(config(fixed), 7, 8, 8, 4, false);
        float[] pixels = ScaledPixels.of(data.trainImages(), true);
        assertMatchesFit(conf, 64, true, new Examples(pixels, null, null, null));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                // regression: identity output, mean squared error
                "{hidden_layers: [16, 16], optimizer: adam, learning_rate: 0.01}",
                "{width: 12, activation: tanh, learning_rate: 0.05, momentum: 0.9, decay: 0.1, l2: 0.01, dropout: 0.2}"
            })
    void aRegressionMatchesFitStepByStep(String fixed) {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        MultiLayerConfiguration conf = NetworkFactory.configuration(config(fixed), 7, 8, 8, 1, true);
        float[] pixels = ScaledPixels.of(data.trainImages(), true);
        double[] targets = new double[data.trainSize()];
        for (int i = 0; i < targets.length; i++) { // a smooth function of the pixels plus the class
            targets[i] = 3 * pixels[i * 64 + 20] - 2 * pixels[i * 64 + 43] + (data.trainLabels()[i] & 0xFF);
        }
        assertMatchesFit(conf, 1, false, new Examples(pixels, null, targets, null));
    }

    private static Config config(String fixed) {
        return TrialPlanner.plan(SweepFileLoader.parse("name: x\ndataset: mnist\nfixed: " + fixed + "\n", "x"))
                .configs()
                .get(0);
    }

    /** A classifier of the tiny images' four classes. */
    private static void assertMatchesFit(MultiLayerConfiguration conf) {
        float[] pixels = ScaledPixels.of(data.trainImages(), true);
        int[] classes = new int[data.trainSize()];
        for (int i = 0; i < classes.length; i++) {
            classes[i] = data.trainLabels()[i] & 0xFF;
        }
        assertMatchesFit(conf, 4, false, new Examples(pixels, classes, null, null));
    }

    /**
     * Nine full batches and the last partial one, scores and every parameter compared after each step;
     * then the outputs of an inference pass. {@code k} labels per example: classes, one regression
     * target (standardized as the trial runner does, here with mean 1 and deviation 2), or for
     * {@code reconstruct} the features again.
     */
    private static void assertMatchesFit(MultiLayerConfiguration conf, int k, boolean reconstruct, Examples examples) {
        MultiLayerNetwork reference = new MultiLayerNetwork(conf.clone()); // own IDropout objects (they hold masks)
        reference.init();
        MultiLayerNetwork fast = new MultiLayerNetwork(conf.clone());
        fast.init();
        assertEquals(reference.params(), fast.params(), "same seed, same initial weights");
        assertTrue(DenseNetStep.supports(fast));
        INDArray initial = fast.params().dup();

        int[] order = new int[data.trainSize()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Shuffle.ints(order, new SplittableRandom(3));
        try (Batch full = new Batch(32, 64, k, reconstruct);
                Batch last = new Batch(order.length - 9 * 32, 64, k, reconstruct);
                DenseNetStep step = new DenseNetStep(fast)) {
            for (int s = 0; s < 10; s++) {
                Batch batch = s < 9 ? full : last;
                batch.fill(examples, order, s * 32, 1, 2);
                // the same random stream on both sides, so dropout draws the same masks
                Nd4j.getRandom().setSeed(100 + s);
                reference.fit(batch.features, batch.labels);
                Nd4j.getRandom().setSeed(100 + s);
                double score = step.fit(batch.features, batch.labels);
                assertEquals(reference.score(), score, 1e-4 * Math.max(1, Math.abs(score)), "score of step " + s);
                double maxDiff =
                        reference.params().sub(fast.params()).amaxNumber().doubleValue();
                assertTrue(maxDiff < 1e-4, "parameters after step " + s + " differ by " + maxDiff);
            }
            // evaluation through the step's own forward ops: DL4J's inference outputs (no dropout, no noise)
            float[] expected = reference.output(full.features, false).data().asFloat();
            float[] actual = step.probabilities(full.features, full.labels);
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], actual[i], 1e-4, "probability " + i);
            }
        }
        assertTrue(fast.params().sub(initial).amaxNumber().doubleValue() > 1e-3, "the parameters moved");
    }

    @Test
    void gaussianInputNoiseHasTheConfiguredSpreadAndFollowsTheTrialSeed() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        Config c = TrialPlanner.plan(SweepFileLoader.parse(
                        "name: x\ndataset: mnist\nfixed: {learning_rate: 0.1, width: 8, input_noise: 0.5}\n", "x"))
                .configs()
                .get(0);
        float[][] noise = new float[2][];
        for (int run = 0; run < 2; run++) {
            Nd4j.getRandom().setSeed(99); // as TrialRunner does with the trial seed
            MultiLayerNetwork net = NetworkFactory.build(c, 7, 8, 8, 4);
            try (Batch batch = new Batch(200, 64, 4);
                    DenseNetStep step = new DenseNetStep(net)) {
                batch.fill(ScaledPixels.of(data.trainImages(), true), data.trainLabels(), null, 0);
                step.fit(batch.features, batch.labels);
                noise[run] = step.lastInput().sub(batch.features).data().asFloat();
            }
        }
        double mean = 0, sq = 0;
        for (float v : noise[0]) {
            mean += v;
            sq += v * v;
        }
        mean /= noise[0].length;
        double std = Math.sqrt(sq / noise[0].length - mean * mean);
        assertEquals(0, mean, 0.02, "noise mean over 12 800 draws");
        assertEquals(0.5, std, 0.02, "noise std over 12 800 draws");
        Assertions.assertArrayEquals(noise[0], noise[1], "same trial seed, same noise");
    }

    @Test
    void saltAndPepperInputNoiseReplacesItsLevelOfPixelsAndFollowsTheTrialSeed() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        Config c = config("{learning_rate: 0.1, width: 8, input_noise: 0.6, input_noise_type: salt_and_pepper}");
        float[][] input = new float[2][];
        float[] features = null;
        for (int run = 0; run < 2; run++) {
            Nd4j.getRandom().setSeed(99); // as TrialRunner does with the trial seed
            MultiLayerNetwork net = NetworkFactory.build(c, 7, 8, 8, 4);
            assertTrue(DenseNetStep.supports(net), "trained on the fast path");
            try (Batch batch = new Batch(200, 64, 4);
                    DenseNetStep step = new DenseNetStep(net)) {
                batch.fill(ScaledPixels.of(data.trainImages(), true), data.trainLabels(), null, 0);
                step.fit(batch.features, batch.labels);
                input[run] = step.lastInput().data().asFloat();
                features = batch.features.data().asFloat();
            }
        }
        int changed = 0;
        for (int i = 0; i < features.length; i++) {
            if (input[0][i] != features[i]) {
                changed++;
                assertTrue(input[0][i] == 0f || input[0][i] == 1f, "a replaced pixel is 0 or 1");
            }
        }
        // replaced pixels that already held their new value (0 or 1) do not show: at most 60 %, well above 30 %
        double share = changed / (double) features.length;
        assertTrue(share > 0.3 && share <= 0.62, "share of pixels changed: " + share);
        Assertions.assertArrayEquals(input[0], input[1], "same trial seed, same noise");
    }
}
