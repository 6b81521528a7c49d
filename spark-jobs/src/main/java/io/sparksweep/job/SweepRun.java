package io.sparksweep.job;

import io.sparksweep.data.DatasetCache;
import io.sparksweep.data.DatasetResolver;
import io.sparksweep.data.ImageDataset;
import io.sparksweep.data.TableDataset;
import io.sparksweep.train.TrainingData;
import org.apache.spark.sql.SparkSession;
import io.sparksweep.plan.Plan;
import io.sparksweep.plan.TrialPlanner;
import io.sparksweep.report.SweepReport;
import io.sparksweep.space.SearchMethod;
import io.sparksweep.space.SweepDefinition;
import io.sparksweep.space.SweepFileLoader;
import io.sparksweep.stats.ConfigSummary;
import io.sparksweep.store.OutputLock;
import io.sparksweep.train.NativeBuild;
import io.sparksweep.store.SweepOutput;
import io.sparksweep.trial.Provenance;
import io.sparksweep.trial.TrialResult;
import io.sparksweep.trial.TrialSegment;
import io.sparksweep.trial.TrialSpec;
import io.sparksweep.trial.TrialStatus;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.serializer.KryoSerializer;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import io.sparksweep.util.BadInputException;
import io.sparksweep.util.SweepException;

/**
 * One sweep, start to finish: validate and plan, check the dataset, then run the trials not yet
 * stored on Spark, committing finished ones as they arrive, and write the summary. Everything that
 * can be refused is checked before anything is written.
 */
public final class SweepRun {

    /** Options of one run; see {@link SweepCli} for their meaning. */
    public record Options(String sweepFile, String outDir, String dataDir, String master, boolean dryRun,
                          boolean fresh, int threadsPerTrial, String rerunTrial) {
    }

    /** Input the user must fix; reported as one line with exit code 2. */
    public static final class RefusedException extends BadInputException {
        public RefusedException(String message) {
            super(message);
        }
    }

    /** The shortest time between two commits of finished trials. */
    static final long COMMIT_INTERVAL_NANOS = 500_000_000L;
    /** Commits between two compactions of trials/ while a sweep runs. */
    static final int COMPACT_EVERY = 64;

    private final Options options;
    private double trialsSeconds; // submission to the last commit, for the driver statistics
    private long epochsTrained = -1; // by this run, with early stopping
    private String earlyStoppingMetric;
    private final PrintStream out;

