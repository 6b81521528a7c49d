package io.sparksweep.train;

import io.sparksweep.space.Divergence;
import io.sparksweep.space.Robustness;
import io.sparksweep.trial.TrialOutcome;
import io.sparksweep.trial.TrialSegment;

/**
 * {@link Trainer#DL4J}: the sweep's built-in networks through {@link TrialRunner}, warm networks
 * included. An enum, so that it stays one instance after travelling to an executor.
 */
enum Dl4jTrainer implements Trainer {
    INSTANCE;

    @Override
    public TrialOutcome train(TrialSegment segment, TrainingData data, Robustness robustness, Divergence divergence) {
        return TrialRunner.run(segment, data, robustness, divergence);
    }

    @Override
    public TrialOutcome train(
            TrialSegment segment, TrainingData data, Robustness robustness, Divergence divergence, WarmNetworks warm) {
        return TrialRunner.run(segment, data, robustness, divergence, warm);
    }
}
