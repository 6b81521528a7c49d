package io.sparksweep.trial;

import java.io.Serializable;

/**
 * One trial of the plan: a configuration, which repeat of it, and the seed that drives weight
 * init, shuffling and noise. Re-running a TrialSpec alone gives the same numbers.
 *
 * @param expectedCost relative training cost, used to start the longest trials first
 * @param proposalIndex tpe only: which proposal of the sweep this configuration was (from 0), else null
 * @param proposalSeen  tpe only: how many finished configurations the sampler saw when it proposed it
 */
public record TrialSpec(
        String sweep,
        String trialId,
        String configId,
        int repeat,
        long seed,
        Config config,
        double expectedCost,
        Integer proposalIndex,
        Integer proposalSeen)
        implements Serializable {

    /** A trial of a planned (grid or random) configuration. */
    public TrialSpec(
            String sweep, String trialId, String configId, int repeat, long seed, Config config, double expectedCost) {
        this(sweep, trialId, configId, repeat, seed, config, expectedCost, null, null);
    }
}