    public SweepRun(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /** @return the trials of the plan, stored in the output folder (all of them when this returns normally) */
    public List<TrialResult> execute() throws InterruptedException {
        long started = System.nanoTime();
        String sweepText = SweepSource.read(options.sweepFile());
        SweepDefinition sweep = SweepFileLoader.parse(sweepText, options.sweepFile());
        Plan plan = TrialPlanner.plan(sweep);
        if (options.dryRun()) {
            PlanPrinter.print(plan, out);
            return List.of();
        }
        out.printf("sweep %s: %d configurations x %d repeats = %d trials (%s search)%n", sweep.name(),
                plan.configs().size(), sweep.repeats(), plan.trials().size(), sweep.method().name().toLowerCase(Locale.ROOT));

        TrialSpec rerun = null;
        if (options.rerunTrial() != null) {
            rerun = plan.trials().stream().filter(t -> t.trialId().equals(options.rerunTrial())).findFirst()
                    .orElseThrow(() -> new RefusedException("no trial " + options.rerunTrial() + " in the plan of sweep "
                            + sweep.name() + " (--dry-run lists them)"));
        }

        SweepOutput output = new SweepOutput(options.outDir(), sweep.name(), new Configuration());
        output.requireUsable();
        if (rerun != null) {
            LoadedDataset d = sweep.dataset().isTable() ? loadTableForRerun(sweep) : loadDataset(sweep);
            return List.of(TrialRerun.run(rerun, d.trainingData(rerun, sweep), d.sha256(), output, plan, out));
        }
        // Everything refusable is checked before anything is written: the folder's lock, the sweep
        // it holds, whether its results are readable, the dataset, the Spark master.
        try (OutputLock lock = output.lock()) {
            return runLocked(sweep, sweepText, plan, output, started);
        }
    }

    /** The images (with where they came from) or the encoded table of a sweep. */
    private record LoadedDataset(DatasetResolver.Resolved where, ImageDataset data, TableDataset table) {
        String sha256() {
            return table != null ? table.sha256() : data.sha256();
        }

        TrainingData trainingData(TrialSpec spec, SweepDefinition sweep) {
            return table != null ? TrainingData.of(table) : TrainingData.of(data,
                    spec.config().isTrue(io.sparksweep.space.Hyperparameter.NORMALIZE_INPUT), sweep.dataset().validationFraction(), sweep.seed());
        }
    }

    private LoadedDataset loadDataset(SweepDefinition sweep) {
        DatasetResolver.Resolved where = DatasetResolver.resolve(sweep.dataset(), options.dataDir());
        ImageDataset data = DatasetCache.get(where.location(), where.knownName(), null);
        Double validation = sweep.dataset().validationFraction();
        String parts = validation == null ? data.trainSize() + " train / " + data.testSize() + " test images"
                : String.format(Locale.ROOT, "%d train (%.0f %% of them held out for validation) / %d test images",
                data.trainSize(), validation * 100, data.testSize());
        out.printf("dataset %s: %s, %dx%d, %d classes, sha256 %s... (from %s: %s)%n",
                sweep.dataset().label(), parts, data.rows(), data.cols(), data.numClasses(),
                data.sha256().substring(0, 12), where.origin(), where.location());
        return new LoadedDataset(where, data, null);
    }

    /** Reads a table with Spark on the driver and checks that executors can hold it. */
    private LoadedDataset loadTable(SweepDefinition sweep, JavaSparkContext jsc) {
        long t0 = System.nanoTime();
        SparkSession session = SparkSession.builder().sparkContext(jsc.sc()).getOrCreate();
        TableDataset table = TableReader.read(session, sweep.dataset().table(), sweep.seed());
        TablePrinter.print(table, sweep.dataset().table(), (System.nanoTime() - t0) / 1e9, out);
        ExecutorMemory.requireFits(table, jsc.getConf());
        return new LoadedDataset(null, null, table);
    }

    /** {@code --trial} on a table: reading it needs Spark, here in local mode on the driver. */
    private LoadedDataset loadTableForRerun(SweepDefinition sweep) throws InterruptedException {
        SparkStart spark = SparkStart.begin(sparkConf(sweep).setMaster("local[1]"));
        try {
            return loadTable(sweep, spark.await());
        } finally {
            spark.stop();
        }
    }

    private List<TrialResult> runLocked(SweepDefinition sweep, String sweepText, Plan plan, SweepOutput output,
                                        long started) throws InterruptedException {
        String storedSha = output.storedSweepSha();
        if (storedSha != null && !storedSha.equals(sweep.sha256()) && !options.fresh()) {
            throw new RefusedException(output.root() + " holds results of a different sweep named '" + sweep.name()
                    + "' (the file changed since); rerun with --fresh to replace them, or give the sweep a new name");
        }
        Set<String> stored = options.fresh() ? Set.of() : output.storedTrialIds();
        List<TrialSpec> pending = plan.trials().stream().filter(t -> !stored.contains(t.trialId())).toList();
        boolean adaptive = sweep.earlyStopping() != null || sweep.method() == SearchMethod.TPE;
        if (adaptive) {
            // the scheduler decides what runs: work is left until its log says it ended
            boolean complete = !options.fresh() && RungLog.read(output).isComplete();
            pending = complete ? List.of() : plan.trials();
        }
        int total = sweep.method() == SearchMethod.TPE ? sweep.samples() * sweep.repeats() : plan.trials().size();
        // tpe's configurations are proposed while it runs: every stored trial belongs to the sweep
        java.util.function.Predicate<String> inSweep = sweep.method() == SearchMethod.TPE ? id -> true
                : Set.copyOf(plan.trials().stream().map(TrialSpec::trialId).toList())::contains;
        SparkStart spark = null;
        LoadedDataset dataset = null;
        if (!pending.isEmpty()) {
            // Spark's start-up (~3 s) and ND4J's native library load overlap the dataset's load and
            // hash; a dataset that is refused stops Spark again before anything is written.
            SparkConf conf = sparkConf(sweep);
            MasterCheck.requireReachable(conf.get("spark.master"));
            if (conf.get("spark.master").startsWith("local")) {
                NativeBuild.warmUpInBackground(); // this JVM is the executor: load ND4J while the driver works
            }
            spark = SparkStart.begin(conf);
            try {
                dataset = sweep.dataset().isTable() ? loadTable(sweep, spark.await()) : loadDataset(sweep);
            } catch (RuntimeException e) {
                spark.stop();
                throw e;
            }
        }

        JavaSparkContext jsc = spark == null ? null : spark.await();
        boolean ran = false;
        try {
            if (options.fresh()) {
                output.delete();
            }
            output.removeLeftovers();
            output.writePlan(plan, sweepText);
            int alreadyStored = adaptive ? stored.size() : plan.trials().size() - pending.size();
            if (alreadyStored > 0 && !adaptive) {
                out.printf(pending.isEmpty() ? "all %d of %d trials already stored in %s: nothing to run%n"
                                : "%d of %d trials already stored in %s; running the other %d%n",
                        alreadyStored, plan.trials().size(), output.trialsDir(), pending.size());
            }
            if (jsc != null) {
                warnAboutThreads(jsc);
                Provenance provenance = new Provenance(Versions.sparksweep(), System.getProperty("java.version"),
                        jsc.version(), Versions.dl4j(), Versions.blas(), sweep.sha256(), dataset.sha256());
                long t0 = System.nanoTime();
                Progress progress = new Progress(out, plan.searched(), total, alreadyStored);
                if (sweep.earlyStopping() != null) {
                    progress.withoutEta();
                }
                // report/ rewritten now and then while trials arrive (in the background, never holding a commit)
                try (LiveReport live = new LiveReport(sweep, output, inSweep, progress, out)) {
                    TrialTask task = dataset.table() != null
                            ? new TrialTask(null, null, provenance, null, 0, jsc.broadcast(dataset.table()))
                            : new TrialTask(dataset.where().location(), dataset.where().knownName(), provenance,
                            sweep.dataset().validationFraction(), sweep.seed(), null, sweep.robustness());
                    if (adaptive) {
                        AdaptiveTrials loop = new AdaptiveTrials(jsc, task, plan, output, progress, live, out);
                        epochsTrained = loop.run();
                        earlyStoppingMetric = loop.metric();
                    } else {
                        runTrials(jsc, pending, task, output, progress, live, sweep.keepModels() > 0);
                    }
                }
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
        StoredResults results = sweep.earlyStopping() != null
                ? StoredResults.readWhole(output, inSweep) // the rung plot draws every configuration's curve
                : StoredResults.read(output, inSweep);
        List<TrialResult> trials = results.trials();
        List<ConfigSummary> summary = results.summary();
        output.writeSummary(summary);
        SummaryPrinter.print(summary, plan.searched(), out);
        if (sweep.earlyStopping() != null) {
            printEpochsSaved(sweep, plan, trials);
        }
        if (jsc != null && !"simulated".equals(System.getProperty("sparksweep.trainer"))) {
            KeptModels.keep(output, sweep.keepModels(), sweep.baseValues().get(io.sparksweep.space.Hyperparameter.EPOCHS) instanceof Number n
                    ? n.intValue() : 0, summary, trials, sweep.dataset().isTable(), out);
        }
        out.println("report: " + output.writeReport(SweepReport.build(sweep.name(), sweep.description(), trials, summary, null,
                sweep.robustness())));
        out.printf("%d trials (%d ok, %d diverged, %d failed%s) and %d configurations in %s  [%s]%n", trials.size(),
                count(trials, TrialStatus.OK), count(trials, TrialStatus.DIVERGED), count(trials, TrialStatus.FAILED),
                sweep.earlyStopping() == null ? "" : ", " + count(trials, TrialStatus.STOPPED) + " stopped early",
                summary.size(), output.root(), Progress.duration((System.nanoTime() - started) / 1e9));
        if (stopping != null) {
            stopping.join();
        }
        if (Boolean.getBoolean("sparksweep.driverStats")) {
            // for deploy/scale-benchmark.sh: the driver's peak heap over this run
            long peak = java.lang.management.ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getType() == java.lang.management.MemoryType.HEAP)
                    .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            out.printf(Locale.ROOT, "driver: heap peak %d MB, %d files in %s, trials phase %.1f s (%.2f ms per trial), summary and report %.1f s%n",
                    peak >> 20, io.sparksweep.store.ParquetTable.committedFiles(new Configuration(), output.trialsDir()).size(),
                    output.trialsDir(), trialsSeconds, pending.isEmpty() ? 0 : 1000 * trialsSeconds / pending.size(),
                    (System.nanoTime() - afterTrials) / 1e9);
        }
        return trials;
    }

    /** The epochs every trial trained, against what the full sweep would have trained. */
    private void printEpochsSaved(SweepDefinition sweep, Plan plan, List<TrialResult> trials) {
        long trained = trials.stream().mapToLong(t -> t.outcome().epochSeconds().size()).sum();
        long configsTimesRepeats = sweep.method() == SearchMethod.TPE ? (long) sweep.samples() * sweep.repeats() : plan.trials().size();
        long full = configsTimesRepeats * ((Number) sweep.baseValues().get(io.sparksweep.space.Hyperparameter.EPOCHS)).intValue();
        out.printf(Locale.ROOT, "early stopping: %d of %d epochs trained (%.1fx fewer than the full sweep), decided on %s%s%n",
                trained, full, trained == 0 ? 0.0 : (double) full / trained,
                earlyStoppingMetric == null ? sweep.earlyStopping().metric() : earlyStoppingMetric,
                epochsTrained >= 0 ? "; " + epochsTrained + " of them by this run" : "");
    }

    private void runTrials(JavaSparkContext jsc, List<TrialSpec> pending, TrialTask task, SweepOutput output,
                           Progress progress, LiveReport live, boolean keepFinalNetworks) throws InterruptedException {
        jsc.setJobDescription("sparksweep: " + pending.size() + " trials");
        SparkTrials job = new SparkTrials(jsc, task);
        boolean save = keepFinalNetworks && !"simulated".equals(System.getProperty("sparksweep.trainer"));
        job.submit(pending.stream().map(t -> save ? new TrialSegment(t, 0, t.config().integer(io.sparksweep.space.Hyperparameter.EPOCHS),
                null, output.checkpoint(t.trialId(), t.config().integer(io.sparksweep.space.Hyperparameter.EPOCHS)))
                : TrialSegment.whole(t)).toList());
        List<TrialResult> uncommitted = new ArrayList<>();
        int commitsSinceCompaction = 0;
        long lastCommit = System.nanoTime() - COMMIT_INTERVAL_NANOS;
        try {
            while (!job.drained()) {
                // what has arrived is committed at once (one Parquet file per burst), at most every
                // half second: a killed driver loses the trials still running and at most half a
                // second of finished ones, and a sweep of 5-ms trials does not write a file per trial
                for (TrialResult r = job.poll(100); r != null; r = job.poll(0)) {
                    uncommitted.add(r);
                    progress.finished(r);
                }
                if (!uncommitted.isEmpty() && System.nanoTime() - lastCommit >= COMMIT_INTERVAL_NANOS) {
                    lastCommit = System.nanoTime();
                    output.commit(uncommitted);
                    live.committed(uncommitted);
                    uncommitted.clear();
                    if (++commitsSinceCompaction >= COMPACT_EVERY) {
                        output.compactTrials(COMPACT_EVERY); // a few files, not one per commit
                        commitsSinceCompaction = 0;
                    }
                }
            }
        } finally {
            output.commit(uncommitted);
        }
        output.compactTrials(2);
        Throwable failure = job.failure();
        if (failure != null) {
            throw new SparkJobException(rootMessage(failure), failure);
        }
    }

    /** The Spark job itself failed (not a trial): executors lost, dataset unreadable on executors, ... */
    public static final class SparkJobException extends SweepException {
        SparkJobException(String message, Throwable cause) {
            super("the Spark job failed: " + message, cause);
        }

        @Override
        public int exitCode() {
            return JOB_FAILED;
        }
    }

    static String rootMessage(Throwable t) {
        String msg = t.getMessage() == null ? t.toString() : t.getMessage();
        // Spark wraps the executor's exception as text: keep its first line, which names the cause
        return msg.lines().filter(l -> !l.isBlank()).findFirst().orElse(msg).trim();
    }

    private SparkConf sparkConf(SweepDefinition sweep) {
        SparkConf conf = new SparkConf().setAppName("sparksweep " + sweep.name());
        if (options.master() != null) {
            conf.setMaster(options.master());
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]"); // spark-submit sets spark.master; a plain java launch gets local mode
        }
        String threads = String.valueOf(options.threadsPerTrial());
        conf.setIfMissing("spark.serializer", KryoSerializer.class.getName());
        conf.setIfMissing("spark.kryo.registrator", "org.nd4j.kryo.Nd4jRegistrator," + SweepKryoRegistrator.class.getName());
        conf.setIfMissing("spark.task.cpus", threads);
        conf.setIfMissing("spark.executorEnv.OMP_NUM_THREADS", threads);
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        return conf;
    }

    private void warnAboutThreads(JavaSparkContext jsc) {
        String omp = System.getenv("OMP_NUM_THREADS");
        String want = jsc.getConf().get("spark.task.cpus", "1");
        if (jsc.isLocal() && !want.equals(omp)) {
            out.printf("warning: OMP_NUM_THREADS is %s but each trial has %s core(s); ND4J then oversubscribes "
                    + "the CPU and trains ~3x slower. deploy/run-local.sh sets it for you.%n", omp == null ? "unset" : omp, want);
        }
    }

    private static long count(List<TrialResult> trials, TrialStatus status) {
        return trials.stream().filter(t -> t.outcome().status() == status).count();
    }
}
