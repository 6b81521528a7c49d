package io.sparksweep.bench;

import io.sparksweep.driver.SweepRun;
import io.sparksweep.driver.SweepSource;
import io.sparksweep.store.ParquetTable;
import io.sparksweep.store.SweepOutput;
import io.sparksweep.sweepfile.SweepFileLoader;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.util.Locale;

/**
 * The driver's cost per trial at scale, for deploy/scale-benchmark.sh: runs a sweep whose trials
 * only simulate training ({@link SimulatedTrial}), so that planning, task submission, result
 * handling, commits, compaction, summary and report are what is timed, then prints one line with
 * the driver's peak heap, the files in trials/ and the time per trial.
 * {@code java -cp ... io.sparksweep.bench.ScaleSweep SWEEP_FILE OUT_DIR [MASTER]}
 */
public final class ScaleSweep {

    private ScaleSweep() {}

    /** Arguments: SWEEP_FILE OUT_DIR [MASTER], the master {@code local[2]} unless given. */
    public static void main(String[] args) throws InterruptedException {
        String master = args.length > 2 ? args[2] : "local[2]";
        SweepRun run = new SweepRun(
                new SweepRun.Options(args[0], args[1], null, master, false, false, 1, null),
                System.out,
                new SweepRun.Hooks(new SimulatedTrial(), reports -> false));
        run.execute();
        SweepRun.Timings t = run.timings();
        String name = SweepFileLoader.parse(SweepSource.read(args[0]), args[0]).name();
        Path trialsDir = new SweepOutput(args[1], name, new Configuration()).trialsDir();
        long peak = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed())
                .sum();
        System.out.printf(
                Locale.ROOT,
                "driver: heap peak %d MB, %d files in %s, trials phase %.1f s (%.2f ms per trial), "
                        + "summary and report %.1f s%n",
                peak >> 20,
                ParquetTable.committedFiles(new Configuration(), trialsDir).size(),
                trialsDir,
                t.trialsSeconds(),
                t.trialsRun() == 0 ? 0 : 1000 * t.trialsSeconds() / t.trialsRun(),
                t.summarySeconds());
    }
}
