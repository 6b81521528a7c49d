package io.sparksweep.job;

import io.sparksweep.plan.Plan;
import io.sparksweep.plan.RungScheduler;
import io.sparksweep.space.EarlyStopping;
import io.sparksweep.space.Hyperparameter;
import io.sparksweep.store.SweepOutput;
import io.sparksweep.trial.Metrics;
import io.sparksweep.trial.TrialOutcome;
import io.sparksweep.trial.TrialResult;
import io.sparksweep.trial.TrialSegment;
import io.sparksweep.trial.TrialSpec;
import io.sparksweep.trial.TrialStatus;
import org.apache.spark.api.java.JavaSparkContext;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The driver's loop for a sweep with {@code early_stopping}: asks the {@link RungScheduler} for work
 * whenever a configuration's repeats fit in the free task slots, submits them as one small Spark job
 * (a task per repeat, each continuing from its checkpoint), and feeds every finished segment back.
 * Segments that end at a rung go to rungs/, finished trials to trials/; at the end the configurations
 * left at a rung become STOPPED rows. The log of starts and reports makes a killed driver's rerun continue.
 */
final class EarlyStoppingTrials {

    private final JavaSparkContext jsc;
    private final TrialTask task;
    private final Plan plan;
    private final SweepOutput output;
    private final Progress progress;
    private final LiveReport live;
    private final PrintStream out;
    private final EarlyStopping rule;
    private final int epochs;
    private final int keepModels;
    private final Map<String, TrialSpec> specs = new HashMap<>();
    private final Map<String, TrialSegment> running = new HashMap<>();
    private final Map<String, TrialResult> latest;     // each trial's furthest segment row
    private final RungScheduler scheduler;
    private final RungLog log;
    private String metric;                             // resolved from "auto" at the first OK segment
    /** Tests only: after this many reports are committed, stop as a killed driver would (-1: never). */
    static volatile int killAfterReports = -1;
    private int reports;

    EarlyStoppingTrials(JavaSparkContext jsc, TrialTask task, Plan plan, SweepOutput output, Progress progress,
                        LiveReport live, PrintStream out) {
        this.jsc = jsc;
        this.task = task;
        this.plan = plan;
        this.output = output;
        this.progress = progress;
        this.live = live;
        this.out = out;
        this.rule = plan.sweep().earlyStopping();
        this.epochs = ((Number) plan.sweep().baseValues().get(Hyperparameter.EPOCHS)).intValue();
        this.keepModels = plan.sweep().keepModels();
        this.metric = EarlyStopping.AUTO.equals(rule.metric()) ? null : rule.metric();
        plan.trials().forEach(t -> specs.put(t.trialId(), t));
        // plan order: a random search's draw order, a grid's listing order
        List<String> configIds = plan.configs().stream().map(c -> io.sparksweep.plan.Seeds.configId(c.canonical())).toList();
        scheduler = new RungScheduler(configIds, plan.sweep().repeats(), epochs, rule);
        log = RungLog.read(output);
        latest = log.size() == 0 ? new HashMap<>() : new HashMap<>(output.latestRungRows());
        log.replay(scheduler, output);
    }

    /** Runs until the scheduler has nothing left; returns the number of epochs trained by this run. */
    long run() throws InterruptedException {
        SparkTrials trials = new SparkTrials(jsc, task);
        int slots = Math.max(1, jsc.defaultParallelism() / Integer.parseInt(jsc.getConf().get("spark.task.cpus", "1")));
        if (log.size() > 0) {
            out.printf("early stopping: continuing from %d logged decisions; %d configuration(s) were training%n",
                    log.size(), scheduler.inFlight().size());
        }
        for (RungScheduler.Job j : scheduler.inFlight()) {
            submit(trials, j); // what the killed driver had running, from the same checkpoints
        }
        List<TrialResult> finals = new ArrayList<>(), rungRows = new ArrayList<>();
        List<String> superseded = new ArrayList<>();
        long epochsTrained = 0;
        long lastCommit = 0;
        while (!scheduler.done() || trials.outstanding() > 0) {
            while (trials.outstanding() == 0 || slots - trials.outstanding() >= plan.sweep().repeats()) {
                Optional<RungScheduler.Job> job = scheduler.next();
                if (job.isEmpty()) {
                    break;
                }
                log.started(job.get());
                submit(trials, job.get());
            }
            for (TrialResult r = trials.poll(100); r != null; r = trials.poll(0)) {
                TrialSegment segment = running.remove(r.spec().trialId());
                epochsTrained += Math.max(0, r.outcome().epochSeconds().size() - segment.fromEpoch());
                Double value = value(r.outcome(), segment.toEpoch());
                boolean atRung = r.outcome().status() == TrialStatus.OK && !segment.isLast();
                if (atRung) {
                    rungRows.add(r);
                    latest.put(r.spec().trialId(), r);
                } else {
                    finals.add(r);
                    progress.finished(r);
                }
                if (segment.resumeFrom() != null) {
                    superseded.add(segment.resumeFrom());
                }
                scheduler.reported(r.spec().configId(), r.spec().repeat(), segment.toEpoch(), value);
                log.reported(r.spec().configId(), r.spec().repeat(), segment.toEpoch(), value);
                if (++reports == killAfterReports) {
                    commit(finals, rungRows, superseded);
                    throw new IllegalStateException("simulated driver kill after " + reports + " reports");
                }
            }
            if (System.nanoTime() - lastCommit >= SweepRun.COMMIT_INTERVAL_NANOS) {
                lastCommit = System.nanoTime();
                commit(finals, rungRows, superseded);
            }
            Throwable failure = trials.failure();
            if (failure != null) {
                commit(finals, rungRows, superseded);
                throw new SweepRun.SparkJobException(SweepRun.rootMessage(failure), failure);
            }
        }
        commit(finals, rungRows, superseded);
        stopTheRest();
        return epochsTrained;
    }

