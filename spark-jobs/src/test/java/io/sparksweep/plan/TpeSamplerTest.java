package io.sparksweep.plan;

import io.sparksweep.plan.TpeSampler.Observation;
import io.sparksweep.space.ParamSpec;
import io.sparksweep.space.ParamSpec.Distribution;
import io.sparksweep.space.ParameterKey;
import io.sparksweep.space.TpeSettings;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

import static io.sparksweep.space.Hyperparameter.ACTIVATION;
import static io.sparksweep.space.Hyperparameter.BATCH_SIZE;
import static io.sparksweep.space.Hyperparameter.EPOCHS;
import static io.sparksweep.space.Hyperparameter.INPUT_NOISE;
import static io.sparksweep.space.Hyperparameter.LEARNING_RATE;
import static io.sparksweep.space.Hyperparameter.MOMENTUM;
import static io.sparksweep.space.Hyperparameter.OPTIMIZER;
import static io.sparksweep.space.Hyperparameter.WIDTH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TpeSamplerTest {

    /** Branin's x1 on input_noise in [0, 1] and x2 on learning_rate in [1e-4, 1], log-scaled. */
    private static final List<ParamSpec> BRANIN_2D = List.of(
            new ParamSpec.Range(INPUT_NOISE, Distribution.UNIFORM, 0.0, 1.0),
            new ParamSpec.Range(LEARNING_RATE, Distribution.LOG_UNIFORM, 1e-4, 1.0));

    /** The same with an activation costing 0, 20 or 40. */
    private static final List<ParamSpec> BRANIN_SPACE = List.of(
            BRANIN_2D.get(0), BRANIN_2D.get(1), new ParamSpec.Values(ACTIVATION, List.of("relu", "tanh", "sigmoid")));

    /** Negated Branin, higher is better: at most -0.3979, at three points, all with relu. */
    private static double negatedBranin(Map<ParameterKey, Object> p) {
        double x1 = -5 + 15 * (double) p.get(INPUT_NOISE);
        double x2 = 15 * (Math.log10((double) p.get(LEARNING_RATE)) + 4) / 4;
        double b = 5.1 / (4 * Math.PI * Math.PI);
        double c = 5 / Math.PI;
        double t = 1 / (8 * Math.PI);
        double branin = Math.pow(x2 - b * x1 * x1 + c * x1 - 6, 2) + 10 * (1 - t) * Math.cos(x1) + 10;
        Object activation = p.get(ACTIVATION);
        return -(branin
                + (activation == null
                        ? 0
                        : 20 * List.of("relu", "tanh", "sigmoid").indexOf(activation)));
    }

    /** Sequential TPE: each proposal sees every earlier result. */
    private static List<Observation> runSequentially(
            TpeSampler sampler, int n, ToDoubleFunction<Map<ParameterKey, Object>> f) {
        List<Observation> finished = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<ParameterKey, Object> p = sampler.propose(i, finished, List.of());
            finished.add(new Observation(p, f.applyAsDouble(p)));
        }
        return finished;
    }

    private static double best(List<Observation> obs) {
        return obs.stream().mapToDouble(Observation::objective).max().orElseThrow();
    }

    @Test
    void beatsRandomSearchOnBraninWithinFortyEvaluations() {
        for (List<ParamSpec> space : List.of(BRANIN_2D, BRANIN_SPACE)) {
            double tpeSum = 0;
            double randomSum = 0;
            int wins = 0;
            for (long seed = 0; seed < 20; seed++) {
                // 10 random startup draws, then 30 TPE proposals, against 40 draws of method: random
                double tpe = best(runSequentially(
                        new TpeSampler(space, TpeSettings.DEFAULTS, seed), 40, TpeSamplerTest::negatedBranin));
                double random = TrialPlanner.random(space, 40, seed).stream()
                        .mapToDouble(TpeSamplerTest::negatedBranin)
                        .max()
                        .orElseThrow();
                tpeSum += tpe;
                randomSum += random;
                wins += tpe > random ? 1 : 0;
            }
            String result = String.format(
                    Locale.ROOT,
                    "%d-D Branin, best of 40 averaged over 20 seeds: "
                            + "tpe %.4f, random %.4f; tpe better on %d of 20 (optimum -0.3979)",
                    space.size(),
                    tpeSum / 20,
                    randomSum / 20,
                    wins);
            System.out.println("TpeSamplerTest: " + result);
            assertTrue(tpeSum > randomSum, result);
        }
    }

    @Test
    void proposalsArePureFunctionsOfSeedIndexAndResults() {
        TpeSettings settings = new TpeSettings(5, 24, true);
        List<List<Map<ParameterKey, Object>>> runs = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            // a rebuilt sampler, as after a driver restart, with three configurations always running
            runs.add(runWithRunning(new TpeSampler(BRANIN_SPACE, settings, 7), 30, 3));
        }
        assertEquals(runs.get(0), runs.get(1));
        assertNotEquals(runs.get(0), runWithRunning(new TpeSampler(BRANIN_SPACE, settings, 8), 30, 3), "another seed");

        TpeSampler sampler = new TpeSampler(BRANIN_SPACE, settings, 7);
        List<Observation> finished = runSequentially(sampler, 12, TpeSamplerTest::negatedBranin);
        List<Map<ParameterKey, Object>> running =
                List.of(runs.get(0).get(20), runs.get(0).get(21));
        Map<ParameterKey, Object> p15 = sampler.propose(15, finished, running);
        Map<ParameterKey, Object> p14 = sampler.propose(14, finished, running);
        assertEquals(p15, sampler.propose(15, finished, running), "no state carried between calls");
        assertEquals(p14, new TpeSampler(BRANIN_SPACE, settings, 7).propose(14, finished, running));
        assertNotEquals(p15, p14);
        List<Observation> reordered = new ArrayList<>(finished);
        Collections.reverse(reordered);
        // the given order is part of the input: it orders the kernels (and, past 25 results, weighs newer ones more)
        assertNotEquals(p15, sampler.propose(15, reordered, running));
    }

    /** Proposals with {@code parallel} running at a time; each finishes (oldest first) before the next proposal. */
    private static List<Map<ParameterKey, Object>> runWithRunning(TpeSampler sampler, int n, int parallel) {
        List<Observation> finished = new ArrayList<>();
        List<Map<ParameterKey, Object>> running = new ArrayList<>();
        List<Map<ParameterKey, Object>> proposed = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (running.size() == parallel) {
                Map<ParameterKey, Object> done = running.remove(0);
                finished.add(new Observation(done, negatedBranin(done)));
            }
            Map<ParameterKey, Object> p = sampler.propose(i, finished, running);
            running.add(p);
            proposed.add(p);
        }
        return proposed;
    }

    @Test
    void constantLiarSpreadsProposalsMadeWithTheSameResults() {
        double spreadWith = 0;
        double spreadWithout = 0;
        for (long seed = 0; seed < 20; seed++) {
            List<Observation> finished = runSequentially(
                    new TpeSampler(BRANIN_SPACE, TpeSettings.DEFAULTS, seed), 20, TpeSamplerTest::negatedBranin);
            for (boolean liar : List.of(true, false)) {
                TpeSampler sampler = new TpeSampler(BRANIN_SPACE, new TpeSettings(10, 24, liar), seed);
                List<Map<ParameterKey, Object>> running = new ArrayList<>();
                for (int i = 20; i < 28; i++) {
                    Map<ParameterKey, Object> p = sampler.propose(i, finished, running);
                    assertFalse(running.contains(p), "a duplicate of a running proposal");
                    running.add(p);
                }
                assertEquals(8, new HashSet<>(running).size());
                double spread = meanPairwiseDistance(running);
                if (liar) {
                    spreadWith += spread;
                } else {
                    spreadWithout += spread;
                }
            }
        }
        String result = String.format(
                Locale.ROOT,
                "mean pairwise distance of 8 proposals made with the same "
                        + "20 results, over 20 seeds: with constant liar %.4f, without %.4f",
                spreadWith / 20,
                spreadWithout / 20);
        System.out.println("TpeSamplerTest: " + result);
        assertTrue(spreadWith > spreadWithout, result);
    }

    /** In the unit square of (input_noise, log learning rate). */
    private static double meanPairwiseDistance(List<Map<ParameterKey, Object>> points) {
        double sum = 0;
        int pairs = 0;
        for (int i = 0; i < points.size(); i++) {
            for (int j = i + 1; j < points.size(); j++) {
                double dx = (double) points.get(i).get(INPUT_NOISE)
                        - (double) points.get(j).get(INPUT_NOISE);
                double dy = (Math.log10((double) points.get(i).get(LEARNING_RATE))
                                - Math.log10((double) points.get(j).get(LEARNING_RATE)))
                        / 4;
                sum += Math.hypot(dx, dy);
                pairs++;
            }
        }
        return sum / pairs;
    }

    @Test
    void aSmallDiscreteSpaceGetsNoDuplicateWhileNewPointsRemain() {
        List<ParamSpec> space = List.of(
                new ParamSpec.Range(WIDTH, Distribution.INT_UNIFORM, 1, 4),
                new ParamSpec.Values(ACTIVATION, List.of("relu", "tanh")));
        TpeSampler sampler = new TpeSampler(space, new TpeSettings(3, 24, true), 1);
        // three of the eight points finished, the best one twice
        List<Observation> finished = List.of(
                new Observation(Map.of(WIDTH, 4, ACTIVATION, "relu"), 0.9),
                new Observation(Map.of(WIDTH, 1, ACTIVATION, "tanh"), 0.2),
                new Observation(Map.of(WIDTH, 2, ACTIVATION, "tanh"), 0.5),
                new Observation(Map.of(WIDTH, 4, ACTIVATION, "relu"), 0.9));
        Set<Map<ParameterKey, Object>> seen = new HashSet<>();
        finished.forEach(o -> seen.add(o.point()));
        List<Map<ParameterKey, Object>> running = new ArrayList<>();
        for (int i = 4; i < 9; i++) {
            Map<ParameterKey, Object> p = sampler.propose(i, finished, running);
            assertTrue(seen.add(p), "proposal " + i + " repeats " + p);
            running.add(p);
        }
        assertEquals(8, seen.size(), "the whole space");
        assertTrue(
                running.contains(sampler.propose(9, finished, running))
                        || seen.contains(sampler.propose(9, finished, running)),
                "an exhausted space proposes a known point rather than failing");
    }

    @Test
    void proposalsNeverDifferOnlyInValuesTheyDoNotUse() {
        // sgd x 3 momenta + adam (momentum unused): 4 configurations, not 6
        List<ParamSpec> space = List.of(
                new ParamSpec.Values(OPTIMIZER, List.of("sgd", "adam")),
                new ParamSpec.Values(MOMENTUM, List.of(0.5, 0.0, 0.9)));
        TpeSampler sampler = new TpeSampler(space, new TpeSettings(2, 24, true), 4);
        List<Observation> finished = new ArrayList<>();
        Set<Map<ParameterKey, Object>> seen = new HashSet<>();
        for (int i = 0; i < 2; i++) { // the random startup may repeat a configuration; never adam's momentum
            Map<ParameterKey, Object> p = sampler.propose(i, finished, List.of());
            if ("adam".equals(p.get(OPTIMIZER))) {
                assertEquals(0.0, p.get(MOMENTUM), "adam: the default momentum");
            }
            seen.add(p);
            finished.add(new Observation(p, i));
        }
        for (int i = 2; seen.size() < 4; i++) {
            assertTrue(i < 6, "the 4 configurations within 6 proposals: " + seen);
            Map<ParameterKey, Object> p = sampler.propose(i, finished, List.of());
            assertTrue(seen.add(p), "proposal " + i + " repeats " + p);
            assertTrue(!"adam".equals(p.get(OPTIMIZER)) || p.get(MOMENTUM).equals(0.0), p.toString());
            finished.add(new Observation(p, i));
        }
        // a fixed optimizer that does not use momentum: every proposal has the sweep's momentum
        TpeSampler adam = new TpeSampler(
                List.of(
                        new ParamSpec.Range(MOMENTUM, Distribution.UNIFORM, 0.0, 0.99),
                        new ParamSpec.Range(LEARNING_RATE, Distribution.LOG_UNIFORM, 1e-4, 1e-1)),
                new TpeSettings(3, 24, true),
                5,
                Map.of(OPTIMIZER, "adam"));
        runSequentially(adam, 12, q -> Math.log((double) q.get(LEARNING_RATE)))
                .forEach(o ->
                        assertEquals(0.0, o.point().get(MOMENTUM), o.point().toString()));
    }

    @Test
    void valuesAreTypedAsTheHyperparametersTakeThemAndStayInRange() {
        List<ParamSpec> space = List.of(
                new ParamSpec.Range(INPUT_NOISE, Distribution.UNIFORM, 0.1, 0.5),
                new ParamSpec.Range(LEARNING_RATE, Distribution.LOG_UNIFORM, 1e-3, 1e-1),
                new ParamSpec.Range(WIDTH, Distribution.INT_UNIFORM, 16, 64),
                new ParamSpec.Range(EPOCHS, Distribution.LOG_UNIFORM, 1, 100),
                new ParamSpec.Values(BATCH_SIZE, List.of(32, 64, 128)),
                new ParamSpec.Values(ACTIVATION, List.of("relu", "tanh")));
        // rewards the edges of every range, so TPE proposes near the bounds too
        List<Observation> obs = runSequentially(
                new TpeSampler(space, new TpeSettings(5, 24, true), 3),
                60,
                p -> (double) p.get(INPUT_NOISE)
                        + Math.log((double) p.get(LEARNING_RATE))
                        + (int) p.get(WIDTH) / 64.0
                        - Math.log((int) p.get(EPOCHS))
                        + (int) p.get(BATCH_SIZE) / 128.0);
        Set<Object> widths = new HashSet<>();
        for (Observation o : obs) {
            Map<ParameterKey, Object> p = o.point();
            assertEquals(6, p.size());
            double noise = (double) assertInstanceOf(Double.class, p.get(INPUT_NOISE));
            assertTrue(noise >= 0.1 && noise <= 0.5, "input_noise " + noise);
            double lr = (double) assertInstanceOf(Double.class, p.get(LEARNING_RATE));
            assertTrue(lr >= 1e-3 && lr <= 1e-1, "learning_rate " + lr);
            int width = (int) assertInstanceOf(Integer.class, p.get(WIDTH));
            assertTrue(width >= 16 && width <= 64, "width " + width);
            widths.add(width);
            int epochs = (int) assertInstanceOf(Integer.class, p.get(EPOCHS));
            assertTrue(epochs >= 1 && epochs <= 100, "epochs " + epochs);
            assertTrue(List.of(32, 64, 128).contains(assertInstanceOf(Integer.class, p.get(BATCH_SIZE))));
            assertTrue(List.of("relu", "tanh").contains(assertInstanceOf(String.class, p.get(ACTIVATION))));
        }
        assertTrue(widths.contains(64), "the upper end of int_uniform is reachable: " + widths);
        long late = obs.subList(40, 60).stream()
                .filter(o -> (int) o.point().get(EPOCHS) <= 3)
                .count();
        assertTrue(late >= 10, "TPE settles near the best epochs (1): " + late + " of the last 20 at <= 3");
    }

    @Test
    void theStartupPhaseIsRandomSearch() {
        TpeSampler sampler = new TpeSampler(BRANIN_SPACE, new TpeSettings(1000, 24, true), 5);
        List<Observation> some = runSequentially(
                new TpeSampler(BRANIN_SPACE, TpeSettings.DEFAULTS, 9), 6, TpeSamplerTest::negatedBranin);
        int[] quarters = new int[4];
        int[] decades = new int[4];
        Map<Object, Integer> activations = new HashMap<>();
        for (int i = 0; i < 800; i++) {
            Map<ParameterKey, Object> p = sampler.propose(i, List.of(), List.of());
            // results and running points do not move a startup draw
            if (i < 20) {
                assertEquals(p, sampler.propose(i, some, List.of(some.get(0).point())));
            }
            quarters[Math.min(3, (int) ((double) p.get(INPUT_NOISE) * 4))]++;
            decades[Math.min(3, (int) (Math.log10((double) p.get(LEARNING_RATE)) + 4))]++;
            activations.merge(p.get(ACTIVATION), 1, Integer::sum);
        }
        for (int i = 0; i < 4; i++) {
            assertTrue(quarters[i] > 150 && quarters[i] < 250, "uniform: " + Arrays.toString(quarters));
            assertTrue(decades[i] > 150 && decades[i] < 250, "log-uniform: " + Arrays.toString(decades));
        }
        activations.values().forEach(n -> assertTrue(n > 210 && n < 325, "values: " + activations));
        // with a default startup of 10, the 10th result switches to TPE
        TpeSampler tpe = new TpeSampler(BRANIN_SPACE, TpeSettings.DEFAULTS, 5);
        List<Observation> nine = runSequentially(tpe, 9, TpeSamplerTest::negatedBranin);
        assertEquals(sampler.propose(9, List.of(), List.of()), tpe.propose(9, nine, List.of()));
        List<Observation> ten = runSequentially(tpe, 10, TpeSamplerTest::negatedBranin);
        assertNotEquals(sampler.propose(10, List.of(), List.of()), tpe.propose(10, ten, List.of()));
    }
}
