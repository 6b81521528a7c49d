package io.sparksweep.driver;

import io.sparksweep.train.Trainer;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

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
}
