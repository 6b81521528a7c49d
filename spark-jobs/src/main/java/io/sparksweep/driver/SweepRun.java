package io.sparksweep.driver;

import io.sparksweep.api.DataShape;
import io.sparksweep.console.PlanPrinter;
import io.sparksweep.console.Progress;
import io.sparksweep.console.SummaryPrinter;
import io.sparksweep.plan.Corners;
import io.sparksweep.plan.Plan;
import io.sparksweep.plan.SweepGrowth;
import io.sparksweep.plan.TrialPlanner;
import io.sparksweep.report.RetrainedModel;
import io.sparksweep.report.SweepReport;
import io.sparksweep.space.DeclaredMetric;
import io.sparksweep.space.Hyperparameter;
import io.sparksweep.space.SearchMethod;
import io.sparksweep.space.SweepDefinition;
import io.sparksweep.spark.SweepSpark;
import io.sparksweep.spark.TrialTask;
import io.sparksweep.stats.ConfigSummary;
import io.sparksweep.stats.RaceStanding;
import io.sparksweep.store.OutputLock;
import io.sparksweep.store.StoredPlanResolver;
import io.sparksweep.store.SweepOutput;
import io.sparksweep.sweepfile.SweepFileLoader;
import io.sparksweep.train.ModelSource;
import io.sparksweep.train.NetworkCheck;
import io.sparksweep.train.Trainer;
import io.sparksweep.train.UserModelProbe;
import io.sparksweep.train.UserModelTrainer;
import io.sparksweep.train.UserModels;
import io.sparksweep.trial.Config;
import io.sparksweep.trial.Provenance;
import io.sparksweep.trial.TrialResult;
import io.sparksweep.trial.TrialSpec;
import io.sparksweep.trial.TrialStatus;
import io.sparksweep.trial.Versions;
import io.sparksweep.util.BadInputException;
import io.sparksweep.util.NoTrialTrainedException;
import io.sparksweep.util.RefusedException;

import org.apache.hadoop.conf.Configuration;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * One sweep, start to finish: validate and plan, check the dataset, then run the trials not yet
 * stored on Spark, committing finished ones as they arrive, and write the summary. Everything that
 * can be refused is checked before anything is written.
 */
public final class SweepRun {

    /** Options of one run; see {@code SweepCli} for their meaning. */
    public record Options(
            String sweepFile,
            String outDir,
            String dataDir,
            String master,
            boolean dryRun,
            boolean fresh,
            int threadsPerTrial,
            String rerunTrial) {}

    /**
     * What tests and benchmarks swap in; sweeps run with {@link #NONE}.
     *
     * @param trainer          trains each trial segment on the executors
     * @param killAfterReports early stopping, tpe and racing: given the count of reports committed so far,
     *                         true makes the driver stop there as a killed one would (tests of resume)
     */
    public record Hooks(Trainer trainer, IntPredicate killAfterReports) {
        /** Real training, no injected faults. */
        public static final Hooks NONE = new Hooks(Trainer.DL4J, reports -> false);
    }

    /** The driver's own timings of the last {@link #execute()}, for the scale benchmark. */
    public record Timings(int trialsRun, double trialsSeconds, double summarySeconds) {}

    /** The shortest time between two commits of finished trials. */
    static final long COMMIT_INTERVAL_NANOS = 500_000_000L;
    /** Commits between two compactions of trials/ while a sweep runs. */
    static final int COMPACT_EVERY = 64;

    /** The named datasets' images (mnist and fashion-mnist): 28x28, 10 classes. */
    private static final NetworkCheck.Shape NAMED_IMAGES = new NetworkCheck.Shape(28, 28, 10, false);

    private final Options options;
    private final PrintStream out;
    private final Hooks hooks;
    private long epochsTrained = -1; // by this run, with early stopping
    private String earlyStoppingMetric;
    private Timings timings;
    private String outputFolder;
    private SweepSpark attached; // the caller's Spark (the programmatic entry), or null to start one
    private ModelSource given; // the model given in code (the programmatic entry), or null for model.class
    private boolean traced;

