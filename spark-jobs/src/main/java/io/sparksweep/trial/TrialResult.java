package io.sparksweep.trial;

import java.io.Serializable;

/**
 * One stored row of {@code trials/}: the spec, its outcome, where and when it ran, and provenance.
 * {@code attempt} and the times are null only in rows read back from a version that did not store them.
 * {@code trace} is where the task's time went ({@link SegmentTrace}), on results fresh from a Spark
 * task only: it is not stored, so rows read back have none.
 */
public record TrialResult(
        TrialSpec spec,
        TrialOutcome outcome,
        String host,
        String executorId,
        Integer attempt,
        Long startMillis,
        Long endMillis,
        Provenance provenance,
        SegmentTrace trace)
        implements Serializable {

    /** A row without a trace: read back, or made on the driver. */
    public TrialResult(
            TrialSpec spec,
            TrialOutcome outcome,
            String host,
            String executorId,
            Integer attempt,
            Long startMillis,
            Long endMillis,
            Provenance provenance) {
        this(spec, outcome, host, executorId, attempt, startMillis, endMillis, provenance, null);
    }
}
