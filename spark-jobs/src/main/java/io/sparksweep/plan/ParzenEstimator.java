package io.sparksweep.plan;

import org.apache.commons.math3.special.Erf;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A weighted mixture of Gaussians truncated to [low, high]: one kernel per observation plus a wide
 * prior kernel centred on the range, fitted as Optuna's univariate TPE does (bandwidth from the
 * distances to the neighbouring observations, clipped by Optuna's "magic clip").
 */
final class ParzenEstimator {

    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

    private final double[] mus;
    private final double[] sigmas;
    private final double[] weights;
    private final double[] logNorm; // log of each kernel's mass inside [low, high]
    private final double low;
    private final double high;

    private ParzenEstimator(double[] mus, double[] sigmas, double[] weights, double low, double high) {
        this.mus = mus;
        this.sigmas = sigmas;
        this.weights = weights;
        this.low = low;
        this.high = high;
        this.logNorm = new double[mus.length];
        for (int k = 0; k < mus.length; k++) {
            logNorm[k] = logMass(k, low, high);
        }
    }

    /** Fits the mixture to observations in [low, high] (low < high), oldest first. */
    static ParzenEstimator fit(double[] observations, double low, double high) {
        int n = observations.length;
        double range = high - low;
        double[] mus = Arrays.copyOf(observations, n + 1);
        double[] sigmas = new double[n + 1];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(observations[a], observations[b]));
        double minSigma = range / Math.min(100.0, 1.0 + n + 1); // n observations and the prior, as Optuna counts
        for (int s = 0; s < n; s++) {
            double x = observations[order[s]];
            double left = x - (s == 0 ? low : observations[order[s - 1]]);
            double right = (s == n - 1 ? high : observations[order[s + 1]]) - x;
            double sigma = Math.max(left, right);
            // the outermost kernels ignore the distance to the bound (Optuna's consider_endpoints=False)
            if (n >= 2 && s == 0) {
                sigma = right;
            } else if (n >= 2 && s == n - 1) {
                sigma = left;
            }
            sigmas[order[s]] = Math.min(Math.max(sigma, minSigma), range);
        }
        mus[n] = 0.5 * (low + high);
        sigmas[n] = range;
        return new ParzenEstimator(mus, sigmas, weights(n), low, high);
    }

    /**
     * Optuna's default weights: equal for up to 25 observations, beyond that the oldest ramp down
     * so that recent results count more; the prior weighs 1. Normalised to sum 1.
     */
    static double[] weights(int n) {
        double[] w = new double[n + 1];
        int ramp = Math.max(0, n - 25);
        for (int i = 0; i < n; i++) {
            // numpy's linspace(1/n, 1, n - 25) for the oldest n - 25, then ones
            w[i] = i >= ramp ? 1.0 : ramp == 1 ? 1.0 / n : 1.0 / n + (1.0 - 1.0 / n) * i / (ramp - 1);
        }
        w[n] = 1.0;
        double sum = Arrays.stream(w).sum();
        for (int i = 0; i <= n; i++) {
            w[i] /= sum;
        }
        return w;
    }

    double sample(SplittableRandom rng) {
        int k = pick(weights, rng.nextDouble());
        double a = cdf((low - mus[k]) / sigmas[k]);
        double b = cdf((high - mus[k]) / sigmas[k]);
        double u = a + rng.nextDouble() * (b - a);
        double z = Math.sqrt(2) * Erf.erfInv(2 * u - 1);
        return Math.min(high, Math.max(low, mus[k] + sigmas[k] * z));
    }

    /** Log density at x (inside [low, high]). */
    double logDensity(double x) {
        double[] terms = new double[mus.length];
        for (int k = 0; k < mus.length; k++) {
            double z = (x - mus[k]) / sigmas[k];
            terms[k] = Math.log(weights[k]) - 0.5 * z * z - LOG_SQRT_2PI - Math.log(sigmas[k]) - logNorm[k];
        }
        return logSumExp(terms);
    }

    /** Log of the mixture's mass on [a, b], for an integer's bin. */
    double logMass(double a, double b) {
        double[] terms = new double[mus.length];
        for (int k = 0; k < mus.length; k++) {
            terms[k] = Math.log(weights[k]) + logMass(k, a, b) - logNorm[k];
        }
        return logSumExp(terms);
    }

    /** Log mass of kernel k's untruncated Gaussian on [a, b], computed on the tail side that keeps precision. */
    private double logMass(int k, double a, double b) {
        double za = (a - mus[k]) / sigmas[k];
        double zb = (b - mus[k]) / sigmas[k];
        double mass = za > 0 ? cdf(-za) - cdf(-zb) : cdf(zb) - cdf(za);
        return Math.log(mass);
    }

    static double cdf(double z) {
        return 0.5 * Erf.erfc(-z / Math.sqrt(2));
    }

    /** The index whose cumulative weight first exceeds u. */
    static int pick(double[] weights, double u) {
        double acc = 0;
        for (int i = 0; i < weights.length - 1; i++) {
            acc += weights[i];
            if (u < acc) {
                return i;
            }
        }
        return weights.length - 1;
    }

    static double logSumExp(double[] terms) {
        double max = Double.NEGATIVE_INFINITY;
        for (double t : terms) {
            max = Math.max(max, t);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        double sum = 0;
        for (double t : terms) {
            sum += Math.exp(t - max);
        }
        return max + Math.log(sum);
    }
}