    public SweepRun(Options options, PrintStream out) {
        this(options, out, Hooks.NONE);
    }

    public SweepRun(Options options, PrintStream out, Hooks hooks) {
        this.options = options;
        this.out = out;
        this.hooks = hooks;
    }

    /** @return the trials of the plan, stored in the output folder (all of them when this returns normally) */
    public List<TrialResult> execute() throws InterruptedException {
        long started = System.nanoTime();
        String sweepText = SweepSource.read(options.sweepFile());
        if (given != null) {
            sweepText = GivenModel.named(sweepText, given.name());
        }
        if (options.dataDir() != null) {
            // a user's model that reads its own data finds --data-dir here, on executors in their environment
            System.setProperty("sparksweep.data.dir", options.dataDir());
            System.setProperty("spark.executorEnv.SPARKSWEEP_DATA_DIR", options.dataDir());
        }
        SweepDefinition sweep = SweepFileLoader.parse(
                sweepText, options.sweepFile(), given == null ? UserModels.RESOLVER : UserModels.resolverFor(given));
        Plan plan = TrialPlanner.plan(sweep);
        if (options.dryRun()) {
            NetworkCheck.Shape shape = null;
            if (sweep.dataset() == null) {
                // the model brings its own data: its networks are built without a shape to check
            } else if (sweep.dataset().isTable()) { // read it as a run would: a wrong path or label fails here
                shape = SweepData.readTableOnDriver(sweep, options.threadsPerTrial(), out, null)
                        .shape();
            } else if (sweep.dataset().isNamed()) {
                shape = NAMED_IMAGES;
            }
            if (sweep.isUserModel()) {
                out.println(UserModelProbe.requireBuildable(
                        modelSource(sweep), Corners.withPlanned(plan), dataShape(shape), plan.searched()));
            } else if (shape != null) {
                List<Config> configs = Corners.withPlanned(plan);
                NetworkCheck.requireBuildable(configs, shape, plan.searched());
                out.printf(
                        "networks: %s builds for %dx%d inputs%n",
                        configs.size() == 1
                                ? "the configuration"
                                : "every one of the " + configs.size() + " configurations checked",
                        shape.rows(),
                        shape.cols());
            }
            PlanPrinter.print(plan, out);
            return List.of();
        }
        if (sweep.method() == SearchMethod.TPE) {
            // the plan holds only the random startup draws; TPE proposes the rest as results arrive
            out.printf(
                    "sweep %s: %d configurations (%d random to start, then TPE's proposals) x %s = %s trials "
                            + "(tpe search)%n",
                    sweep.name(),
                    sweep.samples(),
                    plan.configs().size(),
                    sweep.isRacing() ? sweep.racing().describe() : sweep.repeats() + " repeats",
                    sweep.isRacing()
                            ? sweep.samples() * sweep.racing().min() + " to " + sweep.samples() * sweep.repeats()
                            : String.valueOf(sweep.samples() * sweep.repeats()));
        } else if (sweep.isRacing()) {
            out.printf(
                    "sweep %s: %d configurations x %s = %d to %d trials (%s search)%n",
                    sweep.name(),
                    plan.configs().size(),
                    sweep.racing().describe(),
                    plan.configs().size() * sweep.racing().min(),
                    plan.trials().size(),
                    sweep.method().name().toLowerCase(Locale.ROOT));
        } else {
            out.printf(
                    "sweep %s: %d configurations x %d repeats = %d trials (%s search)%n",
                    sweep.name(),
                    plan.configs().size(),
                    sweep.repeats(),
                    plan.trials().size(),
                    sweep.method().name().toLowerCase(Locale.ROOT));
        }
        TrialSpec rerun = options.rerunTrial() == null ? null : trialToRerun(plan);

        SweepOutput output = new SweepOutput(options.outDir(), sweep.name(), new Configuration());
        outputFolder = output.root().toString();
        output.requireUsable();
        if (rerun != null) {
            SweepData d = sweep.dataset() == null
                    ? SweepData.MODEL_SUPPLIED
                    : sweep.dataset().isTable()
                            ? SweepData.readTableOnDriver(sweep, options.threadsPerTrial(), out, output.root())
                            : SweepData.loadImages(sweep, options.dataDir(), out);
            return List.of(
                    TrialRerun.run(rerun, d.trainingData(rerun, sweep), d.sha256(), output, plan, trainer(sweep), out));
        }
        // Everything refusable is checked before anything is written: the folder's lock, the sweep
        // it holds, whether its results are readable, the dataset, the Spark master.
        try (OutputLock lock = output.lock()) {
            Interrupt interrupt = Interrupt.during(output.root().toString(), lock, System.err);
            try {
                return runLocked(sweep, sweepText, plan, output, started, interrupt);
            } finally {
                interrupt.remove();
            }
        }
    }

