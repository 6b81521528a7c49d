package io.sparksweep.driver;

import io.sparksweep.space.Hyperparameter;
import io.sparksweep.trial.TrialResult;
import io.sparksweep.trial.TrialStatus;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real thing on real MNIST, through Spark: 784-100-10, SGD 0.1, 3 epochs. Skipped when the
 * data is absent (a user's clone has no ../shared); point SPARKSWEEP_DATA_DIR at MNIST to run it.
 */
class MnistAcceptanceTest {

    @TempDir
    Path tmp;

    static Path mnist() {
        String env = System.getenv("SPARKSWEEP_DATA_DIR");
        String shared = System.getProperty("sparksweep.shared.datasets");
        for (String dir : new String[] {env, shared == null ? null : shared + "/mnist"}) {
            if (dir != null && Files.exists(Paths.get(dir).resolve("train-images-idx3-ubyte.gz"))) {
                return Paths.get(dir);
            }
        }
        return null;
    }

    @Test
    void mlp784x100x10LearnsMnistInThreeEpochs() throws Exception {
        Path data = mnist();
        assumeTrue(data != null, "MNIST not found (../shared/datasets/mnist or $SPARKSWEEP_DATA_DIR): skipped");
        Path sweep = tmp.resolve("acceptance.yaml");
        Files.writeString(sweep, """
                name: acceptance
                dataset: mnist
                seed: 1
                fixed: {learning_rate: 0.1, width: 100, epochs: 3}
                search:
                  batch_size: {values: [32, 128]}
                """);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        List<TrialResult> trials = new SweepRun(
                        new SweepRun.Options(
                                sweep.toString(),
                                tmp.resolve("out").toString(),
                                data.toString(),
                                "local[2]",
                                false,
                                false,
                                1,
                                null),
                        new PrintStream(log, true, StandardCharsets.UTF_8))
                .execute();
        System.out.print(log.toString(StandardCharsets.UTF_8));

        assertEquals(2, trials.size());
        for (TrialResult t : trials) {
            assertEquals(TrialStatus.OK, t.outcome().status(), t.outcome().errorMessage());
            assertEquals(79_510, t.outcome().nParams(), "784*100+100 + 100*10+10");
            int batch = t.spec().config().integer(Hyperparameter.BATCH_SIZE);
            double acc = t.outcome().testAccuracy();
            // The bar is 0.95 after 3 epochs. At batch 128 the PyTorch peer itself reaches only
            // 0.944-0.945 (measured: ../shared/peers/torch_mlp.py --epochs 3), so the bar is checked
            // at batch 32 (peer: 0.968), and batch 128 must come within a point of the peer.
            double bar = batch == 32 ? 0.95 : 0.935;
            assertTrue(acc >= bar, "batch " + batch + ": test accuracy " + acc + " < " + bar);
        }
    }
}
