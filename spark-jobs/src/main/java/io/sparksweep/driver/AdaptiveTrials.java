package io.sparksweep.driver;

import io.sparksweep.console.Progress;
import io.sparksweep.plan.Plan;
import io.sparksweep.plan.RaceScheduler;
import io.sparksweep.plan.RungScheduler;
import io.sparksweep.plan.Seeds;
import io.sparksweep.plan.StartOrder;
import io.sparksweep.plan.TpeSampler;
import io.sparksweep.plan.TrialPlanner;
import io.sparksweep.space.EarlyStopping;
import io.sparksweep.space.Hyperparameter;
import io.sparksweep.space.ParameterKey;
import io.sparksweep.space.Racing;
import io.sparksweep.space.SearchMethod;
import io.sparksweep.spark.SparkTrials;
import io.sparksweep.spark.SweepSpark;
import io.sparksweep.spark.TrialTask;
import io.sparksweep.stats.Numbers;
import io.sparksweep.stats.RaceStanding;
import io.sparksweep.store.SweepOutput;
import io.sparksweep.train.WarmNetworks;
import io.sparksweep.trial.Metrics;
import io.sparksweep.trial.SegmentTrace;
import io.sparksweep.trial.TrialOutcome;
import io.sparksweep.trial.TrialResult;
import io.sparksweep.trial.TrialSegment;
import io.sparksweep.trial.TrialSpec;
import io.sparksweep.trial.TrialStatus;
import io.sparksweep.util.BadInputException;
import io.sparksweep.util.RefusedException;
import io.sparksweep.util.SparkJobException;

import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntPredicate;

/**
 * The driver's loop for a sweep with {@code early_stopping} or {@code method: tpe}: asks the {@link RungScheduler} for work
 * whenever a configuration's repeats fit in the free task slots, submits them as one small Spark job
 * (a task per repeat, each continuing from its checkpoint), and feeds every finished segment back.
 * Segments that end at a rung go to rungs/, finished trials to trials/; at the end the configurations
 * left at a rung become STOPPED rows. The log of starts and reports makes a killed driver's rerun continue.
 * With tpe, a new configuration is proposed whenever the scheduler has none to start and a slot is free
 * (without early stopping every configuration is one segment from epoch 0 to the last).
 *
 * <p>With racing ({@code repeats: {min, max}}) the rung scheduler trains every configuration's first
 * {@code min} repeats; a configuration whose repeats reach the last epoch joins the {@link RaceScheduler}
 * with them, and a free slot the rung scheduler cannot use goes to the race's next extra repeat (a whole
 * trial, epoch 0 to the last), before tpe proposes another configuration. Configurations stopped at a
 * rung never join the race: they are stopped, not eliminated. tpe's objective for a racing
 * configuration is its mean over the repeats run so far.
 */
final class AdaptiveTrials {

    private final SweepSpark spark;
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
    private final Map<String, TrialResult> latest; // each trial's furthest segment row
    private final RungScheduler scheduler;
    private final RungLog log;
    private String metric; // resolved from "auto" at the first OK segment
    private final TpeSampler tpe; // null unless method: tpe
    private final Map<String, Map<ParameterKey, Object>> points =
            new HashMap<>(); // tpe: each configuration's searched values
    private int proposals;
    private final Deque<Integer> loggedEnds; // tpe: proposals at each logged end; a grown sweep went on after one
    private final IntPredicate killAfterReports; // SweepRun.Hooks: tests stop the driver as a kill would
    private int reports;
    private Set<String> alreadyFinal = Set.of();
    private SweepTrace trace; // from the start of run()
    private final FinalNetworks finalNetworks;
    private final int rungRepeats; // repeats the rung scheduler trains per configuration: racing's min
    private final RaceScheduler race; // null unless racing
    private final Map<String, Map<Integer, Double>> lastValues =
            new HashMap<>(); // racing: config -> repeat -> value at the last epoch (null: diverged or failed)
    private final Set<String> raceRunning = new HashSet<>(); // racing: trial ids of extra repeats training
    private final List<String> eliminatedSinceCommit = new ArrayList<>();
    private boolean replaying;
    private final boolean traced; // --trace: print the breakdown, write trace.csv, measure the folder's size