    /** Whether this JVM is shutting down because a sweep was interrupted (Ctrl-C): its errors are expected. */
    public static boolean interrupted() {
        return Interrupt.happened();
    }

    /** The output folder of the last {@link #execute()} ({@code out/<sweep name>}); null before it ran. */
    public String outputFolder() {
        return outputFolder;
    }

    /** Runs on the caller's Spark instead of starting one; it is left running ({@code api.Sweeps}). */
    public SweepRun on(SweepSpark spark) {
        this.attached = spark;
        return this;
    }

    /**
     * Runs the model given in code instead of loading {@code model.class} by name ({@code api.Sweeps}):
     * a sweep file without {@code model:} takes its name; one naming another model is refused.
     */
    public SweepRun withModel(ModelSource model) {
        this.given = model;
        return this;
    }

    /**
     * Early stopping and tpe: print where each segment's time went at the end and write
     * {@code trace.csv} ({@link SweepTrace}), with the output folder's peak size.
     */
    public SweepRun traced(boolean on) {
        this.traced = on;
        return this;
    }

    /** What the last {@link #execute()} spent where; null before it ran. */
    public Timings timings() {
        return timings;
    }

    private TrialSpec trialToRerun(Plan plan) {
        return plan.trials().stream()
                .filter(t -> t.trialId().equals(options.rerunTrial()))
                .findFirst()
                .orElseThrow(() -> new RefusedException("no trial " + options.rerunTrial() + " in the plan of sweep "
                        + plan.sweep().name() + " (--dry-run lists them)"));
    }

    private List<TrialResult> runLocked(
            SweepDefinition sweep, String sweepText, Plan plan, SweepOutput output, long started, Interrupt interrupt)
            throws InterruptedException {
        SweepGrowth growth = growthSinceStored(plan, output);
        Work work = Work.of(sweep, plan, output, options.fresh(), growth);
        interrupt.counting(() -> work.alreadyStored(plan) + output.committed(), work.total());
        SweepSpark spark = null;
        SweepData dataset = null;
        if (!work.pending().isEmpty()) {
            CompletableFuture<Void> earlyCheck = checkWhileSparkStarts(sweep, plan);
            spark = attached != null
                    ? attached
                    : SweepSpark.start(sweep.name(), options.master(), options.threadsPerTrial());
            dataset = loadWhileSparkStarts(sweep, spark);
            spark.awaitStarted(); // a Spark that did not start is reported before anything is written
            try {
                requireSameDataset(dataset, output, work);
                // every network the sweep can train builds, before anything is written
                if (earlyCheck != null) {
                    awaitCheck(earlyCheck);
                } else if (sweep.isUserModel()) {
                    out.println(UserModelProbe.requireBuildable(
                            modelSource(sweep),
                            Corners.withPlanned(plan),
                            dataShape(dataset.shape()),
                            plan.searched()));
                } else {
                    NetworkCheck.requireBuildable(Corners.withPlanned(plan), dataset.shape(), plan.searched());
                }
            } catch (RuntimeException e) {
                spark.stop();
                throw e;
            }
        }
        double trialsSeconds = 0;
        boolean ran = false;
        try {
            prepareOutput(plan, sweepText, output, work);
            if (dataset != null && (dataset.table() != null || dataset.isStreamed())) {
                output.writeDataset(dataset.datasetDocument());
                dataset = dataset.written(output.root()); // a streamed table: encoded into files by Spark
            }
            if (spark != null) {
                long t0 = System.nanoTime();
                train(spark, dataset, plan, output, work);
                trialsSeconds = (System.nanoTime() - t0) / 1e9;
            }
            ran = true;
        } finally {
            if (spark != null && !ran) {
                spark.stop(); // on failure, before the error is reported
            }
        }
        // on success Spark stops (~1 s) while the summary and report are written
        Thread stopping = spark == null ? null : spark.stopInBackground();
        long afterTrials = System.nanoTime();
        List<TrialResult> trials = summariseAndReport(sweep, plan, output, work, dataset, started);
        if (stopping != null) {
            stopping.join();
        }
        timings = new Timings(work.pending().size(), trialsSeconds, (System.nanoTime() - afterTrials) / 1e9);
        requireSomeTrialTrained(trials);
        return trials;
    }

