package io.sparksweep.train;

import io.sparksweep.plan.Corners;
import io.sparksweep.plan.TrialPlanner;
import io.sparksweep.space.Hyperparameter;
import io.sparksweep.sweepfile.SweepFileLoader;
import io.sparksweep.trial.Config;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class NetworkCheckTest {

    @Test
    void configurationsThatDifferOnlyInTheOptimizersNumbersAreBuiltOnce() {
        var plan = TrialPlanner.plan(SweepFileLoader.parse("""
                name: g
                dataset: mnist
                search:
                  learning_rate: {values: [0.01, 0.05, 0.2, 0.8]}
                  width: {values: [32, 128, 512]}
                  l2: {values: [1.0e-5, 1.0e-4]}
                  activation: {values: [relu, tanh]}
                """, "g.yaml"));
        List<Config> all = Corners.withPlanned(plan);
        assertEquals(48, all.size());
        List<Config> built = NetworkCheck.toBuild(all);
        assertEquals(6, built.size(), "3 widths x 2 activations");
        Set<String> networks = built.stream()
                .map(c -> c.get(Hyperparameter.WIDTH) + "/" + c.get(Hyperparameter.ACTIVATION))
                .collect(Collectors.toSet());
        assertEquals(6, networks.size(), "each network once");
        assertEquals(all.get(0), built.get(0), "the first of each in the plan's order");
        for (Config c : built) {
            assertNull(NetworkCheck.problem(c, new NetworkCheck.Shape(28, 28, 10, false)), c.toString());
        }
    }
}
