package io.sparksweep.plan;

import io.sparksweep.space.Hyperparameter;
import io.sparksweep.trial.Config;

/** A trial's relative cost: epochs × multiply-adds per example. Only the order matters. */
public final class CostModel {

    /** MNIST-shaped inputs and outputs; only the ratio between configurations is used. */
    private static final int INPUTS = 784;
    private static final int OUTPUTS = 10;

    private CostModel() {
    }

    public static long weights(Config config) {
        long n = 0;
        int in = INPUTS;
        for (int w : config.hiddenWidths()) {
            n += (long) in * w + w;
            in = w;
        }
        return n + (long) in * OUTPUTS + OUTPUTS;
    }

    public static double expectedCost(Config config) {
        return (double) config.integer(Hyperparameter.EPOCHS) * weights(config);
    }
}