    /**
     * A sweep whose every trial FAILED is stored like any other (the rows say why), but it is not a
     * success: exit non-zero, naming the commonest reason.
     */
    static void requireSomeTrialTrained(List<TrialResult> trials) {
        if (trials.isEmpty() || !trials.stream().allMatch(t -> t.outcome().status() == TrialStatus.FAILED)) {
            return;
        }
        Map<String, Long> reasons = trials.stream()
                .collect(Collectors.groupingBy(
                        t -> String.valueOf(t.outcome().errorMessage()), TreeMap::new, Collectors.counting()));
        Map.Entry<String, Long> commonest =
                reasons.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
        throw new NoTrialTrainedException(trials.size(), commonest.getKey(), commonest.getValue());
    }

    /**
     * Null when the folder holds this sweep as it is (or nothing); the growth when the file changed
     * only in ways that keep every stored trial; otherwise refused, naming the change.
     */
    private SweepGrowth growthSinceStored(Plan plan, SweepOutput output) {
        String storedSha = output.storedSweepSha();
        if (storedSha == null || storedSha.equals(plan.sweep().sha256()) || options.fresh()) {
            return null;
        }
        String storedText = output.storedSweepText();
        SweepDefinition stored = null;
        try {
            // declarations as they were stored, so a class changed since is named, not taken for another sweep
            stored = storedText == null
                    ? null
                    : SweepFileLoader.parse(storedText, output.root() + "/sweep.yaml", new StoredPlanResolver(output));
        } catch (BadInputException e) {
            // written by another version: compared by hash alone
        }
        if (stored == null || !stored.sha256().equals(storedSha)) {
            throw new RefusedException(output.root() + " holds results of a different sweep named '"
                    + plan.sweep().name()
                    + "' (the file changed since); rerun with --fresh to replace them, or give the sweep a new name");
        }
        return SweepGrowth.between(
                TrialPlanner.plan(stored),
                plan,
                output.storedTrialIds(),
                output.root().toString());
    }

    /** Stored trials are kept only if they were trained on the bytes this run reads. */
    private static void requireSameDataset(SweepData dataset, SweepOutput output, Work work) {
        if (work.stored().isEmpty() || dataset.modelSupplied()) {
            return;
        }
        Set<String> stored = output.storedDatasetShas();
        stored.remove(null);
        stored.remove(dataset.sha256());
        if (!stored.isEmpty()) {
            throw new RefusedException(output.root() + " holds trials trained on other data (dataset sha256 "
                    + stored.iterator().next().substring(0, 12) + "..., now "
                    + dataset.sha256().substring(0, 12)
                    + "...): the dataset changed since; rerun with --fresh to replace them");
        }
    }

