package io.sparksweep.train;

import io.sparksweep.data.DatasetLoader;
import io.sparksweep.data.ImageDataset;
import io.sparksweep.data.TinyIdx;
import io.sparksweep.plan.TrialPlanner;
import io.sparksweep.sweepfile.SweepFileLoader;
import io.sparksweep.trial.Config;
import io.sparksweep.util.Shuffle;

import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Nesterovs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The convolutional step trains exactly as MultiLayerNetwork.fit does, up to float rounding. */
class ConvNetStepTest {

    @TempDir
    static Path tmp;

    static ImageDataset data;

    @BeforeAll
    static void data() throws IOException {
        data = DatasetLoader.load(
                TinyIdx.write(tmp.resolve("tiny"), 300, 50, true).toUri().toString(), null);
    }

    private static Config config(String fixed) {
        return TrialPlanner.plan(SweepFileLoader.parse("name: x\ndataset: mnist\nfixed: " + fixed + "\n", "x"))
                .configs()
                .get(0);
    }

    // 8x8 images, 4 classes: the seeds' layouts at a size the tiny data allows
    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "{model: cnn, conv_layers: c4 p2, hidden_layers: [8], learning_rate: 0.1}", // seed 001's shape
                "{model: cnn, conv_layers: c3 c5 p2 d0.5, hidden_layers: [10], learning_rate: 0.1}", // seed 004's:
                // conv, conv,
                // pool, dropout
                "{model: cnn, conv_layers: c4 p2, hidden_layers: [6, 5], l2: 0.01, learning_rate: 0.2}", // seed 000's:
                // two dense,
                // L2
                "{model: cnn, conv_layers: d0.2 c4 d0.1 c3 p2, hidden_layers: [7], activation: tanh, learning_rate: 0.1}", // d tokens, tanh
                "{model: cnn, conv_layers: c4 c4 p2, hidden_layers: 0, input_dropout: 0.25, dropout: 0.3, learning_rate: 0.1}",
                // a dense layout after the convolutions: per-layer activations and dropouts; salt-and-pepper input
                // noise
                "{model: cnn, conv_layers: c4 p2, hidden_layers: \"d0.2 8:tanh 6:sigmoid d0.1\", learning_rate: 0.1}",
                "{model: cnn, conv_layers: c4 p2, hidden_layers: [8], input_noise: 0.4, input_noise_type: salt_and_pepper, learning_rate: 0.1}",
                // other optimizers: Adam (the commonest CNN), classic momentum, a decaying rate, with L2 and dropout
                "{model: cnn, conv_layers: c4 p2 c3, hidden_layers: [8], optimizer: adam, learning_rate: 0.01}",
                "{model: cnn, conv_layers: c4 p2 d0.25 c3, hidden_layers: [6, 5], optimizer: adam, learning_rate: 0.01,"
                        + " l2: 0.01, dropout: 0.3}",
                "{model: cnn, conv_layers: c4 c3 p2, hidden_layers: [8], momentum: 0.9, learning_rate: 0.05, l2: 0.001}",
                "{model: cnn, conv_layers: c4 p2, hidden_layers: [8], momentum: 0.9, learning_rate: 0.1, decay: 0.05}",
                "{model: cnn, conv_layers: c4 p2, hidden_layers: [8], learning_rate: 0.2, decay: 0.1, l2: 0.01}"
            })
    void matchesDl4jFitStepByStep(String fixed) {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        Config c = config(fixed);
        MultiLayerNetwork reference = NetworkFactory.build(c, 7, 8, 8, 4);
        MultiLayerNetwork fast = NetworkFactory.build(c, 7, 8, 8, 4);
        assertEquals(reference.params(), fast.params(), "same seed, same initial weights");
        assertTrue(ConvNetStep.supports(fast));
        assertFalse(DenseNetStep.supports(fast));

        int[] order = new int[data.trainSize()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Shuffle.ints(order, new SplittableRandom(3));
        float[] pixels = ScaledPixels.of(data.trainImages(), true);
        try (Batch batch = new Batch(32, 64, 4);
                Batch last = new Batch(12, 64, 4);
                ConvNetStep step = new ConvNetStep(fast)) {
            for (int s = 0; s < 10; s++) {
                Batch b = s == 9 ? last : batch; // a last, smaller batch rebuilds the ops
                b.fill(pixels, data.trainLabels(), order, s * 32);
                // the same random stream on both sides, so every dropout draws the same mask
                Nd4j.getRandom().setSeed(100 + s);
                reference.fit(b.features, b.labels);
                Nd4j.getRandom().setSeed(100 + s);
                double score = step.fit(b.features, b.labels);
                assertEquals(reference.score(), score, 1e-4 * Math.max(1, Math.abs(score)), "score of step " + s);
            }
            // evaluation: the same outputs as DL4J's inference (no dropout, no noise), after training too
            float[] expected = reference.output(batch.features, false).data().asFloat();
            float[] actual = step.probabilities(batch.features, batch.labels);
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], actual[i], 1e-4, "probability " + i);
            }
        }
        double maxDiff = reference.params().sub(fast.params()).amaxNumber().doubleValue();
        assertTrue(maxDiff < 1e-4, "parameters after 10 steps differ by " + maxDiff);
        double moved = reference
                .params()
                .sub(NetworkFactory.build(c, 7, 8, 8, 4).params())
                .amaxNumber()
                .doubleValue();
        assertTrue(moved > 1e-3, "training moved the parameters by " + moved + ": the comparison is not vacuous");
    }

    @Test
    void networksItCannotTrainExactlyFallBackToFit() {
        MultiLayerNetwork nesterov =
                NetworkFactory.build(config("{model: cnn, conv_layers: c4 p2, optimizer: adam}"), 7, 8, 8, 4);
        for (var layer : nesterov.getLayers()) {
            if (layer.conf().getLayer() instanceof BaseLayer base) {
                base.setIUpdater(new Nesterovs(0.1, 0.9)); // an updater ParameterUpdate does not have
            }
        }
        assertFalse(ConvNetStep.supports(nesterov));
        assertFalse(
                ConvNetStep.supports(NetworkFactory.build(config("{width: 8}"), 7, 8, 8, 4)),
                "dense networks are DenseNetStep's");
    }
}