    /** Rows first, then the log that refers to them, then the checkpoints nothing refers to any more. */
    private void commit(List<TrialResult> finals, List<TrialResult> rungRows, List<String> superseded) {
        output.commit(finals);
        live.committed(finals);
        output.commitRungs(rungRows);
        log.flush(output);
        superseded.forEach(output::deleteQuietly);
        finals.clear();
        rungRows.clear();
        superseded.clear();
    }

    private void submit(SparkTrials trials, RungScheduler.Job job) {
        List<TrialSegment> segments = new ArrayList<>();
        for (int repeat : job.repeats()) {
            TrialSpec spec = specs.get(io.sparksweep.plan.Seeds.trialId(job.configId(), repeat));
            boolean last = job.toEpoch() == epochs;
            TrialSegment s = new TrialSegment(spec, job.fromEpoch(), job.toEpoch(),
                    job.fromEpoch() == 0 ? null : output.checkpoint(spec.trialId(), job.fromEpoch()),
                    last && keepModels == 0 ? null : output.checkpoint(spec.trialId(), job.toEpoch()));
            running.put(spec.trialId(), s);
            segments.add(s);
        }
        jsc.setJobDescription("sparksweep: " + job.configId() + " epochs " + (job.fromEpoch() + 1) + "-" + job.toEpoch());
        trials.submit(segments);
    }

    /** The rung metric after {@code epoch}, higher better; null unless the segment ended OK. */
    private Double value(TrialOutcome o, int epoch) {
        if (o.status() != TrialStatus.OK) {
            return null;
        }
        if (metric == null) {
            boolean regression = !o.curve(Metrics.TEST_RMSE).isEmpty();
            boolean autoencoder = !o.curve(Metrics.RECONSTRUCTION_LOSS).isEmpty();
            boolean validation = !o.curve(Metrics.VALIDATION_ACCURACY).isEmpty() || !o.curve(Metrics.VALIDATION_RMSE).isEmpty()
                    || !o.curve(Metrics.VALIDATION_RECONSTRUCTION_LOSS).isEmpty();
            metric = autoencoder ? (validation ? Metrics.VALIDATION_RECONSTRUCTION_LOSS : Metrics.RECONSTRUCTION_LOSS)
                    : regression ? (validation ? Metrics.VALIDATION_RMSE : Metrics.TEST_RMSE)
                    : (validation ? Metrics.VALIDATION_ACCURACY : Metrics.TEST_ACCURACY);
        }
        List<Double> curve = switch (metric) {
            case Metrics.TEST_ACCURACY -> o.testAccuracyCurve();
            case "test_loss" -> o.testLossCurve();
            default -> o.curve(metric);
        };
        if (curve.size() < epoch) {
            throw new SweepRun.RefusedException("early_stopping.metric: the trials have no " + metric + " (does the dataset have that part?)");
        }
        double v = curve.get(epoch - 1);
        return Metrics.lowerIsBetter(metric) || metric.equals("test_loss") ? -v : v;
    }

    /** The configurations left at a rung: their repeats' rows as far as they went, status STOPPED. */
    private void stopTheRest() {
        List<TrialResult> stopped = new ArrayList<>();
        for (String configId : scheduler.stopped()) {
            for (int repeat : scheduler.alive(configId)) {
                String trialId = io.sparksweep.plan.Seeds.trialId(configId, repeat);
                TrialResult r = latest.get(trialId);
                if (r == null) {
                    continue; // cannot happen: a stopped repeat reported a rung
                }
                stopped.add(new TrialResult(r.spec(), r.outcome().stopped(), r.host(), r.executorId(), r.attempt(),
                        r.startMillis(), r.endMillis(), r.provenance()));
                output.deleteQuietly(output.checkpoint(trialId, r.outcome().epochSeconds().size()));
            }
        }
        stopped.forEach(progress::finished);
        output.commit(stopped);
        live.committed(stopped);
        out.printf(Locale.ROOT, "early stopping (%s, reduction factor %d, rungs at epochs %s): %d of %d configurations stopped early%n",
                rule.rule().name().toLowerCase(Locale.ROOT), rule.reductionFactor(), java.util.Arrays.toString(java.util.Arrays.copyOf(
                        scheduler.milestones(), scheduler.milestones().length - 1)), scheduler.stopped().size(), plan.configs().size());
    }

    /** The metric the rungs compared (after auto was resolved), for the console. */
    String metric() {
        return metric == null ? rule.metric() : metric;
    }
}
