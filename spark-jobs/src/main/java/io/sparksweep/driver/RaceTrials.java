package io.sparksweep.driver;

import io.sparksweep.console.Progress;
import io.sparksweep.plan.Plan;
import io.sparksweep.plan.RaceScheduler;
import io.sparksweep.plan.Seeds;
import io.sparksweep.space.Hyperparameter;
import io.sparksweep.space.Racing;
import io.sparksweep.spark.SparkTrials;
import io.sparksweep.spark.SweepSpark;
import io.sparksweep.spark.TrialTask;
import io.sparksweep.stats.Numbers;
import io.sparksweep.stats.RaceStanding;
import io.sparksweep.stats.RepeatStatistics;
import io.sparksweep.store.SweepOutput;
import io.sparksweep.trial.Config;
import io.sparksweep.trial.Metrics;
import io.sparksweep.trial.TrialOutcome;
import io.sparksweep.trial.TrialResult;
import io.sparksweep.trial.TrialSegment;
import io.sparksweep.trial.TrialSpec;
import io.sparksweep.trial.TrialStatus;
import io.sparksweep.util.SparkJobException;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntPredicate;

/**
 * The driver's loop for racing ({@code repeats: {min, max}}): asks the {@link RaceScheduler} for a
 * repeat whenever a task slot is free, submits it as a small Spark job, commits each finished trial
 * to trials/ and feeds its value back. The log of starts and reports ({@code racing.json}) makes a
 * killed driver's rerun replay the race and go on.
 */
final class RaceTrials {

    private final SweepSpark spark;
    private final TrialTask task;
    private final Plan plan;
    private final SweepOutput output;
    private final Progress progress;
    private final LiveReport live;
    private final PrintStream out;
    private final IntPredicate killAfterReports;
    private final boolean saveFinalNetworks;
    private final Map<String, TrialSpec> specs = new HashMap<>();
    private final Map<String, Config> configs = new HashMap<>();
    private final RaceScheduler scheduler;
    private final RaceLog log;
    private final Map<String, TrialResult> stored =
            new HashMap<>(); // rows a killed driver stored before it logged them
    private final FinalNetworks finalNetworks;
    private final List<String> eliminatedSinceCommit = new ArrayList<>();
    private String metric; // the summary's ranking metric, resolved at the first OK trial
    private int reports;
    private int commitsSinceCompaction;

    RaceTrials(
            SweepSpark spark,
            TrialTask task,
            Plan plan,
            SweepOutput output,
            Progress progress,
            LiveReport live,
            PrintStream out,
            IntPredicate killAfterReports,
            boolean saveFinalNetworks) {
        this.spark = spark;
        this.task = task;
        this.plan = plan;
        this.output = output;
        this.progress = progress;
        this.live = live;
        this.out = out;
        this.killAfterReports = killAfterReports;
        this.saveFinalNetworks = saveFinalNetworks;
        plan.trials().forEach(t -> specs.put(t.trialId(), t));
        plan.configs().forEach(c -> configs.put(Seeds.configId(c.canonical()), c));
        scheduler = scheduler(plan);
        // an eliminated configuration gets no more repeats: its networks go once KeptModels could not pick it
        finalNetworks = new FinalNetworks(
                id -> scheduler.eliminated(id) ? scheduler.started(id) : Integer.MAX_VALUE,
                saveFinalNetworks ? plan.sweep().keepModels() : 0,
                trialId -> output.networks()
                        .deleteQuietly(output.networks()
                                .checkpoint(trialId, specs.get(trialId).config().integer(Hyperparameter.EPOCHS))));
        log = RaceLog.read(output);
        log.replay(scheduler, output);
    }

    /** A race over the plan's configurations in plan order (a random search's draw order, a grid's listing order). */
    static RaceScheduler scheduler(Plan plan) {
        return new RaceScheduler(
                plan.configs().stream().map(c -> Seeds.configId(c.canonical())).toList(),
                plan.sweep().racing());
    }

    /**
     * Where the race stored in {@code output} left every configuration that ran a repeat; empty
     * without a log. A replay of the log: the same function of the same reports the run decided with.
     */
    static Map<String, RaceStanding> standings(Plan plan, SweepOutput output) {
        RaceScheduler s = scheduler(plan);
        RaceLog.read(output).replay(s, output);
        return s.standings();
    }

