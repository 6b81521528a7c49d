package io.sparksweep.trial;

import java.io.Serializable;

/**
 * One stored row of {@code trials/}: the spec, its outcome, where and when it ran, and provenance.
 * {@code attempt} and the times are null only in rows read back from a version that did not store them.
 */
public record TrialResult(
        TrialSpec spec,
        TrialOutcome outcome,
        String host,
        String executorId,
        Integer attempt,
        Long startMillis,
        Long endMillis,
        Provenance provenance)
        implements Serializable {}