    /**
     * What this run has to do.
     *
     * @param stored   trial ids already in the output folder
     * @param pending  the trials to run; with early stopping, tpe or racing, all of the plan until its log says
     *                 it ended (the scheduler decides what runs)
     * @param adaptive early stopping, tpe or racing
     * @param total    the trials the finished sweep holds
     * @param inSweep  whether a stored trial id belongs to this sweep (tpe proposes configurations as it
     *                 runs: every stored trial does)
     * @param growth   how the sweep file grew since the stored trials, or null
     */
    private record Work(
            Set<String> stored,
            List<TrialSpec> pending,
            boolean adaptive,
            int total,
            Predicate<String> inSweep,
            SweepGrowth growth) {

        static Work of(SweepDefinition sweep, Plan plan, SweepOutput output, boolean fresh, SweepGrowth growth) {
            Set<String> stored = fresh ? Set.of() : output.storedTrialIds();
            boolean tpe = sweep.method() == SearchMethod.TPE;
            boolean adaptive = sweep.earlyStopping() != null || tpe || sweep.isRacing();
            List<TrialSpec> pending;
            if (raceOnly(sweep)) {
                pending = !fresh && RaceLog.read(output).isComplete() ? List.of() : plan.trials();
            } else if (adaptive) {
                // a tpe sweep given more samples continues its log
                boolean ended = !fresh && RungLog.read(output).isComplete() && (growth == null || !growth.tpe());
                pending = ended ? List.of() : plan.trials();
            } else {
                pending = plan.trials().stream()
                        .filter(t -> !stored.contains(t.trialId()))
                        .toList();
            }
            int total = tpe ? sweep.samples() * sweep.repeats() : plan.trials().size();
            Predicate<String> inSweep = tpe
                    ? id -> true
                    : Set.copyOf(plan.trials().stream().map(TrialSpec::trialId).toList())::contains;
            return new Work(stored, pending, adaptive, total, inSweep, growth);
        }

        int alreadyStored(Plan plan) {
            return adaptive ? stored.size() : plan.trials().size() - pending.size();
        }
    }

    /**
     * sparksweep's own networks on a named dataset, whose shape is known before it loads: checked on a
     * thread of their own while Spark starts and the images load (~1 s of start-up here, most of it DL4J's
     * first use, which the first trials then find done). Null when the check needs the loaded dataset.
     */
    private static CompletableFuture<Void> checkWhileSparkStarts(SweepDefinition sweep, Plan plan) {
        if (sweep.isUserModel() || sweep.dataset() == null || !sweep.dataset().isNamed()) {
            return null;
        }
        return CompletableFuture.runAsync(
                () -> NetworkCheck.requireBuildable(Corners.withPlanned(plan), NAMED_IMAGES, plan.searched()),
                command -> {
                    Thread t = new Thread(command, "sparksweep-network-check");
                    t.setDaemon(true);
                    t.start();
                });
    }

