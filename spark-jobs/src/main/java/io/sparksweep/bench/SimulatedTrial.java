package io.sparksweep.bench;

import io.sparksweep.space.Divergence;
import io.sparksweep.space.Hyperparameter;
import io.sparksweep.space.Robustness;
import io.sparksweep.train.Trainer;
import io.sparksweep.train.TrainingData;
import io.sparksweep.trial.TrialOutcome;
import io.sparksweep.trial.TrialSegment;
import io.sparksweep.trial.TrialSpec;
import io.sparksweep.trial.TrialStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A trial that trains nothing: a plausible outcome drawn from the trial's seed, in microseconds.
 * Only for measuring the driver's cost per trial at scale ({@link ScaleSweep}, deploy/scale-benchmark.sh)
 * and for tests of that path; rows say {@code trainer = simulated}.
 */
public final class SimulatedTrial implements Trainer {

    @Override
    public TrialOutcome train(TrialSegment segment, TrainingData data, Robustness robustness, Divergence divergence) {
        return outcome(segment.spec());
    }

    @Override
    public boolean producesNetworks() {
        return false;
    }

    /** The simulated outcome of a whole trial, from its seed alone. */
    public static TrialOutcome outcome(TrialSpec spec) {
        SplittableRandom r = new SplittableRandom(spec.seed());
        int epochs = spec.config().integer(Hyperparameter.EPOCHS);
        List<Double> acc = new ArrayList<>(),
                loss = new ArrayList<>(),
                trainLoss = new ArrayList<>(),
                seconds = new ArrayList<>();
        double a = 0.5 + 0.3 * r.nextDouble();
        for (int e = 0; e < epochs; e++) {
            a += (0.98 - a) * 0.3 * r.nextDouble();
            acc.add(a);
            loss.add(1 - a);
            trainLoss.add(1.05 - a);
            seconds.add(0.0);
        }
        double best = acc.stream().mapToDouble(d -> d).max().orElse(Double.NaN);
        return new TrialOutcome(
                TrialStatus.OK,
                null,
                acc.get(epochs - 1),
                loss.get(epochs - 1),
                best,
                trainLoss,
                acc,
                acc,
                loss,
                seconds,
                0.0,
                0.0,
                0L,
                "simulated",
                Map.of());
    }
}
