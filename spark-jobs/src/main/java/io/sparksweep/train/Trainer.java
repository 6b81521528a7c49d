package io.sparksweep.train;

import io.sparksweep.space.Divergence;
import io.sparksweep.space.Robustness;
import io.sparksweep.trial.TrialOutcome;
import io.sparksweep.trial.TrialSegment;

import java.io.Serializable;

/**
 * What trains a trial segment on an executor. Sweeps train with {@link #DL4J}; the driver's scale
 * benchmark passes one that only simulates training, so that the driver's own path is timed alone.
 * It travels to executors inside the Spark task, hence serializable.
 */
@FunctionalInterface
public interface Trainer extends Serializable {

    /** Trains DL4J networks on this JVM ({@link TrialRunner}). */
    Trainer DL4J = Dl4jTrainer.INSTANCE;

    /**
     * Trains epochs {@code fromEpoch+1 .. toEpoch} of a trial; a failure of the configuration is a
     * FAILED outcome, not an exception.
     *
     * @param robustness the sweep's robustness block, or null
     * @param divergence the sweep's divergence setting: when a rising loss ends the trial
     */
    TrialOutcome train(TrialSegment segment, TrainingData data, Robustness robustness, Divergence divergence);

    /**
     * As {@link #train(TrialSegment, TrainingData, Robustness, Divergence)} on an executor that keeps
     * networks warm between segments ({@link WarmNetworks}); a trainer that cannot ignores them.
     */
    default TrialOutcome train(
            TrialSegment segment, TrainingData data, Robustness robustness, Divergence divergence, WarmNetworks warm) {
        return train(segment, data, robustness, divergence);
    }

    /** False for a trainer that produces no networks: nothing to checkpoint or keep. */
    default boolean producesNetworks() {
        return true;
    }
}
