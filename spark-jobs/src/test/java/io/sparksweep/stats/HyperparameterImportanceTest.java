package io.sparksweep.stats;

import io.sparksweep.space.Hyperparameter;
import io.sparksweep.trial.Config;
import io.sparksweep.trial.Metrics;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HyperparameterImportanceTest {

    /**
     * A constructed random search: the learning rate (log-uniform) drives the accuracy, L2 is drawn
     * but has no effect, activation adds a small effect, and every mean carries a little noise.
     */
    @Test
    void theHyperparameterThatDrivesTheMetricComesFirstAndNoiseNearZero() {
        Random rng = new Random(1);
        List<ConfigSummary> summary = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            double lr = Math.pow(10, -3 + 3 * rng.nextDouble());
            double l2 = Math.pow(10, -6 + 4 * rng.nextDouble());
            String activation = rng.nextBoolean() ? "relu" : "tanh";
            double acc = 0.5
                    + 0.15 * Math.log10(lr * 1000)
                    + ("relu".equals(activation) ? 0.01 : 0)
                    + 0.01 * rng.nextGaussian();
            summary.add(config(i, lr, l2, activation, acc));
        }
        List<HyperparameterImportance.Estimate> e = HyperparameterImportance.of(
                summary, List.of(Hyperparameter.LEARNING_RATE, Hyperparameter.ACTIVATION, Hyperparameter.L2));
        assertEquals(Hyperparameter.LEARNING_RATE, e.get(0).hyperparameter());
        assertTrue(e.get(0).share() > 0.8, e.toString());
        double l2 = e.stream()
                .filter(x -> x.hyperparameter() == Hyperparameter.L2)
                .findFirst()
                .orElseThrow()
                .share();
        assertTrue(l2 < 0.1, "noise explains next to nothing: " + e);
        assertEquals(5, e.get(0).groups(), "40 distinct learning rates in 5 equal-count bins");
    }

    @Test
    void epsilonSquaredByHand() {
        // groups {1, 3} and {5, 7}: mean 4, SS_total 20, SS_between 16, MS_within 4/2 = 2 -> (16 - 2) / 20
        assertEquals(
                0.7,
                HyperparameterImportance.epsilonSquared(new double[] {1, 3, 5, 7}, new int[] {0, 0, 1, 1}, 2),
                1e-12);
        // no difference between groups: clipped at 0 rather than negative
        assertEquals(
                0.0,
                HyperparameterImportance.epsilonSquared(new double[] {1, 3, 1, 3}, new int[] {0, 0, 1, 1}, 2),
                1e-12);
    }

    @Test
    void tooFewConfigurationsGiveNoEstimate() {
        List<ConfigSummary> three =
                List.of(config(0, 0.1, 0, "relu", 0.9), config(1, 0.2, 0, "relu", 0.8), config(2, 0.3, 0, "relu", 0.7));
        assertTrue(HyperparameterImportance.of(three, List.of(Hyperparameter.LEARNING_RATE))
                .isEmpty());
    }

    private static ConfigSummary config(int i, double lr, double l2, String activation, double acc) {
        Map<Hyperparameter, Object> v = new EnumMap<>(Hyperparameter.class);
        for (Hyperparameter h : Hyperparameter.values()) {
            v.put(h, h.defaultValue());
        }
        v.put(Hyperparameter.LEARNING_RATE, lr);
        v.put(Hyperparameter.L2, l2);
        v.put(Hyperparameter.ACTIVATION, activation);
        MetricSummary m = MetricSummary.of(new double[] {acc});
        return new ConfigSummary(
                "s", "c" + i, new Config(v), 1, 1, 0, 0, m, m, m, i + 1, null, Map.of(), Metrics.TEST_ACCURACY, null);
    }
}
