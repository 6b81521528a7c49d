package io.sparksweep.spark;

import io.sparksweep.data.EncodedTable;
import io.sparksweep.data.TableDataset;
import io.sparksweep.data.TablePreprocessing;
import io.sparksweep.data.TableSummary;
import io.sparksweep.space.Divergence;
import io.sparksweep.space.Robustness;
import io.sparksweep.space.TableSpec;
import io.sparksweep.train.NativeBuild;
import io.sparksweep.train.Trainer;
import io.sparksweep.trial.Provenance;
import io.sparksweep.util.RefusedException;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.sql.SparkSession;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A sweep's Spark application as the driver sees it. It starts on a background thread, so the
 * driver's own work (loading and hashing the dataset) overlaps Spark's start-up of ~3 s; it reads
 * tables, builds the task that trains trials, runs trial segments and stops. The driver reaches
 * Spark only through this class, {@link SparkTrials} and {@link TrialTask}.
 */
public final class SweepSpark {

    private final CompletableFuture<JavaSparkContext> context;
    private final boolean attached; // a caller's session: never stopped here

    /** A caller's running Spark (the programmatic entry): used as it is, and left running. */
    private SweepSpark(JavaSparkContext running) {
        context = CompletableFuture.completedFuture(running);
        attached = true;
    }

    private SweepSpark(SparkConf conf) {
        attached = false;
        // the context, and in local mode its executor, load classes through the caller's context class
        // loader (which holds --jars), not the pool thread's
        ClassLoader caller = Thread.currentThread().getContextClassLoader();
        context = CompletableFuture.supplyAsync(() -> {
            Thread thread = Thread.currentThread();
            ClassLoader was = thread.getContextClassLoader();
            thread.setContextClassLoader(caller);
            try {
                return new JavaSparkContext(conf);
            } finally {
                thread.setContextClassLoader(was);
            }
        });
    }

    /**
     * Checks that the master is reachable, then starts Spark in the background. In local mode this
     * JVM is also the executor, so ND4J's native library loads in the background too.
     *
     * @param master the Spark master URL, or null for spark-submit's or else {@code local[*]}
     */
    public static SweepSpark start(String sweepName, String master, int threadsPerTrial) {
        SparkConf conf = conf(sweepName, master, threadsPerTrial);
        MasterCheck.requireReachable(conf.get("spark.master"));
        if (conf.get("spark.master").startsWith("local")) {
            NativeBuild.warmUpInBackground();
        }
        return new SweepSpark(conf);
    }

    /**
     * As {@link #start}, for {@code retrain}: JavaCPP's pointer GC back on in the executors a cluster
     * launches (spark-defaults turns it off, right for trials, which reuse their arrays). DL4J Spark
     * deserializes new arrays every averaging round, which only that GC frees: without it an executor
     * grew to 10.9 GB of native memory on a 10 M-row retrain (docs/benchmarks.md). In local mode the
     * executor is this JVM, whose launcher sets it ({@code deploy/run-local.sh retrain}).
     */
    public static SweepSpark startForRetrain(String name, String master) {
        SparkConf conf = conf(name, master, 1);
        String key = "spark.executor.extraJavaOptions";
        if (conf.contains(key)) {
            conf.set(key, pointerGcOn(conf.get(key)));
        }
        MasterCheck.requireReachable(conf.get("spark.master"));
        return new SweepSpark(conf);
    }

    /** JVM options with JavaCPP's pointer GC turned back on where they turned it off. */
    static String pointerGcOn(String jvmOptions) {
        return jvmOptions.replace(
                "-Dorg.bytedeco.javacpp.nopointergc=true", "-Dorg.bytedeco.javacpp.nopointergc=false");
    }

