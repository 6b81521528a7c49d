package io.sparksweep.trial;

import java.io.Serializable;

/**
 * One stored row of {@code trials/}: the spec, its outcome, where and when it ran, and provenance.
 */
public record TrialResult(
        TrialSpec spec,
        TrialOutcome outcome,
        String host,
        String executorId,
        int attempt,
        long startMillis,
        long endMillis,
        Provenance provenance) implements Serializable {
}
