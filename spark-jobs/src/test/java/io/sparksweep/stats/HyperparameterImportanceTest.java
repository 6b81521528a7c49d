package io.sparksweep.stats;

import io.sparksweep.space.Hyperparameter;
import io.sparksweep.trial.Config;
import io.sparksweep.trial.Metrics;

import org.junit.jupiter.api.Test;
import org.tribuo.common.tree.LeafNode;
import org.tribuo.common.tree.Node;
import org.tribuo.common.tree.SplitNode;
import org.tribuo.regression.Regressor;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** fANOVA over a random forest: exact on hand-built trees, right on functions whose importances are known, and on sweeps. */
class HyperparameterImportanceTest {

    private static Node<Regressor> leaf(double v) {
        return new LeafNode<>(0, new Regressor("y", v), Map.of(), false);
    }

    /** A split on feature {@code id} at {@code at}: above it {@code greater}, else {@code lessOrEqual}. */
    private static Node<Regressor> split(int id, double at, Node<Regressor> lessOrEqual, Node<Regressor> greater) {
        return new SplitNode<>(at, id, 0, greater, lessOrEqual);
    }

    private static final List<ForestAnova.Dimension> TWO_BY_TWO = List.of(
            new ForestAnova.Dimension("a", new double[] {0, 1}), new ForestAnova.Dimension("b", new double[] {0, 1}));

    @Test
    void aTreesMainEffectsAreExact() {
        // y = a: all of the variance is a's
        assertArrayEquals(
                new double[] {1, 0},
                ForestAnova.treeShares(split(0, 0.5, leaf(0), leaf(1)), TWO_BY_TWO, new int[] {0, 1}),
                1e-12);
        // y = a XOR b: all interaction, no main effect
        Node<Regressor> xor = split(0, 0.5, split(1, 0.5, leaf(0), leaf(1)), split(1, 0.5, leaf(1), leaf(0)));
        assertArrayEquals(new double[] {0, 0}, ForestAnova.treeShares(xor, TWO_BY_TWO, new int[] {0, 1}), 1e-12);
        // y = 2a + b: variances 1 and 1/4 of 5/4 in all, additive so the shares add up to 1
        Node<Regressor> additive = split(0, 0.5, split(1, 0.5, leaf(0), leaf(1)), split(1, 0.5, leaf(2), leaf(3)));
        assertArrayEquals(
                new double[] {0.8, 0.2}, ForestAnova.treeShares(additive, TWO_BY_TWO, new int[] {0, 1}), 1e-12);
        assertNull(ForestAnova.treeShares(leaf(3), TWO_BY_TWO, new int[] {0, 1}), "a constant tree has no variance");
    }

    @Test
    void aStrongAndAWeakTermGetTheirShares() {
        // y = 10 a + b on a 10 x 10 grid: a explains 100/101 of the variance, b 1/101
        List<ForestAnova.Dimension> dims =
                List.of(new ForestAnova.Dimension("a", grid(10)), new ForestAnova.Dimension("b", grid(10)));
        double[][] x = new double[100][];
        double[] y = new double[100];
        for (int i = 0; i < 100; i++) {
            x[i] = new double[] {i / 10 / 9.0, i % 10 / 9.0};
            y[i] = 10 * x[i][0] + x[i][1];
        }
        List<ForestAnova.Share> s = ForestAnova.shares(dims, x, y);
        assertEquals(100.0 / 101, s.get(0).mean(), 0.03, s.toString());
        assertEquals(1.0 / 101, s.get(1).mean(), 0.02, s.toString());
    }

