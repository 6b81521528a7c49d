package io.sparksweep.trial;

import java.io.Serializable;

/**
 * One trial of the plan: a configuration, which repeat of it, and the seed that drives weight
 * init, shuffling and noise. Re-running a TrialSpec alone gives the same numbers.
 *
 * @param expectedCost relative training cost, used to start the longest trials first
 */
public record TrialSpec(
        String sweep,
        String trialId,
        String configId,
        int repeat,
        long seed,
        Config config,
        double expectedCost) implements Serializable {
}
