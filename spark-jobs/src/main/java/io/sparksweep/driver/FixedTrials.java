package io.sparksweep.driver;

import io.sparksweep.console.Progress;
import io.sparksweep.space.Hyperparameter;
import io.sparksweep.spark.SparkTrials;
import io.sparksweep.spark.SweepSpark;
import io.sparksweep.spark.TrialTask;
import io.sparksweep.store.SweepOutput;
import io.sparksweep.trial.TrialResult;
import io.sparksweep.trial.TrialSegment;
import io.sparksweep.trial.TrialSpec;
import io.sparksweep.util.SparkJobException;

import java.util.ArrayList;
import java.util.List;

/**
 * The driver's loop for a sweep whose trials are all known up front (grid or random search without
 * early stopping): one Spark job with a task per pending trial, longest first, each result committed
 * to trials/ as it arrives. {@link AdaptiveTrials} is the loop for early stopping and tpe.
 */
final class FixedTrials {

    private FixedTrials() {}

    /**
     * @param saveFinalNetworks whether each trial stores its final network, for the models the sweep keeps
     * @param finalNetworks     told of every committed row: deletes networks that cannot be kept
     */
    static void run(
            SweepSpark spark,
            List<TrialSpec> pending,
            TrialTask task,
            SweepOutput output,
            Progress progress,
            LiveReport live,
            boolean saveFinalNetworks,
            FinalNetworks finalNetworks)
            throws InterruptedException {
        spark.describeJobs("sparksweep: " + pending.size() + " trials");
        SparkTrials job = spark.trials(task);
        job.submit(pending.stream()
                .map(t -> saveFinalNetworks
                        ? new TrialSegment(
                                t,
                                0,
                                t.config().integer(Hyperparameter.EPOCHS),
                                null,
                                output.networks()
                                        .checkpoint(t.trialId(), t.config().integer(Hyperparameter.EPOCHS)))
                        : TrialSegment.whole(t))
                .toList());
        List<TrialResult> uncommitted = new ArrayList<>();
        int commitsSinceCompaction = 0;
        long lastCommit = System.nanoTime() - SweepRun.COMMIT_INTERVAL_NANOS;
        try {
            while (!job.drained()) {
                // what has arrived is committed at once (one Parquet file per burst), at most every
                // half second: a killed driver loses the trials still running and at most half a
                // second of finished ones, and a sweep of 5-ms trials does not write a file per trial
                for (TrialResult r = job.poll(100); r != null; r = job.poll(0)) {
                    uncommitted.add(r);
                    progress.finished(r);
                }
                if (!uncommitted.isEmpty() && System.nanoTime() - lastCommit >= SweepRun.COMMIT_INTERVAL_NANOS) {
                    lastCommit = System.nanoTime();
                    output.commit(uncommitted);
                    live.committed(uncommitted);
                    finalNetworks.ended(uncommitted);
                    uncommitted.clear();
                    if (++commitsSinceCompaction >= SweepRun.COMPACT_EVERY) {
                        output.compactTrials(SweepRun.COMPACT_EVERY); // a few files, not one per commit
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
            throw new SparkJobException(failure);
        }
    }
}
