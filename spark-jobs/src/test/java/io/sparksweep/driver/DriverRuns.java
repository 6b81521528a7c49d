package io.sparksweep.driver;

import io.sparksweep.store.SweepOutput;
import io.sparksweep.train.Trainer;
import io.sparksweep.trial.TrialResult;

import org.apache.hadoop.conf.Configuration;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Runs a sweep on Spark in local mode from a test, as the command line would, and returns what it printed. */
final class DriverRuns {

    private DriverRuns() {}

    static String run(Path sweep, Path out, String master, SweepRun.Hooks hooks) throws InterruptedException {
        return run(sweep, out, master, hooks, false);
    }

    /** @param traced as {@code --trace} */
    static String run(Path sweep, Path out, String master, SweepRun.Hooks hooks, boolean traced)
            throws InterruptedException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        new SweepRun(
                        new SweepRun.Options(sweep.toString(), out.toString(), null, master, false, false, 1, null),
                        new PrintStream(buf, true, StandardCharsets.UTF_8),
                        hooks)
                .traced(traced)
                .execute();
        return buf.toString(StandardCharsets.UTF_8);
    }

    /** Stops the driver as a kill would, once {@code reports} rung reports are committed. */
    static SweepRun.Hooks killAfter(int reports) {
        return new SweepRun.Hooks(Trainer.DL4J, n -> n == reports);
    }

    /**
     * Writes {@code dir/<name>.yaml}: a sweep of the user model class {@code model} on the IDX data in
     * {@code data}, seed 5, then {@code body} (the keys a test varies).
     */
    static Path userSweepFile(Path dir, Path data, String name, String model, String body) throws IOException {
        Path f = dir.resolve(name + ".yaml");
        Files.writeString(f, """
                name: %s
                model: {class: %s}
                dataset: idx:%s
                seed: 5
                %s
                """.formatted(name, model, data, body));
        return f;
    }

    /** The trials the sweep {@code name} stored under {@code out}. */
    static List<TrialResult> trials(Path out, String name) {
        return new SweepOutput(out.toString(), name, new Configuration()).readTrials();
    }
}
