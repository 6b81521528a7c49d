package io.sparksweep.train;

import io.sparksweep.data.DatasetLoader;
import io.sparksweep.data.ImageDataset;
import io.sparksweep.data.TinyIdx;
import io.sparksweep.plan.TrialPlanner;
import io.sparksweep.space.Divergence;
import io.sparksweep.sweepfile.SweepFileLoader;
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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A trial continued through checkpoints gives exactly the numbers of the same trial in one go. */
class CheckpointTest {

    @TempDir
    static Path tmp;

    static TrainingData data;

    @BeforeAll
    static void data() throws IOException {
        ImageDataset images = DatasetLoader.load(
                TinyIdx.write(tmp.resolve("tiny"), 400, 100, true).toUri().toString(), null);
        data = TrainingData.of(images, false, 0.2, 7);
    }

    private static TrialSpec spec(String fixed) {
        return TrialPlanner.plan(SweepFileLoader.parse(
                        "name: t\ndataset: mnist\nfixed: {epochs: 4, batch_size: 32, " + fixed + "}\n", "t.yaml"))
                .trials()
                .get(0);
    }

    private String path(String name) {
        return tmp.resolve(name).toUri().toString();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "width: 16, learning_rate: 0.3", // fast-dense SGD
                "hidden_layers: [16, 16], optimizer: adam, learning_rate: 0.01, dropout: 0.2, input_noise: 0.3, l2: 0.001", // fast-dense Adam
                "width: 16, learning_rate: 0.05, momentum: 0.9, decay: 0.01", // fast-dense momentum + decay
                "model: cnn, conv_layers: c4 p2, hidden_layers: [8], learning_rate: 0.1, input_noise: 0.2", // fast-conv
                "model: cnn, conv_layers: c4 p2, hidden_layers: [8], optimizer: adam, learning_rate: 0.01", // fast-conv
                // Adam
                "model: cnn, conv_layers: c4 p2 d0.2, hidden_layers: [8], momentum: 0.9, learning_rate: 0.05, decay: 0.01"
            })
    void onePlusOnePlusTwoEpochsEqualFourInOneGo(String fixed) {
        assertSameThroughCheckpoints(fixed, StepChoice.FAST_WHERE_SUPPORTED);
    }

    // DL4J's fit with its oneDNN layer helpers: the updater's state travels in the network's zip
    @ParameterizedTest
    @ValueSource(
            strings = {
                "model: cnn, conv_layers: c4 p2, hidden_layers: [8], optimizer: adam, learning_rate: 0.01",
                "model: cnn, conv_layers: c4 p2 d0.2, hidden_layers: [8], momentum: 0.9, learning_rate: 0.05"
            })
    void throughFitWithLayerHelpersTheSame(String fixed) {
        assertSameThroughCheckpoints(fixed, StepChoice.DL4J_FIT);
    }

    private void assertSameThroughCheckpoints(String fixed, StepChoice steps) {
        TrialSpec spec = spec(fixed);
        TrialOutcome whole = TrialRunner.run(TrialSegment.whole(spec), data, null, Divergence.DEFAULT, steps);
        assertEquals(steps == StepChoice.DL4J_FIT ? "dl4j-fit+onednn" : whole.trainer(), whole.trainer());
        assertEquals(TrialStatus.OK, whole.status(), whole.errorMessage());
        String tag = Integer.toHexString((fixed + steps).hashCode());
        TrialOutcome a = TrialRunner.run(
                new TrialSegment(spec, 0, 1, null, path(tag + "-e1.zip")), data, null, Divergence.DEFAULT, steps);
        assertEquals(TrialStatus.OK, a.status(), a.errorMessage());
        assertEquals(1, a.epochSeconds().size());
        TrialOutcome b = TrialRunner.run(
                new TrialSegment(spec, 1, 2, path(tag + "-e1.zip"), path(tag + "-e2.zip")),
                data,
                null,
                Divergence.DEFAULT,
                steps);
        assertEquals(TrialStatus.OK, b.status(), b.errorMessage());
        TrialOutcome c = TrialRunner.run(
                new TrialSegment(spec, 2, 4, path(tag + "-e2.zip"), null), data, null, Divergence.DEFAULT, steps);
        assertEquals(TrialStatus.OK, c.status(), c.errorMessage());
        assertEquals(whole.trainer(), c.trainer());
        assertTrue(whole.sameMetrics(c), "through checkpoints:\n" + c + "\nin one go:\n" + whole);
        assertEquals(whole.testAccuracy(), c.testAccuracy());
        assertEquals(4, c.epochSeconds().size());
    }

    // a promoted segment on the executor that stopped the trial continues from the network in memory
    @ParameterizedTest
    @ValueSource(
            strings = {
                "width: 16, learning_rate: 0.3|fast",
                "hidden_layers: [16, 16], optimizer: adam, learning_rate: 0.01, dropout: 0.2, input_noise: 0.3, l2: 0.001|fast",
                "width: 16, learning_rate: 0.05, momentum: 0.9, decay: 0.01|fast",
                "model: cnn, conv_layers: c4 p2, hidden_layers: [8], optimizer: adam, learning_rate: 0.01|fast",
                "model: cnn, conv_layers: c4 p2 d0.2, hidden_layers: [8], momentum: 0.9, learning_rate: 0.05|fast",
                "model: cnn, conv_layers: c4 p2, hidden_layers: [8], optimizer: adam, learning_rate: 0.01|fit"
            })
    void aWarmContinuationIsBitForBitTheCheckpointContinuation(String fixedAndPath) throws IOException {
        String fixed = fixedAndPath.split("\\|")[0];
        StepChoice steps = fixedAndPath.endsWith("|fit") ? StepChoice.DL4J_FIT : StepChoice.FAST_WHERE_SUPPORTED;
        TrialSpec spec = spec(fixed);
        String tag = "warm-" + Integer.toHexString(fixedAndPath.hashCode());
        WarmNetworks warm = WarmNetworks.of(8, 1L << 30);
        TrialOutcome first = TrialRunner.run(
                new TrialSegment(spec, 0, 1, null, path(tag + "-e1.zip")), data, null, Divergence.DEFAULT, steps, warm);
        assertEquals(TrialStatus.OK, first.status(), first.errorMessage());
        assertEquals(1, warm.size(), "the network that stopped at the rung is kept");

        // epochs 2-3 from the checkpoint file, then from the kept network
        TrialOutcome read = TrialRunner.run(
                new TrialSegment(spec, 1, 3, path(tag + "-e1.zip"), path(tag + "-e3-read.zip")),
                data,
                null,
                Divergence.DEFAULT,
                steps,
                WarmNetworks.NONE);
        TrialOutcome kept = TrialRunner.run(
                new TrialSegment(spec, 1, 3, path(tag + "-e1.zip"), path(tag + "-e3-warm.zip")),
                data,
                null,
                Divergence.DEFAULT,
                steps,
                warm);
        assertEquals(1, warm.hits(), "the second segment continued from the kept network");
        assertTrue(read.sameMetrics(kept), "warm:\n" + kept + "\nfrom the checkpoint:\n" + read);
        assertSameCheckpoints(tag + "-e3-read.zip", tag + "-e3-warm.zip");

        // and the last epoch from each: the optimizer's state went on the same way too
        TrialOutcome lastRead = TrialRunner.run(
                new TrialSegment(spec, 3, 4, path(tag + "-e3-read.zip"), null),
                data,
                null,
                Divergence.DEFAULT,
                steps,
                WarmNetworks.NONE);
        TrialOutcome lastWarm = TrialRunner.run(
                new TrialSegment(spec, 3, 4, path(tag + "-e3-warm.zip"), null),
                data,
                null,
                Divergence.DEFAULT,
                steps,
                warm);
        assertEquals(2, warm.hits());
        assertEquals(0, warm.size(), "a trial's last segment keeps nothing");
        assertTrue(lastRead.sameMetrics(lastWarm), "warm:\n" + lastWarm + "\nfrom the checkpoint:\n" + lastRead);
        assertEquals(lastRead.testAccuracy(), lastWarm.testAccuracy());
        TrialOutcome whole = TrialRunner.run(TrialSegment.whole(spec), data, null, Divergence.DEFAULT, steps);
        assertTrue(whole.sameMetrics(lastWarm), "warm:\n" + lastWarm + "\nin one go:\n" + whole);
    }

    /** The same parameters and optimizer state, bit for bit. */
    private static void assertSameCheckpoints(String a, String b) throws IOException {
        try (ZipFile za = new ZipFile(tmp.resolve(a).toFile());
                ZipFile zb = new ZipFile(tmp.resolve(b).toFile())) {
            for (String entry : new String[] {"coefficients.bin", "updaterState.bin", Checkpoint.PROGRESS_ENTRY}) {
                if (za.getEntry(entry) == null) {
                    assertNull(zb.getEntry(entry), entry);
                    continue;
                }
                byte[] ba = za.getInputStream(za.getEntry(entry)).readAllBytes();
                byte[] bb = zb.getInputStream(zb.getEntry(entry)).readAllBytes();
                if (entry.equals(Checkpoint.PROGRESS_ENTRY)) {
                    continue; // holds the epochs' timings, which differ run to run; the curves are compared above
                }
                assertArrayEquals(ba, bb, entry);
            }
        }
    }

    // written in one pass and uncompressed, a checkpoint is still a zip DL4J's ModelSerializer reads
    @ParameterizedTest
    @ValueSource(strings = {"fast", "fit"})
    void aCheckpointLoadsWithModelSerializer(String path) throws IOException {
        StepChoice steps = path.equals("fit") ? StepChoice.DL4J_FIT : StepChoice.FAST_WHERE_SUPPORTED;
        TrialSpec spec = spec("hidden_layers: [16], optimizer: adam, learning_rate: 0.01");
        WarmNetworks warm = WarmNetworks.of(8, 1L << 30);
        TrialRunner.run(
                new TrialSegment(spec, 0, 2, null, path("serializer-" + path + ".zip")),
                data,
                null,
                Divergence.DEFAULT,
                steps,
                warm);
        MultiLayerNetwork trained =
                warm.take(path("serializer-" + path + ".zip"), 2).net();
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(
                tmp.resolve("serializer-" + path + ".zip").toFile(), true);
        assertArrayEquals(
                trained.params().data().asFloat(), restored.params().data().asFloat());
        assertEquals(
                trained.getLayerWiseConfigurations().toJson(),
                restored.getLayerWiseConfigurations().toJson());
        if (steps == StepChoice.DL4J_FIT) { // fit's Adam moments travel as DL4J's updater state
            assertArrayEquals(
                    trained.getUpdater().getStateViewArray().data().asFloat(),
                    restored.getUpdater().getStateViewArray().data().asFloat());
        }
    }

    @Test
    void aKeptNetworkOfAnotherEpochIsNotUsed() {
        TrialSpec spec = spec("width: 16, learning_rate: 0.3");
        WarmNetworks warm = WarmNetworks.of(8, 1L << 30);
        TrialRunner.run(
                new TrialSegment(spec, 0, 2, null, path("other-e2.zip")),
                data,
                null,
                Divergence.DEFAULT,
                StepChoice.FAST_WHERE_SUPPORTED,
                warm);
        assertEquals(1, warm.size());
        // a segment that claims the file is after epoch 1 does not take the network of epoch 2; the file says why
        TrialOutcome o = TrialRunner.run(
                new TrialSegment(spec, 1, 4, path("other-e2.zip"), null),
                data,
                null,
                Divergence.DEFAULT,
                StepChoice.FAST_WHERE_SUPPORTED,
                warm);
        assertEquals(0, warm.hits());
        assertEquals(0, warm.size());
        assertEquals(TrialStatus.FAILED, o.status());
        assertTrue(o.errorMessage().contains("is after epoch 2, not 1"), o.errorMessage());
    }

    @Test
    void theStoreKeepsTheNewestWithinItsBounds() {
        TrialSpec spec = spec("width: 16, learning_rate: 0.3");
        WarmNetworks warm = WarmNetworks.of(2, 1L << 30);
        for (int i = 0; i < 3; i++) {
            TrialRunner.run(
                    new TrialSegment(spec, 0, 1, null, path("bound-" + i + ".zip")),
                    data,
                    null,
                    Divergence.DEFAULT,
                    StepChoice.FAST_WHERE_SUPPORTED,
                    warm);
        }
        assertEquals(2, warm.size());
        assertNull(warm.take(path("bound-0.zip"), 1), "the oldest went first");
        assertNotNull(warm.take(path("bound-2.zip"), 1));
        WarmNetworks tiny = WarmNetworks.of(8, 100);
        TrialRunner.run(
                new TrialSegment(spec, 0, 1, null, path("tiny.zip")),
                data,
                null,
                Divergence.DEFAULT,
                StepChoice.FAST_WHERE_SUPPORTED,
                tiny);
        assertEquals(0, tiny.size(), "a network over the byte bound is not kept");
        warm.clear();
    }

    @Test
    void aCorruptCheckpointIsAFailedTrialSayingSo() throws IOException {
        TrialSpec spec = spec("width: 16, learning_rate: 0.3");
        Files.write(tmp.resolve("corrupt.zip"), new byte[] {1, 2, 3});
        TrialOutcome o = TrialRunner.run(
                new TrialSegment(spec, 1, 4, path("corrupt.zip"), null), data, null, Divergence.DEFAULT);
        assertEquals(TrialStatus.FAILED, o.status());
        assertTrue(o.errorMessage().contains("corrupt.zip is unreadable"), o.errorMessage());
        TrialOutcome missing = TrialRunner.run(
                new TrialSegment(spec, 1, 4, path("nothing-here.zip"), null), data, null, Divergence.DEFAULT);
        assertEquals(TrialStatus.FAILED, missing.status());
        assertTrue(missing.errorMessage().contains("nothing-here.zip is unreadable"), missing.errorMessage());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "width: 16, learning_rate: 0.3",
                "width: 16, learning_rate: 0.05, momentum: 0.9",
                "hidden_layers: [16], optimizer: adam, learning_rate: 0.01"
            })
    void aStoredNetworkLoadsWithModelSerializerAndScoresAsTrained(String fixed) throws IOException {
        TrialSpec spec = spec(fixed);
        TrialOutcome o =
                TrialRunner.run(new TrialSegment(spec, 0, 4, null, path("final.zip")), data, null, Divergence.DEFAULT);
        assertEquals(TrialStatus.OK, o.status(), o.errorMessage());
        MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(
                tmp.resolve("final.zip").toFile(), false);
        Evaluation.Classification eval = new Evaluation(
                        TrainingStep.of(net, StepChoice.FAST_WHERE_SUPPORTED), data.features(), 50)
                .classification(data.test(), data.test().size(), data.numClasses());
        assertEquals(
                o.testAccuracy(), eval.accuracy(), 1e-12, "the loaded network scores the test part as the trial did");
    }
}