    @Test
    void braninWithAnIrrelevantDimension() {
        // Branin on [-5, 10] x [0, 15] and a third dimension nothing depends on, 200 random points
        Random rng = new Random(4);
        int n = 200;
        double[][] x = new double[n][];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double x1 = -5 + 15 * rng.nextDouble(), x2 = 15 * rng.nextDouble(), x3 = rng.nextDouble();
            x[i] = new double[] {x1, x2, x3};
            double b = 5.1 / (4 * Math.PI * Math.PI), c = 5 / Math.PI, t = 1 / (8 * Math.PI);
            y[i] = Math.pow(x2 - b * x1 * x1 + c * x1 - 6, 2) + 10 * (1 - t) * Math.cos(x1) + 10;
        }
        List<ForestAnova.Dimension> dims = List.of(
                new ForestAnova.Dimension("x1", range(-5, 10)),
                new ForestAnova.Dimension("x2", range(0, 15)),
                new ForestAnova.Dimension("x3", range(0, 1)));
        List<ForestAnova.Share> s = ForestAnova.shares(dims, x, y);
        assertTrue(s.get(2).mean() < 0.03, "the irrelevant dimension: " + s);
        assertTrue(s.get(0).mean() > 0.1 && s.get(1).mean() > 0.1, "both of Branin's dimensions matter: " + s);
    }

    /**
     * A random search like the one a user reported (issue 25, where the old one-way ANOVA table gave
     * learning_rate 0 %): the learning rate (log-uniform over 1e-3..8) decides the accuracy, width and
     * l2 do nothing, activation a little, and above a rate of 1 the configuration diverges.
     */
    @Test
    void theLearningRateThatDecidesARandomSearchComesFirst() {
        Random rng = new Random(1);
        List<ConfigSummary> summary = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            double lr = Math.pow(10, -3 + Math.log10(8000) * rng.nextDouble());
            double l2 = Math.pow(10, -6 + 4 * rng.nextDouble());
            int width = 16 + rng.nextInt(500);
            String activation = rng.nextBoolean() ? "relu" : "tanh";
            // diverged above lr 1: no mean; below, accuracy rises with log lr
            Double acc = lr > 1
                    ? null
                    : 0.36
                            + 0.18 * Math.log10(lr * 1000)
                            + ("relu".equals(activation) ? 0.01 : 0)
                            + 0.01 * rng.nextGaussian();
            summary.add(config(i, lr, l2, width, activation, acc));
        }
        HyperparameterImportance.Importance imp = HyperparameterImportance.of(
                summary,
                List.of(
                        Hyperparameter.LEARNING_RATE,
                        Hyperparameter.WIDTH,
                        Hyperparameter.L2,
                        Hyperparameter.ACTIVATION));
        List<HyperparameterImportance.Estimate> e = imp.estimates();
        assertEquals(Hyperparameter.LEARNING_RATE, e.get(0).hyperparameter(), e.toString());
        assertTrue(e.get(0).share() > 0.6, e.toString());
        assertEquals("log", e.get(0).scale());
        for (HyperparameterImportance.Estimate other : e.subList(1, e.size())) {
            assertTrue(other.share() < 0.15, "width, l2 and activation explain little: " + e);
        }
        assertEquals(16, imp.total());
        assertTrue(
                imp.covered() < 16 && imp.covered() >= 4, "the diverged configurations are left out: " + imp.covered());
    }

    @Test
    void tooFewConfigurationsGiveNoEstimate() {
        List<ConfigSummary> three = List.of(
                config(0, 0.1, 0, 10, "relu", 0.9),
                config(1, 0.2, 0, 10, "relu", 0.8),
                config(2, 0.3, 0, 10, "relu", 0.7));
        assertTrue(HyperparameterImportance.of(three, List.of(Hyperparameter.LEARNING_RATE))
                .isEmpty());
    }

    @Test
    void theScaleFollowsTheValues() {
        assertEquals(
                "log",
                HyperparameterImportance.scaled(List.of(0.001, 0.01, 0.1, 1.0)).scale());
        assertArrayEquals(
                new double[] {-3, -2, -1, 0},
                HyperparameterImportance.scaled(List.of(0.001, 0.01, 0.1, 1.0)).atoms(),
                1e-12);
        assertEquals(
                "linear", HyperparameterImportance.scaled(List.of(10, 20, 30)).scale());
        assertEquals(
                "choice",
                HyperparameterImportance.scaled(List.of("tanh", "relu", "tanh")).scale());
        assertEquals(
                HyperparameterImportance.RANGE_POINTS,
                HyperparameterImportance.scaled(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14))
                        .atoms()
                        .length,
                "many distinct values: a range");
    }

    private static double[] grid(int n) {
        double[] g = new double[n];
        for (int i = 0; i < n; i++) {
            g[i] = i / (n - 1.0);
        }
        return g;
    }

    private static double[] range(double lo, double hi) {
        double[] g = new double[32];
        for (int i = 0; i < 32; i++) {
            g[i] = lo + (i + 0.5) * (hi - lo) / 32;
        }
        return g;
    }

    private static ConfigSummary config(int i, double lr, double l2, int width, String activation, Double acc) {
        Map<Hyperparameter, Object> v = new EnumMap<>(Hyperparameter.class);
        for (Hyperparameter h : Hyperparameter.values()) {
            v.put(h, h.defaultValue());
        }
        v.put(Hyperparameter.LEARNING_RATE, lr);
        v.put(Hyperparameter.L2, l2);
        v.put(Hyperparameter.WIDTH, width);
        v.put(Hyperparameter.ACTIVATION, activation);
        MetricSummary m = acc == null ? MetricSummary.of(new double[0]) : MetricSummary.of(new double[] {acc});
        return new ConfigSummary(
                "s",
                "c" + i,
                new Config(v),
                1,
                1,
                0,
                0,
                m,
                m,
                m,
                i + 1,
                null,
                Map.of(),
                Metrics.TEST_ACCURACY,
                null,
                null);
    }
}
