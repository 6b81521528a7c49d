package io.sparksweep.train;

import io.sparksweep.TinyIdx;
import io.sparksweep.data.DatasetLoader;
import io.sparksweep.data.ImageDataset;
import io.sparksweep.plan.TrialPlanner;
import io.sparksweep.space.SweepFileLoader;
import io.sparksweep.trial.Config;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The in-place step trains exactly as MultiLayerNetwork.fit does, up to float rounding. */
class DenseSgdStepTest {

    @TempDir
    static Path tmp;
    static ImageDataset data;

    @BeforeAll
    static void data() throws IOException {
        data = DatasetLoader.load(TinyIdx.write(tmp.resolve("tiny"), 300, 50, true).toUri().toString(), null);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "{learning_rate: 0.3, width: 16}",
            "{learning_rate: 0.1, width: 12, hidden_layers: 2, activation: tanh, l2: 0.01}",
            "{learning_rate: 0.2, width: 10, hidden_layers: 3, activation: sigmoid}",
            "{learning_rate: 0.1, width: 10, activation: leaky_relu, l2: 0.001}",
            "{learning_rate: 0.5, hidden_layers: 0}",
            "{learning_rate: 0.1, width: 16, input_dropout: 0.3}"})
    void matchesDl4jFitStepByStep(String fixed) {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        Config c = TrialPlanner.plan(SweepFileLoader.parse("name: x\ndataset: mnist\nfixed: " + fixed + "\n", "x"))
                .configs().get(0);
        MultiLayerNetwork reference = NetworkFactory.build(c, 7, 8, 8, 4);
        MultiLayerNetwork fast = NetworkFactory.build(c, 7, 8, 8, 4);
        assertEquals(reference.params(), fast.params(), "same seed, same initial weights");
        assertTrue(DenseSgdStep.supports(fast));

        int[] order = new int[data.trainSize()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        TrialRunner.shuffle(order, new SplittableRandom(3));
        try (TrialRunner.Batch batch = new TrialRunner.Batch(32, 64, 4); DenseSgdStep step = new DenseSgdStep(fast)) {
            for (int s = 0; s < 9; s++) {
                batch.fill(ScaledPixels.of(data.trainImages(), true), data.trainLabels(), order, s * 32);
                // the same random stream on both sides, so input dropout draws the same mask
                Nd4j.getRandom().setSeed(100 + s);
                reference.fit(batch.features, batch.labels);
                Nd4j.getRandom().setSeed(100 + s);
                double score = step.fit(batch.features, batch.labels);
                assertEquals(reference.score(), score, 1e-4 * Math.max(1, Math.abs(score)), "score of step " + s);
            }
        }
        double maxDiff = reference.params().sub(fast.params()).amaxNumber().doubleValue();
        assertTrue(maxDiff < 1e-4, "parameters after 9 steps differ by " + maxDiff);
    }

    @Test
    void gaussianInputNoiseHasTheConfiguredSpreadAndFollowsTheTrialSeed() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        Config c = TrialPlanner.plan(SweepFileLoader.parse(
                "name: x\ndataset: mnist\nfixed: {learning_rate: 0.1, width: 8, input_noise: 0.5}\n", "x")).configs().get(0);
        float[][] noise = new float[2][];
        for (int run = 0; run < 2; run++) {
            Nd4j.getRandom().setSeed(99); // as TrialRunner does with the trial seed
            MultiLayerNetwork net = NetworkFactory.build(c, 7, 8, 8, 4);
            try (TrialRunner.Batch batch = new TrialRunner.Batch(200, 64, 4); DenseSgdStep step = new DenseSgdStep(net)) {
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
        org.junit.jupiter.api.Assertions.assertArrayEquals(noise[0], noise[1], "same trial seed, same noise");
    }
}