    /** Waits for {@link #checkWhileSparkStarts}; its refusal is rethrown as it was thrown. */
    private static void awaitCheck(CompletableFuture<Void> check) {
        try {
            check.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /** A dataset that is refused stops Spark again before anything is written. */
    private SweepData loadWhileSparkStarts(SweepDefinition sweep, SweepSpark spark) throws InterruptedException {
        try {
            if (sweep.dataset() == null) {
                return SweepData.MODEL_SUPPLIED;
            }
            return sweep.dataset().isTable()
                    ? SweepData.readTable(sweep, spark, out)
                    : SweepData.loadImages(sweep, options.dataDir(), out);
        } catch (RuntimeException e) {
            spark.stop();
            throw e;
        }
    }

    /** The first writes: an older sweep's results removed with --fresh, leftovers of a killed run, the plan. */
    private void prepareOutput(Plan plan, String sweepText, SweepOutput output, Work work) {
        if (options.fresh()) {
            output.delete();
        }
        output.removeLeftovers();
        output.writePlan(plan, sweepText);
        int alreadyStored = work.alreadyStored(plan);
        if (work.growth() != null) {
            out.println(work.growth().describe(work.pending().size()));
        } else if (alreadyStored > 0 && !work.adaptive()) {
            out.printf(
                    work.pending().isEmpty()
                            ? "all %d of %d trials already stored in %s: nothing to run%n"
                            : "%d of %d trials already stored in %s; running the other %d%n",
                    alreadyStored,
                    plan.trials().size(),
                    output.trialsDir(),
                    work.pending().size());
        }
    }

    /** Trains the pending trials on Spark, committing them as they arrive, with the report kept fresh meanwhile. */
    private void train(SweepSpark spark, SweepData dataset, Plan plan, SweepOutput output, Work work)
            throws InterruptedException {
        SweepDefinition sweep = plan.sweep();
        String warning = spark.threadsWarning(System.getenv("OMP_NUM_THREADS"));
        if (warning != null) {
            out.println(warning);
        }
        Provenance provenance = new Provenance(
                Versions.sparksweep(),
                System.getProperty("java.version"),
                spark.version(),
                Versions.dl4j(),
                Versions.blas(),
                sweep.sha256(),
                dataset.sha256());
        Progress progress = new Progress(out, plan.searched(), work.total(), work.alreadyStored(plan));
        if (sweep.earlyStopping() != null || sweep.isRacing()) {
            progress.withoutEta(); // the scheduler decides how many trials run
        }
        // report/ rewritten now and then while trials arrive (in the background, never holding a commit)
        try (LiveReport live = new LiveReport(sweep, output, work.inSweep(), progress, out)) {
            Trainer trainer = trainer(sweep);
            TrialTask task = dataset.modelSupplied()
                    ? spark.modelTask(sweep.divergence(), provenance, trainer)
                    : dataset.isStreamed()
                            ? spark.encodedTableTask(dataset.encoded(), sweep.divergence(), provenance, trainer)
                            : dataset.table() != null
                                    ? spark.tableTask(dataset.table(), sweep.divergence(), provenance, trainer)
                                    : spark.imageTask(
                                            dataset.where().location(),
                                            dataset.where().knownName(),
                                            sweep.dataset().validationFraction(),
                                            sweep.seed(),
                                            sweep.robustness(),
                                            sweep.divergence(),
                                            provenance,
                                            trainer);
            if (raceOnly(sweep)) {
                new RaceTrials(
                                spark,
                                task,
                                plan,
                                output,
                                progress,
                                live,
                                out,
                                hooks.killAfterReports(),
                                sweep.keepModels() > 0 && hooks.trainer().producesNetworks())
                        .run();
            } else if (work.adaptive()) {
                AdaptiveTrials loop = new AdaptiveTrials(
                        spark, task, plan, output, progress, live, out, hooks.killAfterReports(), traced);
                epochsTrained = loop.run();
                earlyStoppingMetric = loop.metric();
            } else {
                FixedTrials.run(
                        spark,
                        work.pending(),
                        task,
                        output,
                        progress,
                        live,
                        sweep.keepModels() > 0 && hooks.trainer().producesNetworks(),
                        new FinalNetworks(
                                sweep.repeats(),
                                sweep.keepModels(),
                                id -> output.networks()
                                        .deleteQuietly(output.networks().checkpoint(id, epochsOf(sweep)))));
            }
        }
    }

    /**
     * A race on its own (grid or random, racing.json); with tpe or early stopping the race runs inside
     * the adaptive loop (early_stopping.json).
     */
    static boolean raceOnly(SweepDefinition sweep) {
        return sweep.isRacing() && sweep.earlyStopping() == null && sweep.method() != SearchMethod.TPE;
    }

    private static int epochsOf(SweepDefinition sweep) {
        return sweep.baseValues().get(Hyperparameter.EPOCHS) instanceof Number n ? n.intValue() : 0;
    }

    /**
     * What trains the trials: a user's network through DL4J's fit, sparksweep's own networks, or what
     * a test or benchmark swapped in.
     */
    private Trainer trainer(SweepDefinition sweep) {
        return sweep.isUserModel() && hooks.trainer() == Trainer.DL4J
                ? new UserModelTrainer(modelSource(sweep))
                : hooks.trainer();
    }

    /** Where a user network's trials get their model: the one given in code, else the class the file names. */
    private ModelSource modelSource(SweepDefinition sweep) {
        return given != null ? given : UserModels.byName(sweep.model().className());
    }

    /** A dataset's shape as a user's model sees it; null when the model brings its own data. */
    private static DataShape dataShape(NetworkCheck.Shape shape) {
        return shape == null
                ? null
                : new DataShape(
                        shape.rows() * shape.cols(),
                        shape.rows(),
                        shape.cols(),
                        shape.regression() ? 0 : shape.classes());
    }

    /** Reads the stored trials back, writes the summary, prints the table, keeps models and writes the report. */
    private List<TrialResult> summariseAndReport(
            SweepDefinition sweep, Plan plan, SweepOutput output, Work work, SweepData dataset, long started) {
        boolean trained = dataset != null;
        StoredResults results = sweep.earlyStopping() != null
                ? StoredResults.readWhole(output, work.inSweep()) // the rung plot draws every configuration's curve
                : StoredResults.read(output, work.inSweep());
        List<TrialResult> trials = results.trials();
        List<ConfigSummary> summary = results.summary();
        if (sweep.isRacing()) {
            Map<String, RaceStanding> standings =
                    raceOnly(sweep) ? RaceTrials.standings(plan, output) : AdaptiveTrials.standings(plan, output);
            summary = summary.stream()
                    .map(s -> s.withRace(standings.get(s.configId())))
                    .toList();
        }
        output.writeSummary(summary);
        SummaryPrinter.print(summary, plan.searched(), declaredMetrics(sweep), out);
        if (sweep.earlyStopping() != null) {
            printEpochsSaved(sweep, plan, trials);
        }
        if (trained && hooks.trainer().producesNetworks()) {
            KeptModels.keep(
                    output,
                    sweep.keepModels(),
                    sweep.baseValues().get(Hyperparameter.EPOCHS) instanceof Number n ? n.intValue() : 0,
                    summary,
                    trials,
                    sweep.dataset() == null
                            ? sweep.model().className()
                            : sweep.dataset().label(),
                    dataset.preprocessing(),
                    out);
        }
        out.println("report: "
                + output.writeReport(SweepReport.build(
                        sweep.name(),
                        sweep.description(),
                        trials,
                        summary,
                        null,
                        sweep.robustness(),
                        declaredMetrics(sweep),
                        RetrainedModel.parseAll(output.networks().retrainedSidecars()))));
        out.printf(
                "%d trials (%d ok, %d diverged, %d failed%s) and %d configurations in %s  [%s]%n",
                trials.size(),
                count(trials, TrialStatus.OK),
                count(trials, TrialStatus.DIVERGED),
                count(trials, TrialStatus.FAILED),
                sweep.earlyStopping() == null ? "" : ", " + count(trials, TrialStatus.STOPPED) + " stopped early",
                summary.size(),
                output.root(),
                Progress.duration((System.nanoTime() - started) / 1e9));
        return trials;
    }

    /** The epochs every trial trained, against what the full sweep would have trained. */
    private void printEpochsSaved(SweepDefinition sweep, Plan plan, List<TrialResult> trials) {
        long trained = trials.stream()
                .mapToLong(t -> t.outcome().epochSeconds().size())
                .sum();
        long configsTimesRepeats = sweep.method() == SearchMethod.TPE
                ? (long) sweep.samples() * sweep.repeats()
                : plan.trials().size();
        long full = configsTimesRepeats * ((Number) sweep.baseValues().get(Hyperparameter.EPOCHS)).intValue();
        out.printf(
                Locale.ROOT,
                "early stopping: %d of %d epochs trained (%.1fx fewer than the full sweep), decided on %s%s%n",
                trained,
                full,
                trained == 0 ? 0.0 : (double) full / trained,
                earlyStoppingMetric == null ? sweep.earlyStopping().metric() : earlyStoppingMetric,
                epochsTrained >= 0 ? "; " + epochsTrained + " of them by this run" : "");
    }

    /** A user network's declared metrics (their order and direction for the table and the report); none for built-in sweeps. */
    static List<DeclaredMetric> declaredMetrics(SweepDefinition sweep) {
        return sweep.model() == null ? List.of() : sweep.model().metrics();
    }

    private static long count(List<TrialResult> trials, TrialStatus status) {
        return trials.stream().filter(t -> t.outcome().status() == status).count();
    }
}
