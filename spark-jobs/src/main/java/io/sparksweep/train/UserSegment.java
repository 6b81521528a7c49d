package io.sparksweep.train;

import io.sparksweep.api.TrialContext;

import java.io.Serializable;

/**
 * What one task trains of a user model's trial: epochs {@code fromEpoch+1 .. toEpoch}, as a
 * {@link io.sparksweep.trial.TrialSegment} says for a built-in one. A segment that starts after
 * epoch 0 continues from the checkpoint {@code resumeFrom}; one with {@code saveTo} stores the network
 * there when it ends (a checkpoint, or after the trial's last epoch the final network to keep). Paths
 * are fully qualified Hadoop paths.
 *
 * @param trial what the model's {@code build} and {@code data} are given; its seed drives the trial
 */
public record UserSegment(TrialContext trial, int fromEpoch, int toEpoch, String resumeFrom, String saveTo)
        implements Serializable {

    /** @throws IllegalArgumentException epochs out of the trial's range, or a resume without a checkpoint (or the reverse) */
    public UserSegment {
        int epochs = trial.epochs();
        if (fromEpoch < 0 || toEpoch <= fromEpoch || toEpoch > epochs || (fromEpoch > 0) != (resumeFrom != null)) {
            throw new IllegalArgumentException("segment " + fromEpoch + ".." + toEpoch + " of a " + epochs
                    + "-epoch trial" + (resumeFrom == null ? "" : " from " + resumeFrom));
        }
    }

    /** The whole trial in one task, nothing stored. */
    public static UserSegment whole(TrialContext trial) {
        return new UserSegment(trial, 0, trial.epochs(), null, null);
    }

    /** Whether it ends at the trial's last epoch. */
    public boolean isLast() {
        return toEpoch == trial.epochs();
    }
}
