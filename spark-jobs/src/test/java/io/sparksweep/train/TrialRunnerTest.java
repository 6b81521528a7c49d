package io.sparksweep.train;

import io.sparksweep.data.DatasetLoader;
import io.sparksweep.data.Examples;
import io.sparksweep.data.ImageDataset;
import io.sparksweep.data.TinyIdx;
import io.sparksweep.plan.Plan;
import io.sparksweep.plan.TrialPlanner;
import io.sparksweep.space.Divergence;
import io.sparksweep.sweepfile.SweepFileLoader;
import io.sparksweep.trial.Metrics;
import io.sparksweep.trial.TrialOutcome;
import io.sparksweep.trial.TrialSegment;
import io.sparksweep.trial.TrialSpec;
import io.sparksweep.trial.TrialStatus;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.BernoulliDistribution;
import org.nd4j.linalg.factory.Nd4j;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
        data = DatasetLoader.load(
                TinyIdx.write(tmp.resolve("tiny"), 400, 100, true).toUri().toString(), null);
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
        TrialOutcome o = TrialRunner.run(
                plan("  learning_rate: {values: [0.5]}\n").trials().get(0), data);
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

    /** The optimizers beyond SGD and Adam: each learns the tiny problem, through DL4J's fit. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "nesterov, learning_rate: 0.1, momentum: 0.9",
                "rmsprop, learning_rate: 0.01",
                "adagrad, learning_rate: 0.1",
                "adamax, learning_rate: 0.01",
                "nadam, learning_rate: 0.002",
                "amsgrad, learning_rate: 0.01, decay: 0.01"
            })
    void theOtherOptimizersLearnThroughFit(String optimizer) {
        TrialOutcome o = TrialRunner.run(
                TrialPlanner.plan(SweepFileLoader.parse(
                                "name: o\ndataset: mnist\nfixed: {epochs: 3, batch_size: 32, width: 16, optimizer: "
                                        + optimizer + "}\n",
                                "o.yaml"))
                        .trials()
                        .get(0),
                data);
        assertEquals(TrialStatus.OK, o.status(), o.errorMessage());
        assertTrue(o.testAccuracy() > 0.8, optimizer + ": accuracy " + o.testAccuracy());
        assertTrue(o.trainer().startsWith("dl4j-fit"), o.trainer());
    }

    @Test
    void theTrainerColumnNamesThePathThatTrained() {
        TrialOutcome cnn = TrialRunner.run(
                TrialPlanner.plan(SweepFileLoader.parse("""
                name: t
                dataset: mnist
                fixed: {model: cnn, conv_layers: c4 p2, hidden_layers: [8], epochs: 2, batch_size: 32, learning_rate: 0.1}
                """, "t.yaml")).trials().get(0), data);
        assertEquals(TrialStatus.OK, cnn.status(), cnn.errorMessage());
        assertEquals("fast-conv", cnn.trainer());
        assertTrue(cnn.testAccuracy() > 0.5, "the CNN learns the tiny problem: " + cnn.testAccuracy());
        TrialOutcome adam = TrialRunner.run(
                TrialPlanner.plan(SweepFileLoader.parse("""
                name: t
                dataset: mnist
                fixed: {model: cnn, conv_layers: c4 p2, hidden_layers: [8], epochs: 1, batch_size: 32, optimizer: adam, learning_rate: 0.01}
                """, "t.yaml")).trials().get(0), data);
        assertEquals("fast-conv", adam.trainer(), "Adam CNNs train on the fast step too");
        TrialOutcome fit = TrialRunner.run(
                TrialPlanner.plan(SweepFileLoader.parse("""
                name: t
                dataset: mnist
                fixed: {model: cnn, conv_layers: c4 p2, hidden_layers: [8], epochs: 1, batch_size: 32, optimizer: adam, learning_rate: 0.01}
                """, "t.yaml")).trials().get(0), data, StepChoice.DL4J_FIT);
        assertEquals("dl4j-fit+onednn", fit.trainer(), "fit with DL4J's oneDNN layer helpers (on for the tests too)");
    }

    @Test
    void theBenchmarksFitChoiceTrainsWithFitWhereAFastStepWould() {
        TrialSpec spec = plan("  learning_rate: {values: [0.5]}\n").trials().get(0);
        TrialOutcome fit = TrialRunner.run(spec, data, StepChoice.DL4J_FIT);
        assertEquals(TrialStatus.OK, fit.status(), fit.errorMessage());
        assertEquals("dl4j-fit", fit.trainer());
        assertEquals(
                "fast-dense", TrialRunner.run(spec, data).trainer(), "the default: the fast step where it applies");
    }

    @Test
    void theSameSpecGivesTheSameNumbersAndAnotherRepeatDoesNot() {
        TrialSpec r0 = plan("  learning_rate: {values: [0.1]}\n  input_noise: {values: [0.3]}\n").trials().stream()
                .filter(t -> t.repeat() == 0)
                .findFirst()
                .orElseThrow();
        TrialSpec r1 = plan("  learning_rate: {values: [0.1]}\n  input_noise: {values: [0.3]}\n").trials().stream()
                .filter(t -> t.repeat() == 1)
                .findFirst()
                .orElseThrow();
        TrialOutcome a = TrialRunner.run(r0, data);
        TrialOutcome b = TrialRunner.run(r0, data);
        assertEquals(a.trainLoss(), b.trainLoss());
        assertEquals(a.testAccuracyCurve(), b.testAccuracyCurve());
        assertEquals(a.testLoss(), b.testLoss());
        assertNotEquals(a.trainLoss(), TrialRunner.run(r1, data).trainLoss());
    }

    @Test
    void aHugeLearningRateDivergesAndStopsEarly() {
        TrialOutcome o = TrialRunner.run(
                plan("  learning_rate: {values: [1.0e30]}\n").trials().get(0), data);
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
        Divergence five = Divergence.DEFAULT;
        assertNull(TrialRunner.whyDiverged(2.3, 2.3, five));
        assertNull(TrialRunner.whyDiverged(11.4, 2.3, five), "4.96x: still training");
        assertEquals(
                "loss 11.6 > 5x the untrained network's 2.30 (divergence: 5)",
                TrialRunner.whyDiverged(11.6, 2.3, five),
                "names the setting that decides it");
        assertEquals("loss became NaN", TrialRunner.whyDiverged(Double.NaN, 2.3, five));
        assertEquals("loss became Infinity", TrialRunner.whyDiverged(Double.POSITIVE_INFINITY, 2.3, five));
    }

    @Test
    void theSweepsFactorOrOffDecidesAFiniteLossButNaNAlwaysDiverges() {
        Divergence twice = new Divergence(2);
        assertEquals(
                "loss 4.70 > 2x the untrained network's 2.30 (divergence: 2)",
                TrialRunner.whyDiverged(4.7, 2.3, twice));
        assertNull(TrialRunner.whyDiverged(4.5, 2.3, twice));
        assertNull(TrialRunner.whyDiverged(1.0e6, 2.3, Divergence.OFF), "off: a finite loss trains on");
        assertEquals("loss became NaN", TrialRunner.whyDiverged(Double.NaN, 2.3, Divergence.OFF));
        assertEquals("loss became -Infinity", TrialRunner.whyDiverged(Double.NEGATIVE_INFINITY, 2.3, Divergence.OFF));
    }

    /**
     * Adam at learning rate 1 on the tiny problem: step 2's loss is over 5x the first, yet finite, and
     * the network recovers from it (docs/sweep-file.md#divergence says so). The default ends the trial
     * there; off trains it to the end.
     */
    @Test
    void offLetsAFiniteLossSpikeTrainOnButNaNStillEndsTheTrial() {
        TrainingData d = TrainingData.of(data, true, null, 0);
        TrialSegment spiking =
                TrialSegment.whole(plan("  optimizer: {values: [adam]}\n  learning_rate: {values: [1.0]}\n")
                        .trials()
                        .get(0));
        TrialOutcome five = TrialRunner.run(spiking, d, null, Divergence.DEFAULT);
        assertEquals(TrialStatus.DIVERGED, five.status());
        assertTrue(five.errorMessage().contains("(divergence: 5) in epoch 1, step 2"), five.errorMessage());
        TrialOutcome off = TrialRunner.run(spiking, d, null, Divergence.OFF);
        assertEquals(TrialStatus.OK, off.status(), off.errorMessage());
        assertEquals(3, off.trainLoss().size(), "all 3 epochs trained");
        assertTrue(off.testAccuracy() > 0.9, "it recovered: accuracy " + off.testAccuracy());
        TrialOutcome nan = TrialRunner.run(
                TrialSegment.whole(
                        plan("  learning_rate: {values: [1.0e30]}\n").trials().get(0)),
                d,
                null,
                Divergence.OFF);
        assertEquals(TrialStatus.DIVERGED, nan.status());
        assertTrue(nan.errorMessage().startsWith("loss became"), nan.errorMessage());
    }

    @Test
    void anErrorInsideTrainingIsAFailedOutcomeNotAnException() {
        ImageDataset broken =
                new ImageDataset("x", 8, 8, 4, new byte[10], new byte[400], data.testImages(), data.testLabels(), "x");
        TrialOutcome o = TrialRunner.run(
                plan("  learning_rate: {values: [0.1]}\n").trials().get(0), broken);
        assertEquals(TrialStatus.FAILED, o.status());
        assertTrue(o.errorMessage().startsWith("IndexOutOfBoundsException"), o.errorMessage());
    }

    private static TrialSpec autoencoder(String fixed) {
        return TrialPlanner.plan(SweepFileLoader.parse("""
                name: ae
                dataset: mnist
                seed: 4
                fixed: {model: autoencoder, hidden_layers: [16, 8, 16], input_noise_type: salt_and_pepper, optimizer: adam,
                        learning_rate: 0.01, batch_size: 32, %s}
                """.formatted(fixed), "ae.yaml"))
                .trials()
                .get(0);
    }

    @Test
    void anAutoencoderLearnsToReconstructAndRecordsItsReconstructionLosses() {
        TrialOutcome o = TrialRunner.run(autoencoder("input_noise: 0.3, epochs: 4"), data);
        assertEquals(TrialStatus.OK, o.status(), o.errorMessage());
        assertEquals("fast-dense", o.trainer());
        assertEquals(
                64 * 16 + 16 + 16 * 8 + 8 + 8 * 16 + 16 + 16 * 64 + 64,
                o.nParams(),
                "the output reconstructs the 64 pixels");
        assertNull(o.testAccuracy(), "an autoencoder has no accuracy");
        assertNull(o.bestTestAccuracy());
        assertTrue(o.testAccuracyCurve().isEmpty() && o.trainAccuracy().isEmpty());
        List<Double> clean = o.curve(Metrics.RECONSTRUCTION_LOSS), noisy = o.curve(Metrics.RECONSTRUCTION_LOSS_NOISY);
        assertEquals(4, clean.size());
        assertEquals(4, noisy.size());
        assertEquals(4, o.trainLoss().size());
        assertTrue(
                clean.get(3) < clean.get(0)
                        && noisy.get(3) < noisy.get(0)
                        && o.trainLoss().get(3) < o.trainLoss().get(0),
                "the losses decrease: clean " + clean + ", noisy " + noisy + ", train " + o.trainLoss());
        // the untrained network's binary cross-entropy is about ln 2 per pixel: Keras' mean over pixels, not DL4J's sum
        assertTrue(o.trainLoss().get(0) < 0.75, "train loss " + o.trainLoss());
        assertNotEquals(clean.get(3), noisy.get(3), "the noisy test images are not the clean ones");
        assertEquals(
                noisy.get(3),
                o.testLoss(),
                "test_loss is the training objective on the test part: from noisy to clean");
        assertEquals(clean.get(3), o.metric(Metrics.RECONSTRUCTION_LOSS));
        assertNull(o.metric(Metrics.VALIDATION_RECONSTRUCTION_LOSS), "no validation part");
        // reproducible, the fixed noisy test images included
        TrialOutcome again = TrialRunner.run(autoencoder("input_noise: 0.3, epochs: 4"), data);
        assertTrue(o.sameMetrics(again));

        TrialOutcome quiet = TrialRunner.run(autoencoder("input_noise: 0, epochs: 1"), data);
        assertEquals(
                quiet.curve(Metrics.RECONSTRUCTION_LOSS),
                quiet.curve(Metrics.RECONSTRUCTION_LOSS_NOISY),
                "no noise: one test set");
    }

    /**
     * With noise level 1 the network sees pure noise, so the best it can do is output the mean of its
     * targets. Clean targets: the mean clean pixel (about 0.33 on the tiny images). Were the targets the
     * noisy inputs (0 or 1 with equal chance), it would learn 0.5.
     */
    @Test
    void theAutoencodersTargetIsTheCleanInputNotTheNoisyOne(@TempDir Path dir) throws IOException {
        TrialSpec spec = autoencoder("input_noise: 1.0, epochs: 6");
        String saved = dir.resolve("ae.zip").toString();
        TrialOutcome o = TrialRunner.run(
                new TrialSegment(spec, 0, 6, null, saved),
                TrainingData.of(data, true, null, 0),
                null,
                Divergence.DEFAULT);
        assertEquals(TrialStatus.OK, o.status(), o.errorMessage());
        MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(new File(saved), false);
        TrainingData d = TrainingData.of(data, true, null, 0);
        double cleanMean = 0;
        for (float v : d.train().x()) {
            cleanMean += v;
        }
        cleanMean /= d.train().x().length;
        Nd4j.getRandom().setSeed(11);
        INDArray noise =
                Nd4j.getExecutioner().exec(new BernoulliDistribution(Nd4j.create(DataType.FLOAT, 200, 64), 0.5));
        double outMean = net.output(noise, false).meanNumber().doubleValue();
        assertTrue(cleanMean < 0.4, "the tiny images are mostly dark: " + cleanMean);
        assertEquals(cleanMean, outMean, 0.05, "the reconstruction of pure noise is the mean clean image, not 0.5");
        net.close();
    }

    @Test
    void theNoisyTestImagesAreDrawnOnceAtAFixedSeed() {
        TrainingData d = TrainingData.of(data, true, null, 0);
        Examples a = NoisyTestSet.of(autoencoder("input_noise: 0.6, epochs: 1").config(), d);
        Nd4j.getRandom().setSeed(99); // whatever the generator did before
        Examples b = NoisyTestSet.of(autoencoder("input_noise: 0.6, epochs: 2").config(), d);
        assertArrayEquals(a.x(), b.x(), "the same noisy images for every trial with that noise");
        int replaced = 0, n = d.test().size() * 64;
        for (int i = 0; i < d.test().size(); i++) {
            for (int j = 0; j < 64; j++) {
                float clean = d.test().x()[d.test().rows()[i] * 64 + j], noisy = a.x()[i * 64 + j];
                if (noisy != clean) {
                    replaced++;
                    assertTrue(noisy == 0f || noisy == 1f);
                }
            }
        }
        assertEquals(0.6, (double) replaced / n, 0.03, "salt-and-pepper level 0.6 replaces 60 % of the pixels");
        assertTrue(
                NoisyTestSet.of(autoencoder("input_noise: 0, epochs: 1").config(), d) == d.test(),
                "no noise: the test part itself");
    }
}
