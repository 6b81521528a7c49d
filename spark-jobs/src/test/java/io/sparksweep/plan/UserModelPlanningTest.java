package io.sparksweep.plan;

import io.sparksweep.space.FakeModels;
import io.sparksweep.space.Hyperparameter;
import io.sparksweep.space.ParameterKey;
import io.sparksweep.space.SweepDefinition;
import io.sparksweep.sweepfile.SweepFileLoader;
import io.sparksweep.trial.Config;
import io.sparksweep.trial.TrialSpec;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Grid, random and TPE planning over a user's declared parameters (a fake resolver, no class loaded). */
class UserModelPlanningTest {

    private static SweepDefinition sweep(String body) {
        return SweepFileLoader.parse(
                "name: u\ndataset: mnist\nmodel: {class: com.example.MyModel}\n" + body, "u.yaml", FakeModels.RESOLVER);
    }

    @Test
    void aGridVariesTheFirstListedSlowestAndFillsTheRestFromTheDeclarations() {
        Plan plan = TrialPlanner.plan(sweep("""
                repeats: 2
                fixed: {epochs: 2}
                search:
                  lr: {values: [0.1, 0.01]}
                  activation: {values: [relu, tanh]}
                """));
        assertEquals(
                List.of(
                        "activation=relu,batch_norm=true,batch_size=128,blocks=2,epochs=2,lr=0.1,model=com.example.MyModel",
                        "activation=tanh,batch_norm=true,batch_size=128,blocks=2,epochs=2,lr=0.1,model=com.example.MyModel",
                        "activation=relu,batch_norm=true,batch_size=128,blocks=2,epochs=2,lr=0.01,model=com.example.MyModel",
                        "activation=tanh,batch_norm=true,batch_size=128,blocks=2,epochs=2,lr=0.01,model=com.example.MyModel"),
                plan.configs().stream().map(Config::canonical).toList());
        assertEquals(List.of(FakeModels.LR, FakeModels.ACTIVATION), plan.searched());
        assertEquals(8, plan.trials().size());
        for (TrialSpec t : plan.trials()) {
            assertEquals(FakeModels.MY_MODEL, t.config().modelClass());
            assertEquals(Seeds.configId(t.config().canonical()), t.configId());
            assertEquals(2.0, t.expectedCost(), "a user network costs its epochs");
        }
        assertTrue(plan.conditional().isEmpty());
    }

    @Test
    void randomDrawsAreTypedAsDeclaredAndInsideTheirRanges() {
        Plan plan = TrialPlanner.plan(sweep("""
                method: random
                samples: 60
                seed: 7
                search:
                  lr: {distribution: log_uniform, min: 1.0e-4, max: 0.1}
                  blocks: {distribution: int_uniform, min: 1, max: 4}
                  batch_norm: {values: [true, false]}
                """));
        assertTrue(plan.configs().size() > 50, "continuous draws rarely repeat");
        Set<Object> blocks = new java.util.HashSet<>();
        for (Config c : plan.configs()) {
            Object lr = c.get(FakeModels.LR);
            assertInstanceOf(Double.class, lr);
            assertTrue((Double) lr >= 1e-4 && (Double) lr <= 0.1, "lr " + lr);
            Object b = c.get(FakeModels.BLOCKS);
            assertInstanceOf(Integer.class, b);
            assertTrue((Integer) b >= 1 && (Integer) b <= 4, "blocks " + b);
            blocks.add(b);
            assertTrue(List.of("true", "false").contains(c.get(FakeModels.BATCH_NORM)));
            assertEquals("relu", c.get(FakeModels.ACTIVATION), "not searched: the default");
            assertEquals(10, c.integer(Hyperparameter.EPOCHS));
        }
        assertEquals(Set.of(1, 2, 3, 4), blocks);
        assertEquals(
                plan.configs().stream().map(Config::canonical).toList(),
                TrialPlanner.plan(plan.sweep()).configs().stream()
                        .map(Config::canonical)
                        .toList(),
                "the same file, the same plan");
    }

    @Test
    void tpeProposesTypedPointsInsideTheRangesOnceResultsCount() {
        SweepDefinition sweep = sweep("""
                method: tpe
                samples: 30
                tpe: {startup: 5}
                search:
                  lr: {distribution: log_uniform, min: 1.0e-4, max: 0.1}
                  blocks: {distribution: int_uniform, min: 1, max: 8}
                  activation: {values: [relu, tanh]}
                """);
        assertEquals(5, TrialPlanner.plan(sweep).configs().size(), "the startup draws");
        TpeSampler sampler = new TpeSampler(sweep.search(), sweep.tpe(), sweep.seed(), sweep.baseValues());
        List<TpeSampler.Observation> finished = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Map<ParameterKey, Object> p = sampler.propose(i, finished, List.of());
            assertEquals(Set.of(FakeModels.LR, FakeModels.BLOCKS, FakeModels.ACTIVATION), p.keySet());
            double lr = (Double) p.get(FakeModels.LR);
            int blocks = (Integer) p.get(FakeModels.BLOCKS);
            assertTrue(lr >= 1e-4 && lr <= 0.1, "lr " + lr);
            assertTrue(blocks >= 1 && blocks <= 8, "blocks " + blocks);
            assertTrue(List.of("relu", "tanh").contains(p.get(FakeModels.ACTIVATION)));
            // best near lr 0.01, 3 blocks, tanh
            double objective = -Math.abs(Math.log10(lr) + 2)
                    - Math.abs(blocks - 3) / 4.0
                    - ("tanh".equals(p.get(FakeModels.ACTIVATION)) ? 0 : 0.5);
            finished.add(new TpeSampler.Observation(p, objective));
            List<TrialSpec> trials = TrialPlanner.trialsOf(sweep, p, i, finished.size());
            Config c = trials.get(0).config();
            assertEquals(FakeModels.MY_MODEL, c.modelClass());
            assertEquals(lr, c.real(FakeModels.LR));
            assertEquals("true", c.get(FakeModels.BATCH_NORM), "not searched: the default");
        }
        double bestLater = finished.subList(15, 30).stream()
                .mapToDouble(TpeSampler.Observation::objective)
                .max()
                .orElseThrow();
        double bestStartup = finished.subList(0, 5).stream()
                .mapToDouble(TpeSampler.Observation::objective)
                .max()
                .orElseThrow();
        assertTrue(bestLater >= bestStartup, "tpe improves on its startup draws: " + bestLater + " vs " + bestStartup);
    }

    @Test
    void cornersOfAUserSweepAreItsRangeEndsAndValues() {
        List<Config> corners = Corners.of(sweep("""
                method: random
                samples: 3
                search:
                  lr: {distribution: log_uniform, min: 1.0e-4, max: 0.1}
                  activation: {values: [relu, tanh]}
                """));
        assertEquals(4, corners.size());
        assertTrue(corners.stream().allMatch(Config::isUserModel));
        assertEquals(
                Set.of(1e-4, 0.1),
                corners.stream().map(c -> c.get(FakeModels.LR)).collect(java.util.stream.Collectors.toSet()));
    }

    @Test
    void theDryRunNamesTheModelAndShowsItsFixedValues() {
        Plan plan = TrialPlanner.plan(sweep("fixed: {epochs: 2}\nsearch:\n  lr: {values: [0.1, 0.01]}\n"));
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        io.sparksweep.console.PlanPrinter.print(
                plan, new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
        String text = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(text.contains("model com.example.MyModel, declaring: lr, blocks, activation, batch_norm"), text);
        assertTrue(text.contains("fixed: epochs=2 batch_size=128 blocks=2 activation=relu batch_norm=true"), text);
    }
}