    /** Runs until the race is over. */
    void run() throws InterruptedException {
        SparkTrials trials = spark.trials(task);
        int slots = spark.slots();
        if (log.size() > 0) {
            output.readTrials().forEach(t -> stored.put(t.spec().trialId(), t));
            out.printf(
                    "continuing from %d logged race events (racing.json); %d repeat(s) were running%n",
                    log.size(), scheduler.running().size());
        }
        List<TrialResult> finals = new ArrayList<>();
        // what the killed driver had running: reported from its stored row, or trained again
        List<RaceScheduler.Start> toSubmit = new ArrayList<>();
        for (RaceScheduler.Start s : scheduler.running()) {
            if (!reportStored(s)) {
                toSubmit.add(s);
            }
        }
        submit(trials, toSubmit);
        long lastCommit = 0;
        while (!scheduler.done() || trials.outstanding() > 0) {
            List<RaceScheduler.Start> starts = new ArrayList<>();
            while (trials.outstanding() + starts.size() < slots) {
                Optional<RaceScheduler.Start> next = scheduler.next();
                if (next.isEmpty()) {
                    break;
                }
                log.started(next.get());
                if (!reportStored(next.get())) {
                    starts.add(next.get());
                }
            }
            submit(trials, starts);
            for (TrialResult r = trials.poll(100); r != null; r = trials.poll(0)) {
                finals.add(r);
                progress.finished(r);
                report(r);
                if (killAfterReports.test(++reports)) {
                    commit(finals);
                    throw new IllegalStateException("simulated driver kill after " + reports + " reports");
                }
            }
            if (System.nanoTime() - lastCommit >= SweepRun.COMMIT_INTERVAL_NANOS) {
                lastCommit = System.nanoTime();
                commit(finals);
            }
            Throwable failure = trials.failure();
            if (failure != null) {
                commit(finals);
                throw new SparkJobException(failure);
            }
        }
        commit(finals);
        output.compactTrials(2);
        log.ended();
        log.flush(output);
        printOutcome();
    }

    /** A repeat a killed driver trained and stored but did not log as reported: its row is reported, not trained again. */
    private boolean reportStored(RaceScheduler.Start s) {
        TrialResult r = stored.get(Seeds.trialId(s.configId(), s.repeat()));
        if (r == null) {
            return false;
        }
        report(r);
        return true;
    }

    private void report(TrialResult r) {
        Double value = value(r);
        List<RaceScheduler.Elimination> eliminated =
                scheduler.reported(r.spec().configId(), r.spec().repeat(), value);
        log.reported(r.spec().configId(), r.spec().repeat(), value, eliminated);
        for (RaceScheduler.Elimination e : eliminated) {
            eliminatedSinceCommit.add(e.configId());
            out.printf(
                    Locale.ROOT,
                    "  race  %s out after %d repeat(s): %s%n",
                    describe(e.configId()),
                    e.repeats(),
                    e.pValue() == null
                            ? "a repeat diverged or failed, and every repeat of " + describe(e.leader()) + " was OK"
                            : "below " + describe(e.leader()) + " (" + Numbers.pValue(e.pValue()) + ")");
        }
    }

    private void submit(SparkTrials trials, List<RaceScheduler.Start> starts) throws InterruptedException {
        if (starts.isEmpty()) {
            return;
        }
        List<TrialSegment> segments = new ArrayList<>();
        for (RaceScheduler.Start s : starts) {
            TrialSpec spec = specs.get(Seeds.trialId(s.configId(), s.repeat()));
            int epochs = spec.config().integer(Hyperparameter.EPOCHS);
            segments.add(
                    saveFinalNetworks
                            ? new TrialSegment(
                                    spec, 0, epochs, null, output.networks().checkpoint(spec.trialId(), epochs))
                            : TrialSegment.whole(spec));
        }
        spark.describeJobs("sparksweep: race, " + starts.size() + " repeat(s)");
        trials.submit(segments);
    }

    /** Rows first, then the log that refers to them; trials/ merged into a few files now and then. */
    private void commit(List<TrialResult> finals) {
        if (!finals.isEmpty()) {
            output.commit(finals);
            live.committed(finals);
            finalNetworks.ended(finals);
            if (++commitsSinceCompaction >= SweepRun.COMPACT_EVERY) {
                output.compactTrials(SweepRun.COMPACT_EVERY);
                commitsSinceCompaction = 0;
            }
        }
        log.flush(output);
        // after the rows they judge are stored
        eliminatedSinceCommit.forEach(finalNetworks::settled);
        eliminatedSinceCommit.clear();
        finals.clear();
    }

    /**
     * The value the race compares: the metric the summary ranks on (validation with a validation part,
     * so that the test set is never used to choose), higher better; null unless the trial ended OK.
     */
    private Double value(TrialResult r) {
        TrialOutcome o = r.outcome();
        if (o.status() != TrialStatus.OK) {
            return null;
        }
        if (metric == null) {
            metric = RepeatStatistics.rankMetric(List.of(r));
        }
        Double v = metric.equals(Metrics.TEST_ACCURACY) ? o.testAccuracy() : o.metric(metric);
        if (v == null || !Double.isFinite(v)) {
            return null;
        }
        return Metrics.lowerIsBetter(metric) ? -v : v;
    }

    private String describe(String configId) {
        Config c = configs.get(configId);
        String d = c == null ? "" : Numbers.describe(c, plan.searched());
        return d.isEmpty() ? configId : d;
    }

    private void printOutcome() {
        Racing racing = plan.sweep().racing();
        int trialsRun = configs.keySet().stream().mapToInt(scheduler::started).sum();
        out.printf(
                Locale.ROOT,
                "racing: %d of %d trials run (%d to %d repeats per configuration, alpha %s); "
                        + "%d configuration(s) eliminated, %d left at the top%n",
                trialsRun,
                plan.trials().size(),
                racing.min(),
                racing.max(),
                racing.alpha(),
                scheduler.eliminations().size(),
                scheduler.live().size());
    }
}
