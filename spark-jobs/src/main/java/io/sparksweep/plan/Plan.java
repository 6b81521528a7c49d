package io.sparksweep.plan;

import io.sparksweep.space.Applicability;
import io.sparksweep.space.Hyperparameter;
import io.sparksweep.space.ParamSpec;
import io.sparksweep.space.ParameterKey;
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
 * @param duplicateDraws    points (random draws) equal to an earlier one
 * @param conditionalMerges points that differed from an earlier one only in values they do not use
 */
public record Plan(
        SweepDefinition sweep,
        List<Config> configs,
        List<TrialSpec> trials,
        List<ParameterKey> searched,
        int duplicateDraws,
        int conditionalMerges) {

    public Plan {
        configs = List.copyOf(configs);
        trials = List.copyOf(trials);
        searched = List.copyOf(searched);
    }

    /** The grid points or draws the configurations came from. */
    public int points() {
        return configs.size() + duplicateDraws + conditionalMerges;
    }

    /** The hyperparameters the file fixes or searches that some configuration does not use, vocabulary order. */
    public List<Hyperparameter> conditional() {
        return set().stream()
                .filter(h -> configs.stream().anyMatch(c -> !Applicability.applies(h, c.values())))
                .toList();
    }

    /** The hyperparameters the file fixes or searches that no configuration uses, vocabulary order. */
    public List<Hyperparameter> unused() {
        return set().stream()
                .filter(h -> configs.stream().noneMatch(c -> Applicability.applies(h, c.values())))
                .toList();
    }

    private List<Hyperparameter> set() {
        List<ParameterKey> inSearch =
                sweep.search().stream().map(ParamSpec::parameter).toList();
        return Applicability.CONDITIONAL.stream()
                .filter(h -> sweep.fixed().containsKey(h) || inSearch.contains(h))
                .toList();
    }
}
