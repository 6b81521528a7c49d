package io.sparksweep.api;

import java.io.Serializable;

/**
 * What a {@link SweepModel} knows about the trial it builds a network for.
 *
 * @param hyperparameters the values of the declared parameters in this trial
 * @param seed            this trial's seed (differs between repeats, fixed across runs)
 * @param trialId         the trial's id, as in the results
 * @param repeat          which repeat of its configuration (0-based)
 * @param epochs          the sweep's epochs
 * @param batchSize       the sweep's batch size (for a model's own iterators)
 * @param shape           the sweep's dataset, or null when the model supplies its own data
 */
public record TrialContext(
        Hyperparameters hyperparameters,
        long seed,
        String trialId,
        int repeat,
        int epochs,
        int batchSize,
        DataShape shape)
        implements Serializable {}
