package io.sparksweep.spark;

import io.sparksweep.data.DatasetCache;
import io.sparksweep.data.DatasetException;
import io.sparksweep.data.DatasetResolver;
import io.sparksweep.data.EncodedTable;
import io.sparksweep.data.EncodedTableFiles;
import io.sparksweep.data.ImageDataset;
import io.sparksweep.data.TableDataset;
import io.sparksweep.space.DatasetSpec;
import io.sparksweep.space.Divergence;
import io.sparksweep.space.Robustness;
import io.sparksweep.train.NativeBuild;
import io.sparksweep.train.Trainer;
import io.sparksweep.train.TrainingData;
import io.sparksweep.train.WarmNetworks;
import io.sparksweep.trial.Provenance;
import io.sparksweep.trial.SegmentTrace;
import io.sparksweep.trial.TrialOutcome;
import io.sparksweep.trial.TrialResult;
import io.sparksweep.trial.TrialSegment;
import io.sparksweep.trial.TrialSpec;
import io.sparksweep.trial.Versions;

import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.TaskKilledException;
import org.apache.spark.broadcast.Broadcast;
import scala.collection.Iterator;
import scala.runtime.AbstractFunction1;

import java.io.Serializable;
import java.net.InetAddress;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one Spark task does: take its single TrialSpec, train it on the executor's cached dataset,
 * and return the row. Training errors become FAILED rows (a deterministic failure is not worth
 * Spark's retries); a dataset the executor cannot read, or a lost executor, fails the task so Spark
 * retries it elsewhere.
 */
public final class TrialTask extends AbstractFunction1<Iterator<TrialSegment>, TrialResult> implements Serializable {

    /** An image dataset as executors find it, with the sweep's validation split. */
    record Images(String location, String name, Double validationFraction, long splitSeed) implements Serializable {}

    private final Images images; // null for a table
    // a table reaches each executor JVM once, as a broadcast (Spark checksums its blocks); null for images
    private final Broadcast<TableDataset> table;
    // a table encoded into files, read by each executor JVM once (EncodedTableFiles); null otherwise
    private final EncodedTable encoded;
    // The sweep's robustness block, or null. Here rather than in each TrialSegment: like the validation
    // split it is one sweep-level setting, the same for every trial, so it travels once with the task
    // closure; a segment stays "which epochs of which trial". It applies only to the segment that ends a
    // trial's last epoch (with early stopping, the final segment).
    private final Robustness robustness;
    // the sweep's divergence setting, sweep-level as the robustness block, for images and tables alike
    private final Divergence divergence;
    private final Provenance provenance;
    private final Trainer trainer;

    /** Built by {@link SweepSpark#imageTask} and {@link SweepSpark#tableTask}: exactly one of images and table. */
    TrialTask(
            Images images,
            Broadcast<TableDataset> table,
            EncodedTable encoded,
            Robustness robustness,
            Divergence divergence,
            Provenance provenance,
            Trainer trainer) {
        this.images = images;
        this.table = table;
        this.encoded = encoded;
        this.robustness = robustness;
        this.divergence = divergence;
        this.provenance = provenance;
        this.trainer = trainer;
    }

    @Override
    public TrialResult apply(Iterator<TrialSegment> segments) {
        NativeBuild.select();
        TrialSegment segment = segments.next();
        TrialSpec spec = segment.spec();
        long start = System.currentTimeMillis();
        SegmentTrace trace = SegmentTrace.start();
        TrialOutcome outcome;
        TaskContext ctx = TaskContext.get();
        try {
            long t0 = System.nanoTime();
            TrainingData data = trainingData(spec);
            SegmentTrace.since(SegmentTrace.Span.DATA, t0);
            try {
                outcome = trainer.train(
                        segment,
                        data,
                        robustness,
                        divergence,
                        WarmNetworks.executor(provenance.sweepSha256(), provenance.datasetSha256()));
            } catch (OutOfMemoryError e) {
                outcome = afterOutOfMemory(spec, e, ctx == null ? 0 : ctx.attemptNumber(), maxTaskFailures());
            }
        } finally {
            trace.finish();
        }
        if (ctx != null && ctx.isInterrupted()) {
            // the job was cancelled mid-trial: this is not a result
            throw new TaskKilledException("cancelled");
        }
        Provenance p = new Provenance(
                provenance.sparksweepVersion(),
                System.getProperty("java.version"),
                provenance.sparkVersion(),
                provenance.dl4jVersion(),
                Versions.blas(),
                provenance.sweepSha256(),
                provenance.datasetSha256());
        return new TrialResult(
                spec,
                outcome,
                hostName(),
                SparkEnv.get() == null ? "driver" : SparkEnv.get().executorId(),
                ctx == null ? 0 : ctx.attemptNumber(),
                start,
                System.currentTimeMillis(),
                p,
                trace);
    }

    /**
     * Out of memory may mean an executor too small for this network, not a bad configuration: fail
     * the task so Spark retries it (wrapped, because Spark kills an executor whose task throws a
     * fatal error), and record a FAILED row saying so only on the last attempt Spark allows.
     */
    static TrialOutcome afterOutOfMemory(TrialSpec spec, OutOfMemoryError e, int attempt, int maxFailures) {
        String what = "OutOfMemoryError (" + e.getMessage() + ") on attempt " + (attempt + 1) + " of " + maxFailures;
        if (attempt + 1 < maxFailures) {
            throw new IllegalStateException("trial " + spec.trialId() + ": " + what + "; Spark retries it");
        }
        return TrialOutcome.failed(
                what + ": the executor may be too small for this network; raise spark.executor.memory "
                        + "(heap) or spark.executor.memoryOverhead (ND4J's off-heap arrays)");
    }

    /** How many attempts Spark gives a task: local[N] 1, local[N,F] F, a cluster spark.task.maxFailures (default 4). */
    static int maxTaskFailures(String master, int configured) {
        if (master != null && (master.equals("local") || master.startsWith("local["))) {
            Matcher m = Pattern.compile("local\\[[^,\\]]+,\\s*(\\d+)\\]").matcher(master);
            return m.matches() ? Integer.parseInt(m.group(1)) : 1;
        }
        return configured;
    }

    private static int maxTaskFailures() {
        SparkEnv env = SparkEnv.get();
        return env == null
                ? 1
                : maxTaskFailures(
                        env.conf().get("spark.master", null), env.conf().getInt("spark.task.maxFailures", 4));
    }

    private TrainingData trainingData(TrialSpec spec) {
        if (encoded != null) {
            return TrainingData.of(EncodedTableFiles.load(encoded));
        }
        if (table == null && images == null) {
            return null; // a user's model that brings its own data
        }
        if (table != null) {
            TableDataset t = table.value();
            if (!t.sha256().equals(provenance.datasetSha256())) {
                throw new DatasetException(t.source() + ": this executor's copy has SHA-256 "
                        + t.sha256().substring(0, 12) + "..., not the driver's "
                        + provenance.datasetSha256().substring(0, 12) + "...");
            }
            return TrainingData.of(t);
        }
        return TrainingData.of(
                dataset(), spec.config().normalizeInput(), images.validationFraction(), images.splitSeed());
    }

    /**
     * The driver's copy when this executor can read it (local mode, a shared path or URI). Otherwise,
     * for a named dataset, the executor resolves it itself ($SPARKSWEEP_DATA_DIR, its cache, then a
     * verified download), so a cluster needs no shared disk for mnist or fashion-mnist; the hash check
     * still refuses a copy that differs from the driver's.
     */
    private ImageDataset dataset() {
        try {
            return DatasetCache.get(images.location(), images.name(), provenance.datasetSha256());
        } catch (DatasetException unreadable) {
            if (images.name() == null) {
                throw unreadable;
            }
            DatasetResolver.Resolved here = DatasetResolver.resolve(DatasetSpec.parse(images.name()), null);
            return DatasetCache.get(here.location(), images.name(), provenance.datasetSha256());
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return System.getenv().getOrDefault("HOSTNAME", "unknown");
        }
    }
}
