package io.sparksweep.driver;

import io.sparksweep.data.TinyIdx;
import io.sparksweep.space.Hyperparameter;
import io.sparksweep.train.Trainer;
import io.sparksweep.trial.TrialOutcome;
import io.sparksweep.util.NoTrialTrainedException;
import io.sparksweep.util.SweepException;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A sweep in which no trial trained is stored, and exits non-zero naming why; one with some failures exits 0. */
class NothingTrainedTest {

    @TempDir
    static Path tmp;

    static Path sweep;

    @BeforeAll
    static void files() throws IOException {
        Path data = TinyIdx.write(tmp.resolve("tiny"), 200, 50, true);
        sweep = tmp.resolve("s.yaml");
        Files.writeString(
                sweep,
                "name: s\ndataset: idx:" + data + "\nrepeats: 2\nfixed: {epochs: 1}\n"
                        + "search:\n  learning_rate: {values: [0.1, 0.2, 0.3]}\n");
    }

    /**
     * Fails every trial (the two of learning rate 0.3 for a rarer reason), or only the second repeats
     * (the first ones train).
     */
    private static SweepRun.Hooks failing(boolean all) {
        Trainer trainer = (segment, data, robustness, divergence) -> {
            boolean secondRepeat = segment.spec().repeat() == 1;
            if (!all && !secondRepeat) {
                return Trainer.DL4J.train(segment, data, robustness, divergence);
            }
            return TrialOutcome.failed(
                    segment.spec().config().real(Hyperparameter.LEARNING_RATE) == 0.3
                            ? "out of memory"
                            : "the network could not be built: a dropout and input noise on the first layer's input");
        };
        return new SweepRun.Hooks(trainer, reports -> false);
    }

    @Test
    void everyTrialFailedIsStoredButExitsFourWithTheCommonestReason() {
        Path out = tmp.resolve("all");
        NoTrialTrainedException e = assertThrows(
                NoTrialTrainedException.class, () -> DriverRuns.run(sweep, out, "local[1]", failing(true)));
        assertEquals(SweepException.NOTHING_TRAINED, e.exitCode());
        assertTrue(
                e.getMessage()
                        .equals("no trial trained: all 6 trials FAILED, 4 with: the network could not be built: a "
                                + "dropout and input noise on the first layer's input"),
                e.getMessage());
        assertTrue(Files.isDirectory(out.resolve("s/trials")), "the FAILED rows are stored");
    }

    @Test
    void someFailedTrialsExitZeroAndTheLastLineSaysHowMany() throws InterruptedException {
        String printed = DriverRuns.run(sweep, tmp.resolve("some"), "local[1]", failing(false));
        String last = printed.strip().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.startsWith("6 trials (3 ok, 0 diverged, 3 failed)"), last);
    }
}
