package io.sparksweep.trial;

import io.sparksweep.space.Hyperparameter;

import java.io.Serializable;

/**
 * What one Spark task trains: epochs {@code fromEpoch+1 .. toEpoch} of a trial. A segment that
 * starts after epoch 0 continues from the checkpoint {@code resumeFrom} (or from the network that
 * wrote it, when its executor still keeps it: {@code train.WarmNetworks}); one with {@code saveTo}
 * stores the network there when it ends (a checkpoint at a rung, or the final network to keep).
 * Paths are fully qualified Hadoop paths, so any executor reads and writes them.
 */
public record TrialSegment(TrialSpec spec, int fromEpoch, int toEpoch, String resumeFrom, String saveTo)
        implements Serializable {

    public TrialSegment {
        int epochs = spec.config().integer(Hyperparameter.EPOCHS);
        if (fromEpoch < 0 || toEpoch <= fromEpoch || toEpoch > epochs || (fromEpoch > 0) != (resumeFrom != null)) {
            throw new IllegalArgumentException("segment " + fromEpoch + ".." + toEpoch + " of a " + epochs
                    + "-epoch trial" + (resumeFrom == null ? "" : " from " + resumeFrom));
        }
    }

    /** The whole trial in one task, nothing stored. */
    public static TrialSegment whole(TrialSpec spec) {
        return new TrialSegment(spec, 0, spec.config().integer(Hyperparameter.EPOCHS), null, null);
    }

    /** Whether it ends at the trial's last epoch. */
    public boolean isLast() {
        return toEpoch == spec.config().integer(Hyperparameter.EPOCHS);
    }
}
