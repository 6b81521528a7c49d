package io.sparksweep.stats;

import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.moment.Mean;
import org.apache.commons.math3.stat.descriptive.moment.Variance;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * The tests racing decides with: a one-sided Welch t-test of a challenger against the leader, and
 * Holm's step-down correction across the challengers tested together. Pure functions.
 *
 * <p>Welch, because configurations differ in their spread over seeds (a high learning rate is noisier)
 * and racing gives them different numbers of repeats; a pooled-variance test assumes neither happens.
 * Holm, because each round tests every challenger against the same leader: it keeps the family-wise
 * error at {@code alpha} as Bonferroni does, and rejects at least as much.
 *
 * <p>A paired race ({@code paired: true}) seeds repeat r of every configuration alike, so its values at
 * the same repeat are correlated and their differences vary far less than either value: the paired
 * t-test on those differences separates close configurations that Welch cannot.
 */
public final class RaceTests {

    private RaceTests() {}

    /**
     * The p-value of "the challenger's mean is below the leader's" (one-sided Welch t-test; H0: it is
     * not). Both need two values or more. When both samples are constant the test has no spread to
     * work with: 0 if the leader's value is higher, else 1.
     */
    public static double oneSidedWelch(double[] leader, double[] challenger) {
        if (leader.length < 2 || challenger.length < 2) {
            throw new IllegalArgumentException(
                    "a Welch test needs two values a side (got " + leader.length + " and " + challenger.length + ")");
        }
        double ml = new Mean().evaluate(leader), mc = new Mean().evaluate(challenger);
        double vl = new Variance().evaluate(leader) / leader.length;
        double vc = new Variance().evaluate(challenger) / challenger.length;
        double se2 = vl + vc;
        if (se2 == 0) {
            return ml > mc ? 0.0 : 1.0;
        }
        double t = (ml - mc) / Math.sqrt(se2);
        // Welch–Satterthwaite degrees of freedom
        double df = se2 * se2 / (vl * vl / (leader.length - 1) + vc * vc / (challenger.length - 1));
        return 1.0 - new TDistribution(null, df).cumulativeProbability(t);
    }

    /**
     * The p-value of "the challenger's mean is below the leader's" from values paired by index (repeat r
     * of both, seeded alike): a one-sided t-test on the differences leader − challenger with n − 1
     * degrees of freedom. Needs two pairs or more. When every difference is the same the test has no
     * spread to work with: 0 if it is positive, else 1.
     */
    public static double oneSidedPaired(double[] leader, double[] challenger) {
        if (leader.length != challenger.length || leader.length < 2) {
            throw new IllegalArgumentException("a paired test needs two pairs or more of equal length (got "
                    + leader.length + " and " + challenger.length + ")");
        }
        int n = leader.length;
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = leader[i] - challenger[i];
        }
        double md = new Mean().evaluate(d);
        double se2 = new Variance().evaluate(d) / n;
        if (se2 == 0) {
            return md > 0 ? 0.0 : 1.0;
        }
        double t = md / Math.sqrt(se2);
        return 1.0 - new TDistribution(null, n - 1).cumulativeProbability(t);
    }

    /**
     * Holm's adjusted p-values, in the order given: sorted ascending, the i-th smallest (from 0) is
     * multiplied by m − i, capped at 1 and made non-decreasing. A hypothesis is rejected at level
     * alpha exactly when its adjusted p-value is at most alpha.
     */
    public static double[] holm(double[] p) {
        int m = p.length;
        Integer[] order = IntStream.range(0, m).boxed().toArray(Integer[]::new);
        // stable: equal p-values keep their order, so the result does not depend on the sort
        Arrays.sort(order, Comparator.comparingDouble(i -> p[i]));
        double[] adjusted = new double[m];
        double running = 0;
        for (int i = 0; i < m; i++) {
            running = Math.max(running, Math.min(1.0, (m - i) * p[order[i]]));
            adjusted[order[i]] = running;
        }
        return adjusted;
    }
}
