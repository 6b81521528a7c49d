package io.sparksweep.plan;

import java.util.SplittableRandom;

/**
 * TPE's estimator for a list of values, as Optuna's: each observation is a kernel putting weight
 * 1 + prior/kernels on its own value and prior/kernels on every value, the prior kernel is uniform,
 * and the kernels are mixed with {@link ParzenEstimator#weights}. No value ever gets probability 0.
 */
final class CategoricalEstimator {

    private final double[] probabilities;

    private CategoricalEstimator(double[] probabilities) {
        this.probabilities = probabilities;
    }

    /** Fits to observed indices into a list of {@code choices} values, oldest first. */
    static CategoricalEstimator fit(int[] observed, int choices) {
        int n = observed.length;
        double[] w = ParzenEstimator.weights(n);
        double spread = 1.0 / (n + 1); // prior weight 1 shared by n + 1 kernels
        double[] p = new double[choices];
        for (int k = 0; k <= n; k++) {
            double total = spread * choices + (k < n ? 1 : 0);
            for (int c = 0; c < choices; c++) {
                double mass = spread + (k < n && observed[k] == c ? 1 : 0);
                p[c] += w[k] * mass / total;
            }
        }
        return new CategoricalEstimator(p);
    }

    int sample(SplittableRandom rng) {
        return ParzenEstimator.pick(probabilities, rng.nextDouble());
    }

    double logProbability(int choice) {
        return Math.log(probabilities[choice]);
    }
}