    AdaptiveTrials(
            SweepSpark spark,
            TrialTask task,
            Plan plan,
            SweepOutput output,
            Progress progress,
            LiveReport live,
            PrintStream out,
            IntPredicate killAfterReports,
            boolean traced) {
        this.spark = spark;
        this.traced = traced;
        this.killAfterReports = killAfterReports;
        this.task = task;
        this.plan = plan;
        this.output = output;
        this.progress = progress;
        this.live = live;
        this.out = out;
        // no early stopping: one "rung" at the last epoch, so every configuration trains in one segment
        this.epochs = ((Number) plan.sweep().baseValues().get(Hyperparameter.EPOCHS)).intValue();
        this.rule = plan.sweep().earlyStopping() != null
                ? plan.sweep().earlyStopping()
                : new EarlyStopping(EarlyStopping.Rule.ASHA, 2, epochs, EarlyStopping.AUTO);
        this.tpe = plan.sweep().method() == SearchMethod.TPE
                ? new TpeSampler(
                        plan.sweep().search(),
                        plan.sweep().tpe(),
                        plan.sweep().seed(),
                        plan.sweep().baseValues())
                : null;
        this.keepModels = plan.sweep().keepModels();
        Racing racing = plan.sweep().racing();
        this.rungRepeats = racing == null ? plan.sweep().repeats() : racing.min();
        this.race = racing == null ? null : new RaceScheduler(List.of(), racing);
        this.finalNetworks = new FinalNetworks(
                racing == null
                        ? id -> plan.sweep().repeats()
                        // racing: known once eliminated; one still racing is left to KeptModels
                        : id -> race.contains(id) && race.eliminated(id) ? race.started(id) : Integer.MAX_VALUE,
                keepModels,
                trialId -> output.networks().deleteQuietly(output.networks().checkpoint(trialId, epochs)));
        this.metric = EarlyStopping.AUTO.equals(rule.metric()) ? null : rule.metric();
        log = RungLog.read(output);
        // a random search's draw order; an early-stopping grid's seeded shuffle (StartOrder); tpe proposes as it goes
        List<String> configIds = List.of();
        if (tpe == null) {
            plan.trials().forEach(t -> specs.put(t.trialId(), t));
            List<String> listed = plan.configs().stream()
                    .map(c -> Seeds.configId(c.canonical()))
                    .toList();
            configIds = StartOrder.resumed(StartOrder.of(plan.sweep(), listed), listed, log.firstStarts());
        }
        scheduler = new RungScheduler(configIds, rungRepeats, epochs, rule);
        scheduler.expectMore(tpe != null && plan.sweep().samples() > 0);
        latest = log.size() == 0 ? new HashMap<>() : new HashMap<>(output.latestRungRows());
        // replayed as the earlier runs decided: each expected no more proposals after its last one
        loggedEnds = new ArrayDeque<>(log.proposalsAtEnds());
        replaying = true;
        log.replay(
                scheduler,
                output,
                this::replayProposal,
                () -> {
                    loggedEnds.pollFirst();
                    scheduler.expectMore(tpe != null && proposals < proposalLimit());
                },
                e -> rungReported(e.config(), e.repeat(), e.epoch(), e.value()),
                this::replayRace);
        replaying = false;
    }

    /**
     * Where the race stored in {@code output} left every configuration that joined it (racing with tpe
     * or early stopping): a replay of {@code early_stopping.json}. Stopped configurations never joined.
     */
    static Map<String, RaceStanding> standings(Plan plan, SweepOutput output) {
        AdaptiveTrials replayed = new AdaptiveTrials(null, null, plan, output, null, null, null, n -> false, false);
        return replayed.race == null ? Map.of() : replayed.race.standings();
    }