    /**
     * A sweep on the caller's {@code SparkSession} (a Java program or notebook that already has one):
     * nothing is started, and {@link #stop()} leaves it running. With Kryo, the session must register
     * sparksweep's classes: Kryo cannot set the final fields of the records a trial's result is made of.
     *
     * @throws RefusedException a Kryo session without {@link SweepKryoRegistrator}
     */
    public static SweepSpark attach(SparkSession session) {
        SparkConf conf = session.sparkContext().getConf();
        boolean kryo = conf.get("spark.serializer", "").equals(KryoSerializer.class.getName());
        if (kryo && !conf.get("spark.kryo.registrator", "").contains(SweepKryoRegistrator.class.getName())) {
            throw new RefusedException("this SparkSession uses Kryo without sparksweep's classes: add "
                    + SweepKryoRegistrator.class.getName() + " to spark.kryo.registrator (with "
                    + "org.nd4j.kryo.Nd4jRegistrator), or use Spark's default serializer");
        }
        return new SweepSpark(JavaSparkContext.fromSparkContext(session.sparkContext()));
    }

    /** Spark in local mode with one slot, for work the driver does alone (reading a table for {@code --trial}). */
    public static SweepSpark startOnDriver(String sweepName, int threadsPerTrial) {
        return new SweepSpark(conf(sweepName, null, threadsPerTrial).setMaster("local[1]"));
    }

