package io.sparksweep.plan;

import io.sparksweep.space.Hyperparameter;
import io.sparksweep.space.SweepDefinition;
import io.sparksweep.trial.Config;
import io.sparksweep.trial.TrialSpec;

import java.util.List;

/**
 * Everything a sweep will run, known before Spark starts.
 *
 * @param configs  distinct configurations in plan order
 * @param trials   every configuration × repeat, longest expected first
 * @param searched the hyperparameters the sweep varies (for progress lines and reports)
 */
public record Plan(
        SweepDefinition sweep,
        List<Config> configs,
        List<TrialSpec> trials,
        List<Hyperparameter> searched,
        int duplicateDraws) {

    public Plan {
        configs = List.copyOf(configs);
        trials = List.copyOf(trials);
        searched = List.copyOf(searched);
    }
}
