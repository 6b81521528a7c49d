package io.sparksweep.driver;

import io.sparksweep.data.TinyIdx;
import io.sparksweep.store.SweepOutput;
import io.sparksweep.train.Trainer;
import io.sparksweep.trial.TrialOutcome;
import io.sparksweep.trial.TrialResult;
import io.sparksweep.trial.TrialStatus;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The sweep file's divergence: setting reaches the trainer on the executors, for images and for tables. */
class DivergenceSweepTest {

    @TempDir
    Path tmp;

    /** The first repeats train; the second ones fail naming the setting their Spark task brought. */
    private static final SweepRun.Hooks TELLING = new SweepRun.Hooks(
            (segment, data, robustness, divergence) -> segment.spec().repeat() == 0
                    ? Trainer.DL4J.train(segment, data, robustness, divergence)
                    : TrialOutcome.failed("divergence on the executor: " + divergence),
            reports -> false);

    private List<String> failures(String name, String dataset, String divergence) throws Exception {
        Path f = tmp.resolve(name + ".yaml");
        Files.writeString(
                f,
                "name: " + name + "\ndataset: " + dataset + "\nrepeats: 2\n" + divergence
                        + "fixed: {epochs: 1, batch_size: 16}\nsearch:\n  learning_rate: {values: [0.1, 0.2]}\n");
        Path out = tmp.resolve("out");
        DriverRuns.run(f, out, "local[2]", TELLING);
        List<TrialResult> trials = new SweepOutput(out.toString(), name, new Configuration()).readTrials();
        assertEquals(4, trials.size());
        assertEquals(
                2,
                trials.stream()
                        .filter(t -> t.outcome().status() == TrialStatus.OK)
                        .count());
        return trials.stream()
                .filter(t -> t.outcome().status() == TrialStatus.FAILED)
                .map(t -> t.outcome().errorMessage())
                .toList();
    }

    @Test
    void anImageSweepsSettingReachesTheExecutors() throws Exception {
        Path data = TinyIdx.write(tmp.resolve("tiny"), 200, 50, true);
        assertEquals(
                List.of("divergence on the executor: off", "divergence on the executor: off"),
                failures("images", "idx:" + data, "divergence: off\n"));
        assertEquals(
                List.of("divergence on the executor: 5", "divergence on the executor: 5"),
                failures("plain", "idx:" + data, ""),
                "without the key: the default");
    }

    @Test
    void aTableSweepsSettingReachesTheExecutors() throws Exception {
        SplittableRandom rng = new SplittableRandom(1);
        StringBuilder csv = new StringBuilder("a,b,y\n");
        for (int i = 0; i < 80; i++) {
            double a = rng.nextGaussian(), b = rng.nextGaussian();
            csv.append(a)
                    .append(',')
                    .append(b)
                    .append(',')
                    .append(a + b > 0 ? "yes" : "no")
                    .append('\n');
        }
        Path t = tmp.resolve("t.csv");
        Files.writeString(t, csv.toString());
        assertEquals(
                List.of("divergence on the executor: 2.5", "divergence on the executor: 2.5"),
                failures("table", "{format: csv, path: " + t + ", label: y}", "divergence: 2.5\n"));
    }
}