    /** What every sweep's Spark application runs with, under what spark-submit or the user already set. */
    private static SparkConf conf(String sweepName, String master, int threadsPerTrial) {
        SparkConf conf = new SparkConf().setAppName("sparksweep " + sweepName);
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]"); // spark-submit sets spark.master; a plain java launch gets local mode
        }
        String threads = String.valueOf(threadsPerTrial);
        conf.setIfMissing("spark.serializer", KryoSerializer.class.getName());
        conf.setIfMissing(
                "spark.kryo.registrator", "org.nd4j.kryo.Nd4jRegistrator," + SweepKryoRegistrator.class.getName());
        conf.setIfMissing("spark.task.cpus", threads);
        conf.setIfMissing("spark.executorEnv.OMP_NUM_THREADS", threads);
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        return conf;
    }

    /** Waits until Spark has started; Spark's own start-up failure is rethrown as it was. */
    public void awaitStarted() throws InterruptedException {
        context();
    }

    private JavaSparkContext context() throws InterruptedException {
        try {
            return context.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("Spark did not start: " + e.getCause(), e.getCause());
        }
    }

    /** Reads a sweep's table: encoded on the driver, or streamed when it does not fit there or is sampled ({@link TableReader#readForSweep}). */
    public TableReader.SweepTable readTable(TableSpec spec, long seed) throws InterruptedException {
        return TableReader.readForSweep(
                SparkSession.builder().sparkContext(context().sc()).getOrCreate(), spec, seed);
    }

    /**
     * A streamed sweep's table encoded with the statistics it stored, not computed again
     * ({@link StreamedTable#stored}); null when they are not the sweep's for the table as it is now.
     */
    public StreamedTable storedTable(
            TableSpec spec, long seed, TablePreprocessing preprocessing, TableSummary summary, String sha256)
            throws InterruptedException {
        return StreamedTable.stored(
                SparkSession.builder().sparkContext(context().sc()).getOrCreate(),
                spec,
                seed,
                preprocessing,
                summary,
                sha256);
    }

    /** Refuses a streamed table whose parts an executor could not hold ({@link ExecutorMemory}). */
    public void requireExecutorsHold(EncodedTable table) throws InterruptedException {
        ExecutorMemory.requireFits(table, context().getConf());
    }

    /** The task for a table encoded into files: each executor reads them once per JVM. */
    public TrialTask encodedTableTask(
            EncodedTable table, Divergence divergence, Provenance provenance, Trainer trainer) {
        return new TrialTask(null, null, table, null, divergence, provenance, trainer);
    }

    /** Refuses a table the executors could not receive as a broadcast ({@link ExecutorMemory}). */
    public void requireExecutorsHold(TableDataset table) throws InterruptedException {
        ExecutorMemory.requireFits(table, context().getConf());
    }

    /** Spark's version, for the trials' provenance. */
    public String version() throws InterruptedException {
        return context().version();
    }

    /**
     * A warning when ND4J's threads per process (OMP_NUM_THREADS) differ from the cores each task
     * has in local mode, or null: oversubscribed, it trains ~3x slower.
     */
    public String threadsWarning(String ompNumThreads) throws InterruptedException {
        JavaSparkContext jsc = context();
        String want = jsc.getConf().get("spark.task.cpus", "1");
        if (!jsc.isLocal() || want.equals(ompNumThreads)) {
            return null;
        }
        return String.format(
                "warning: OMP_NUM_THREADS is %s but each trial has %s core(s); ND4J then oversubscribes "
                        + "the CPU and trains ~3x slower. deploy/run-local.sh sets it for you.",
                ompNumThreads == null ? "unset" : ompNumThreads, want);
    }

    /** How many trials run at once: the default parallelism over the cores per task. */
    public int slots() throws InterruptedException {
        JavaSparkContext jsc = context();
        return Math.max(
                1, jsc.defaultParallelism() / Integer.parseInt(jsc.getConf().get("spark.task.cpus", "1")));
    }

    /**
     * The task for an image dataset: each executor reads it from {@code location} (or resolves
     * {@code name} itself) and caches it per JVM.
     *
     * @param validationFraction the share of training images held out for validation, or null
     * @param splitSeed          the seed of that split (the sweep's, so every trial holds out the same images)
     * @param robustness         the sweep's robustness block, or null
     * @param divergence         the sweep's divergence setting
     */
    public TrialTask imageTask(
            String location,
            String name,
            Double validationFraction,
            long splitSeed,
            Robustness robustness,
            Divergence divergence,
            Provenance provenance,
            Trainer trainer) {
        return new TrialTask(
                new TrialTask.Images(location, name, validationFraction, splitSeed),
                null,
                null,
                robustness,
                divergence,
                provenance,
                trainer);
    }

    /**
     * The task for an encoded table, which reaches each executor JVM once, as a broadcast.
     *
     * @param divergence the sweep's divergence setting
     */
    public TrialTask tableTask(TableDataset table, Divergence divergence, Provenance provenance, Trainer trainer)
            throws InterruptedException {
        return new TrialTask(null, context().broadcast(table), null, null, divergence, provenance, trainer);
    }

    /** The task for a user's model that brings its own data: neither images nor a table travel. */
    public TrialTask modelTask(Divergence divergence, Provenance provenance, Trainer trainer) {
        return new TrialTask(null, null, null, null, divergence, provenance, trainer);
    }

    /** A queue of trial segments run as Spark jobs with {@code task}. */
    public SparkTrials trials(TrialTask task) throws InterruptedException {
        return new SparkTrials(context(), task);
    }

    /** Trains one network data-parallel across the executors ({@link DataParallelTraining}): {@code sparksweep retrain}. */
    public DataParallelTraining dataParallel() throws InterruptedException {
        return new DataParallelTraining(context());
    }

    /** The master URL Spark runs under (local[2], spark://..., yarn). */
    public String master() throws InterruptedException {
        return context().master();
    }

    /** Names the jobs submitted from now on in Spark's UI and logs. */
    public void describeJobs(String description) throws InterruptedException {
        context().setJobDescription(description);
    }

    /** Stops Spark once it has started (waits for the start if need be); never throws. */
    public void stop() {
        if (attached) {
            return;
        }
        try {
            context.join().stop();
        } catch (RuntimeException ignored) {
            // it never started: nothing to stop
        }
    }

    /** {@link #stop()} on a background thread, so the driver writes the summary meanwhile (~1 s). */
    public Thread stopInBackground() {
        Thread t = new Thread(this::stop, "sparksweep-spark-stop");
        t.start();
        return t;
    }
}