    /** A rung report; with racing, a configuration whose repeats all reached the last epoch joins the race. */
    private void rungReported(String configId, int repeat, int epoch, Double value) {
        scheduler.reported(configId, repeat, epoch, value);
        if (race == null) {
            return;
        }
        if (value == null || epoch == epochs) {
            lastValues.computeIfAbsent(configId, k -> new TreeMap<>()).put(repeat, value);
        }
        if (epoch == epochs && !scheduler.isRunning(configId)) {
            List<Double> values = new ArrayList<>();
            for (int r = 0; r < rungRepeats; r++) {
                values.add(lastValues.get(configId).get(r));
            }
            eliminated(race.join(configId, values));
        }
    }

    /** Racing: an extra repeat ended. */
    private void raceReported(String configId, int repeat, Double value) {
        eliminated(race.reported(configId, repeat, value));
    }

    private void eliminated(List<RaceScheduler.Elimination> eliminations) {
        if (replaying) {
            return; // a replay recomputes them; they were logged and printed when they happened
        }
        log.eliminated(eliminations);
        for (RaceScheduler.Elimination e : eliminations) {
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

    private String describe(String configId) {
        TrialSpec spec = specs.get(Seeds.trialId(configId, 0));
        String d = spec == null ? "" : Numbers.describe(spec.config(), plan.searched());
        return d.isEmpty() ? configId : d;
    }

    /** Replays a logged race event: a start must be the one this race would make now. */
    private void replayRace(int index, RungLog.Event e) {
        String where = output.root() + "/early_stopping.json, event " + (index + 1) + ": ";
        if (race == null) {
            throw new BadInputException(where + e.event() + " in a sweep that does not race; rerun with --fresh");
        }
        switch (e.event()) {
            case "race-start" -> {
                RaceScheduler.Start logged = new RaceScheduler.Start(e.config(), e.repeat());
                RaceScheduler.Start start = race.next().orElse(null);
                if (!logged.equals(start)) {
                    throw new BadInputException(where + "started " + logged + " but this sweep would start " + start
                            + "; rerun with --fresh");
                }
            }
            case "race-report" -> raceReported(e.config(), e.repeat(), e.value());
            case "eliminate" -> {} // for people: the reports before it decided it
            default -> throw new BadInputException(where + "unknown event " + e.event() + "; rerun with --fresh");
        }
    }

    /** Runs until the scheduler has nothing left; returns the number of epochs trained by this run. */
    long run() throws InterruptedException {
        SparkTrials trials = spark.trials(task);
        int slots = spark.slots();
        if (log.size() > 0) {
            out.printf(
                    "continuing from %d logged decisions (early_stopping.json); %d configuration(s) were training%n",
                    log.size(), scheduler.inFlight().size());
        }
        List<TrialResult> finals = new ArrayList<>(), rungRows = new ArrayList<>();
        List<String> superseded = new ArrayList<>();
        trace = new SweepTrace(slots);
        trace.loopStarted();
        // what the killed driver had running, from the same checkpoints; a trial whose final row it
        // stored but did not log yet is reported from that row, not trained (and stored) again
        Map<String, TrialResult> stored = new HashMap<>();
        if (log.size() > 0) {
            output.readTrials().forEach(t -> stored.put(t.spec().trialId(), t));
        }
        for (RungScheduler.Job j : scheduler.inFlight()) {
            List<Integer> toRun = new ArrayList<>();
            for (int repeat : j.repeats()) {
                TrialResult done = stored.get(Seeds.trialId(j.configId(), repeat));
                if (done != null && done.outcome().status() != TrialStatus.STOPPED) {
                    log.reported(j.configId(), repeat, j.toEpoch(), value(done.outcome(), j.toEpoch()));
                    rungReported(j.configId(), repeat, j.toEpoch(), value(done.outcome(), j.toEpoch()));
                } else {
                    toRun.add(repeat);
                }
            }
            if (!toRun.isEmpty()) {
                submit(trials, new RungScheduler.Job(j.configId(), j.fromEpoch(), j.toEpoch(), toRun), 0);
            }
        }
        if (race != null) { // the race's extra repeats the killed driver had running
            for (RaceScheduler.Start s : race.running()) {
                TrialResult done = stored.get(Seeds.trialId(s.configId(), s.repeat()));
                if (done != null) {
                    log.raceReported(s.configId(), s.repeat(), value(done.outcome(), epochs));
                    raceReported(s.configId(), s.repeat(), value(done.outcome(), epochs));
                } else {
                    submitRace(trials, s);
                }
            }
        }
        alreadyFinal = stored.keySet();
        long epochsTrained = 0;
        long lastCommit = 0;
        while (!scheduler.done()
                || (race != null && !race.done())
                || trials.outstanding() > 0
                || (tpe != null && proposals < plan.sweep().samples())) {
            // a configuration's repeats start together at a rung; the race's extra repeats take one slot each
            while (trials.outstanding() < slots) {
                boolean jobFits = trials.outstanding() == 0 || slots - trials.outstanding() >= rungRepeats;
                long decided = System.nanoTime();
                Optional<RungScheduler.Job> job = jobFits ? scheduler.next() : Optional.empty();
                if (job.isPresent()) {
                    log.started(job.get());
                    submit(trials, job.get(), System.nanoTime() - decided);
                    continue;
                }
                // the rungs first: an extra repeat takes a slot only when no rung job is waiting for one
                Optional<RaceScheduler.Start> extra =
                        race == null || scheduler.hasWork() ? Optional.empty() : race.next();
                if (extra.isPresent()) {
                    log.raceStarted(extra.get());
                    submitRace(trials, extra.get());
                    continue;
                }
                if (jobFits && tpe != null && proposals < plan.sweep().samples()) {
                    propose(); // then the scheduler starts it (or, a point already run, proposes again)
                    continue;
                }
                break;
            }
            // after the submissions: a slot freed by the results just received starts its next segment
            // first, and trains while the driver writes the rows (a commit took ~50 ms per segment)
            if (System.nanoTime() - lastCommit >= SweepRun.COMMIT_INTERVAL_NANOS) {
                lastCommit = System.nanoTime();
                commit(finals, rungRows, superseded);
            }
            Throwable failure = trials.failure();
            if (failure != null) {
                commit(finals, rungRows, superseded);
                throw new SparkJobException(failure);
            }
            for (TrialResult r = trials.poll(100); r != null; r = trials.poll(0)) {
                long arrived = SegmentTrace.micros(), handled = System.nanoTime();
                TrialSegment segment = running.remove(r.spec().trialId());
                epochsTrained += Math.max(0, r.outcome().epochSeconds().size() - segment.fromEpoch());
                Double value = value(r.outcome(), segment.toEpoch());
                if (raceRunning.remove(r.spec().trialId())) {
                    finals.add(r);
                    progress.finished(r);
                    log.raceReported(r.spec().configId(), r.spec().repeat(), value);
                    raceReported(r.spec().configId(), r.spec().repeat(), value);
                    trace.received(r, arrived, System.nanoTime() - handled);
                    if (killAfterReports.test(++reports)) {
                        commit(finals, rungRows, superseded);
                        throw new IllegalStateException("simulated driver kill after " + reports + " reports");
                    }
                    continue;
                }
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
                log.reported(r.spec().configId(), r.spec().repeat(), segment.toEpoch(), value);
                rungReported(r.spec().configId(), r.spec().repeat(), segment.toEpoch(), value);
                if (!scheduler.isRunning(r.spec().configId()) && !segment.isLast()) {
                    Double mean = scheduler.lastMean(r.spec().configId());
                    out.printf(
                            Locale.ROOT,
                            "  rung  epoch %-3d %s  mean %s %s over %d repeat(s)%n",
                            segment.toEpoch(),
                            Numbers.describe(r.spec().config(), plan.searched()),
                            metric(),
                            mean == null ? "-" : String.format(Locale.ROOT, "%.4f", lowerIsBetter() ? -mean : mean),
                            scheduler.alive(r.spec().configId()).size());
                }
                trace.received(r, arrived, System.nanoTime() - handled);
                if (killAfterReports.test(++reports)) {
                    commit(finals, rungRows, superseded);
                    throw new IllegalStateException("simulated driver kill after " + reports + " reports");
                }
            }
        }
        commit(finals, rungRows, superseded);
        // nothing continues from them now; in local mode this JVM is the executor, and a session
        // (api.Sweeps) lives on after the sweep (a cluster's executors keep theirs, bounded, until they end)
        WarmNetworks.forgetExecutorNetworks();
        stopTheRest();
        printRace();
        log.ended();
        log.flush(output);
        trace.loopEnded();
        if (traced) {
            trace.print(out);
            output.writeTrace(trace.csv());
        }
        return epochsTrained;
    }

    /** Rows first, then the log that refers to them, then the checkpoints nothing refers to any more. */
    private void commit(List<TrialResult> finals, List<TrialResult> rungRows, List<String> superseded) {
        long t0 = System.nanoTime();
        output.commit(finals);
        live.committed(finals);
        finalNetworks.ended(finals);
        output.commitRungs(rungRows);
        log.flush(output);
        eliminatedSinceCommit.forEach(finalNetworks::settled); // after the rows they judge are stored
        eliminatedSinceCommit.clear();
        if (traced) {
            trace.diskSample(output.bytesOnDisk()); // before the clean-up: the most the folder held
        }
        superseded.forEach(output.networks()::deleteQuietly);
        trace.committed(System.nanoTime() - t0);
        finals.clear();
        rungRows.clear();
        superseded.clear();
    }

    /**
     * tpe: the next configuration, from every configuration that is not training (its mean at the
     * furthest epoch it reached) and, with the constant liar, the ones that are. A point already in
     * the sweep counts as a proposal and is not run again.
     */
    private void propose() {
        List<TpeSampler.Observation> finished = observations();
        List<Map<ParameterKey, Object>> training = scheduler.configIds().stream()
                .filter(scheduler::isRunning)
                .map(points::get)
                .toList();
        Map<ParameterKey, Object> point = tpe.propose(proposals, finished, training);
        List<TrialSpec> trials = TrialPlanner.trialsOf(plan.sweep(), point, proposals, finished.size());
        log.proposed(trials.get(0).configId(), proposals, finished.size(), point);
        addProposal(trials, point);
        proposals++;
    }

    private void addProposal(List<TrialSpec> trials, Map<ParameterKey, Object> point) {
        if (trials.get(0).proposalIndex() + 1 >= proposalLimit()) {
            scheduler.expectMore(false); // the last proposal: the sweep may end once the scheduler idles
        }
        String id = trials.get(0).configId();
        if (!scheduler.contains(id)) {
            trials.forEach(t -> specs.put(t.trialId(), t));
            points.put(id, point);
            scheduler.add(id);
        }
    }

    /** The number of proposals the run being replayed (or this one) ends after. */
    private int proposalLimit() {
        return loggedEnds.isEmpty() ? plan.sweep().samples() : loggedEnds.peekFirst();
    }

    /**
     * Replays a logged proposal: the point is taken from the log and must give the logged configuration
     * (values it does not use set to the sweep's, as when it was proposed).
     */
    private void replayProposal(RungLog.Event e) {
        Map<ParameterKey, Object> point = ParameterKey.newMap();
        e.point().forEach((name, v) -> {
            // names resolve in the sweep's vocabulary: a user's declared parameters as well as built-in keys
            ParameterKey k = plan.sweep()
                    .parameter(name)
                    .orElseThrow(() -> new BadInputException(output.root() + "/early_stopping.json: proposal "
                            + e.index() + " sets " + name + ", which this sweep does not have; rerun with --fresh"));
            point.put(k, v instanceof Number n && k.kind() == Hyperparameter.Kind.REAL ? n.doubleValue() : v);
        });
        List<TrialSpec> trials = TrialPlanner.trialsOf(plan.sweep(), point, e.index(), e.seen());
        if (!trials.get(0).configId().equals(e.config())) {
            throw new BadInputException(
                    output.root() + "/early_stopping.json: proposal " + e.index() + " gives configuration "
                            + trials.get(0).configId() + ", the log says " + e.config() + "; rerun with --fresh");
        }
        addProposal(trials, point);
        proposals = e.index() + 1;
    }

    /**
     * Every configuration that is not training, ranked by how far it got and then its mean: TPE uses
     * only the order of the objectives, and a configuration stopped at a rung is worse than one that
     * finished. Diverged or failed ones rank last.
     */
    private List<TpeSampler.Observation> observations() {
        List<String> done = scheduler.configIds().stream()
                .filter(id -> !scheduler.isRunning(id) && scheduler.reached(id) > 0)
                .toList();
        List<String> ranked = new ArrayList<>(done);
        ranked.sort(Comparator.comparingInt((String id) -> objective(id) == null ? -1 : scheduler.reached(id))
                .thenComparingDouble(id -> objective(id) == null ? Double.NEGATIVE_INFINITY : objective(id)));
        List<TpeSampler.Observation> observations = new ArrayList<>();
        for (String id : done) {
            observations.add(new TpeSampler.Observation(points.get(id), ranked.indexOf(id)));
        }
        return observations;
    }

    /** Racing: one extra repeat, a whole trial from epoch 0, its final network kept for now if any are. */
    private void submitRace(SparkTrials trials, RaceScheduler.Start start) throws InterruptedException {
        long t0 = System.nanoTime();
        TrialSpec spec = specs.get(Seeds.trialId(start.configId(), start.repeat()));
        TrialSegment s = new TrialSegment(
                spec,
                0,
                epochs,
                null,
                keepModels == 0 ? null : output.networks().checkpoint(spec.trialId(), epochs));
        running.put(spec.trialId(), s);
        raceRunning.add(spec.trialId());
        spark.describeJobs("sparksweep: race, " + spec.trialId());
        trials.submit(List.of(s));
        trace.submitted(List.of(s), 0, System.nanoTime() - t0);
    }

    /** Racing: the extra repeats it ran, against every configuration that reached the last epoch getting max. */
    private void printRace() {
        if (race == null) {
            return;
        }
        Racing racing = plan.sweep().racing();
        List<String> joined =
                scheduler.configIds().stream().filter(race::contains).toList();
        int run = joined.stream().mapToInt(race::started).sum();
        out.printf(
                Locale.ROOT,
                "racing: %d configuration(s) reached the last epoch and raced with %d trials of %d "
                        + "(%d to %d repeats, alpha %s); %d eliminated, %d left at the top%n",
                joined.size(),
                run,
                joined.size() * racing.max(),
                racing.min(),
                racing.max(),
                racing.alpha(),
                race.eliminations().size(),
                race.live().size());
    }

    /**
     * tpe's objective: the mean at the furthest rung reached; racing, the mean over every repeat run so
     * far (an eliminated configuration keeps its mean; one still racing moves as its repeats land).
     */
    private Double objective(String configId) {
        return race != null && race.contains(configId) ? race.mean(configId) : scheduler.lastMean(configId);
    }

    /** @param decideNanos the time the scheduler took to choose the job (for the trace) */
    private void submit(SparkTrials trials, RungScheduler.Job job, long decideNanos) throws InterruptedException {
        long t0 = System.nanoTime();
        List<TrialSegment> segments = new ArrayList<>();
        for (int repeat : job.repeats()) {
            TrialSpec spec = specs.get(Seeds.trialId(job.configId(), repeat));
            boolean last = job.toEpoch() == epochs;
            TrialSegment s = new TrialSegment(
                    spec,
                    job.fromEpoch(),
                    job.toEpoch(),
                    job.fromEpoch() == 0 ? null : output.networks().checkpoint(spec.trialId(), job.fromEpoch()),
                    last && keepModels == 0 ? null : output.networks().checkpoint(spec.trialId(), job.toEpoch()));
            running.put(spec.trialId(), s);
            segments.add(s);
        }
        spark.describeJobs("sparksweep: " + job.configId() + " epochs " + (job.fromEpoch() + 1) + "-" + job.toEpoch());
        trials.submit(segments);
        trace.submitted(segments, decideNanos, System.nanoTime() - t0);
    }

    /** The rung metric after {@code epoch}, higher better; null unless the segment ended OK. */
    private Double value(TrialOutcome o, int epoch) {
        if (o.status() != TrialStatus.OK) {
            return null;
        }
        if (metric == null) {
            boolean regression = !o.curve(Metrics.TEST_RMSE).isEmpty();
            boolean autoencoder = !o.curve(Metrics.RECONSTRUCTION_LOSS).isEmpty();
            boolean validation = !o.curve(Metrics.VALIDATION_ACCURACY).isEmpty()
                    || !o.curve(Metrics.VALIDATION_RMSE).isEmpty()
                    || !o.curve(Metrics.VALIDATION_RECONSTRUCTION_LOSS).isEmpty();
            metric = autoencoder
                    ? (validation ? Metrics.VALIDATION_RECONSTRUCTION_LOSS : Metrics.RECONSTRUCTION_LOSS)
                    : regression
                            ? (validation ? Metrics.VALIDATION_RMSE : Metrics.TEST_RMSE)
                            : (validation ? Metrics.VALIDATION_ACCURACY : Metrics.TEST_ACCURACY);
        }
        List<Double> curve = switch (metric) {
            case Metrics.TEST_ACCURACY -> o.testAccuracyCurve();
            case "test_loss" -> o.testLossCurve();
            default -> o.curve(metric);
        };
        if (curve.size() < epoch) {
            throw new RefusedException(
                    "early_stopping.metric: the trials have no " + metric + " (does the dataset have that part?)");
        }
        double v = curve.get(epoch - 1);
        return lowerIsBetter() ? -v : v; // the scheduler takes higher as better
    }

    private boolean lowerIsBetter() {
        return metric != null && Metrics.lowerIsBetter(metric);
    }

    /** The configurations left at a rung: their repeats' rows as far as they went, status STOPPED. */
    private void stopTheRest() {
        List<TrialResult> stopped = new ArrayList<>();
        for (String configId : scheduler.stopped()) {
            for (int repeat : scheduler.alive(configId)) {
                String trialId = Seeds.trialId(configId, repeat);
                TrialResult r = latest.get(trialId);
                if (r == null
                        || alreadyFinal.contains(
                                trialId)) { // stored as STOPPED by a driver killed before the log ended
                    continue; // cannot happen: a stopped repeat reported a rung
                }
                stopped.add(new TrialResult(
                        r.spec(),
                        r.outcome().stopped(),
                        r.host(),
                        r.executorId(),
                        r.attempt(),
                        r.startMillis(),
                        r.endMillis(),
                        r.provenance()));
                output.networks()
                        .deleteQuietly(output.networks()
                                .checkpoint(trialId, r.outcome().epochSeconds().size()));
            }
        }
        stopped.forEach(progress::finished);
        output.commit(stopped);
        live.committed(stopped);
        if (plan.sweep().earlyStopping() == null) {
            return;
        }
        out.printf(
                Locale.ROOT,
                "early stopping (%s, reduction factor %d, rungs at epochs %s): %d of %d configurations stopped early%n",
                rule.rule().name().toLowerCase(Locale.ROOT),
                rule.reductionFactor(),
                Arrays.toString(Arrays.copyOf(scheduler.milestones(), scheduler.milestones().length - 1)),
                scheduler.stopped().size(),
                plan.configs().size());
    }

    /** The metric the rungs compared (after auto was resolved), for the console. */
    String metric() {
        return metric == null ? rule.metric() : metric;
    }
}
