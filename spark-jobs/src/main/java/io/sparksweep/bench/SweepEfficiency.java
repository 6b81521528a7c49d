package io.sparksweep.bench;

import io.sparksweep.store.SweepOutput;
import io.sparksweep.trial.TrialResult;

import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * How well a finished sweep used its task slots, from its own trial rows: where each trial's time
 * went (training, evaluation, the rest of the task) and how long slots sat idle between tasks
 * (task launch, result hand-off). With a one-slot run of the same sweep it also gives the scaling
 * efficiency, which includes the slowdown of trials sharing the machine.
 */
@Command(
        name = "sweep-efficiency",
        mixinStandardHelpOptions = true,
        description = "Parallel efficiency and per-trial overhead of a finished sweep, from its trials/ rows.")
public final class SweepEfficiency implements Callable<Integer> {

    @Parameters(index = "0", description = "the sweep's output folder (<out>/<sweep name>)")
    String sweepDir;

    @Option(names = "--slots", defaultValue = "2", description = "task slots the run had (local[N]: N)")
    int slots;

    @Option(names = "--baseline", description = "output folder of the same sweep run with one slot (local[1])")
    String baselineDir;

    /** Time accounting of one run, all in seconds. */
    record Run(int trials, double makespan, double taskSum, double trainSum, double evalSum) {

        static Run of(List<TrialResult> rows) {
            long first = rows.stream().mapToLong(TrialResult::startMillis).min().orElse(0);
            long last = rows.stream().mapToLong(TrialResult::endMillis).max().orElse(0);
            return new Run(
                    rows.size(),
                    (last - first) / 1e3,
                    rows.stream()
                            .mapToDouble(r -> (r.endMillis() - r.startMillis()) / 1e3)
                            .sum(),
                    rows.stream().mapToDouble(r -> r.outcome().trainSeconds()).sum(),
                    rows.stream().mapToDouble(r -> r.outcome().evalSeconds()).sum());
        }

        double perTrial(double total) {
            return total / trials;
        }

        /** Slot time not inside any task: launching tasks, handing results back, the last wave's tail. */
        double idle(int slots) {
            return Math.max(0, slots * makespan - taskSum);
        }
    }

    @Override
    public Integer call() {
        Run run = read(sweepDir);
        if (run == null) {
            return 2;
        }
        double task = run.perTrial(run.taskSum), train = run.perTrial(run.trainSum), eval = run.perTrial(run.evalSum);
        double setup = task - train - eval;
        double idle = run.perTrial(run.idle(slots));
        System.out.printf(
                Locale.ROOT,
                "%d trials on %d slots: makespan %.1f s (first task start to last task end)%n",
                run.trials,
                slots,
                run.makespan);
        System.out.printf(
                Locale.ROOT,
                "per trial: task %.3f s = training %.3f + evaluation %.3f + rest of the task %.3f"
                        + " (dataset cache lookup, network build)%n",
                task,
                train,
                eval,
                setup);
        System.out.printf(
                Locale.ROOT, "slot idle between tasks (launch, result hand-off, tail): %.3f s per trial%n", idle);
        System.out.printf(
                Locale.ROOT,
                "overhead outside training and evaluation: %.3f s per trial = %.2f %% of a trial%n",
                setup + idle,
                100 * (setup + idle) / (task + idle));
        System.out.printf(
                Locale.ROOT,
                "parallel efficiency, sum of task times / (%d x makespan): %.1f %%%n",
                slots,
                100 * run.taskSum / (slots * run.makespan));
        if (baselineDir != null) {
            Run one = read(baselineDir);
            if (one == null) {
                return 2;
            }
            System.out.printf(
                    Locale.ROOT,
                    "one slot: makespan %.1f s, task %.3f s per trial; trials ran %.1f %% slower" + " side by side%n",
                    one.makespan,
                    one.perTrial(one.taskSum),
                    100 * (task / one.perTrial(one.taskSum) - 1));
            System.out.printf(
                    Locale.ROOT,
                    "scaling efficiency, sum of one-slot task times / (%d x makespan): %.1f %%%n",
                    slots,
                    100 * one.perTrial(one.taskSum) * run.trials / (slots * run.makespan));
        }
        return 0;
    }

    private static Run read(String dir) {
        Path p = Path.of(dir).toAbsolutePath().normalize();
        List<TrialResult> rows =
                SweepOutput.ofFolder(p.toString(), new Configuration()).readTrials();
        if (rows.isEmpty()) {
            System.err.println("error: no trial rows under " + p.resolve("trials"));
            return null;
        }
        return Run.of(rows);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new SweepEfficiency()).execute(args));
    }
}
