package io.sparksweep.plan;

import io.sparksweep.space.Hyperparameter;
import io.sparksweep.space.ParamSpec;
import io.sparksweep.space.ParameterKey;
import io.sparksweep.space.SweepDefinition;
import io.sparksweep.sweepfile.SweepFileException;
import io.sparksweep.sweepfile.SweepFileLoader;
import io.sparksweep.trial.Config;
import io.sparksweep.trial.TrialSpec;

import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrialPlannerTest {

    private static SweepDefinition sweep(String body) {
        return SweepFileLoader.parse("name: t\ndataset: mnist\n" + body, "t.yaml");
    }

    private static final String RANDOM = """
            method: random
            samples: 200
            repeats: 2
            seed: 7
            search:
              learning_rate: {distribution: log_uniform, min: 1.0e-4, max: 1.0}
              l2: {distribution: uniform, min: 0.0, max: 0.01}
              width: {distribution: int_uniform, min: 10, max: 13}
              activation: {values: [relu, tanh, sigmoid]}
            """;

    @Test
    void gridIsTheCartesianProductTimesRepeats() {
        Plan p = TrialPlanner.plan(sweep("""
                repeats: 3
                search:
                  learning_rate: {values: [0.001, 0.01, 0.1, 1.0]}
                  width: {values: [10, 100, 1000]}
                  input_noise: {values: [0.1, 1.0]}
                """));
        assertEquals(24, p.configs().size());
        assertEquals(72, p.trials().size());
        Set<String> combos = p.configs().stream()
                .map(c -> c.get(Hyperparameter.LEARNING_RATE) + "/" + c.get(Hyperparameter.WIDTH) + "/"
                        + c.get(Hyperparameter.INPUT_NOISE))
                .collect(Collectors.toSet());
        assertEquals(24, combos.size(), "every combination exactly once");
        assertEquals(72, p.trials().stream().map(TrialSpec::trialId).distinct().count());
        assertEquals(
                List.of(Hyperparameter.LEARNING_RATE, Hyperparameter.WIDTH, Hyperparameter.INPUT_NOISE), p.searched());
    }

    @Test
    void gridWithoutSearchIsOneConfiguration() {
        Plan p = TrialPlanner.plan(sweep("repeats: 5\nfixed: {epochs: 2}\n"));
        assertEquals(1, p.configs().size());
        assertEquals(5, p.trials().size());
        assertEquals(2, p.configs().get(0).get(Hyperparameter.EPOCHS));
        assertEquals(0.01, p.configs().get(0).get(Hyperparameter.LEARNING_RATE), "default learning rate");
    }

    @Test
    void unsetHyperparametersTakeTheKerasDefaults() {
        Config c = TrialPlanner.plan(sweep("fixed: {width: 64}\n")).configs().get(0);
        assertEquals(128, c.get(Hyperparameter.BATCH_SIZE));
        assertEquals("relu", c.get(Hyperparameter.ACTIVATION));
        assertEquals(0.0, c.get(Hyperparameter.L2));
        assertEquals(64, c.get(Hyperparameter.WIDTH));
    }

    @Test
    void randomDrawsAreReproducibleForTheSameSeed() {
        Plan a = TrialPlanner.plan(sweep(RANDOM));
        Plan b = TrialPlanner.plan(sweep(RANDOM));
        assertEquals(a.trials(), b.trials());
        Plan c = TrialPlanner.plan(sweep(RANDOM.replace("seed: 7", "seed: 8")));
        assertNotEquals(a.configs(), c.configs());
    }

    @Test
    void randomDrawsStayInsideTheirRangesAndCoverThem() {
        Plan p = TrialPlanner.plan(sweep(RANDOM));
        assertEquals(200, p.configs().size(), "continuous draws never coincide");
        assertEquals(400, p.trials().size());
        Map<Integer, Integer> widths = new TreeMap<>();
        Set<Object> activations = new HashSet<>();
        double minLr = 1, maxLr = 0;
        for (Config c : p.configs()) {
            double lr = c.real(Hyperparameter.LEARNING_RATE);
            assertTrue(lr >= 1e-4 && lr <= 1.0, "lr " + lr);
            minLr = Math.min(minLr, lr);
            maxLr = Math.max(maxLr, lr);
            double l2 = c.real(Hyperparameter.L2);
            assertTrue(l2 >= 0 && l2 <= 0.01, "l2 " + l2);
            widths.merge(c.integer(Hyperparameter.WIDTH), 1, Integer::sum);
            activations.add(c.get(Hyperparameter.ACTIVATION));
        }
        assertEquals(Set.of(10, 11, 12, 13), widths.keySet(), "int_uniform includes both ends");
        widths.values().forEach(n -> assertTrue(n > 25, "roughly uniform: " + widths));
        assertEquals(Set.of("relu", "tanh", "sigmoid"), activations);
        assertTrue(minLr < 1e-3 && maxLr > 0.1, "log-uniform spans the decades: " + minLr + ".." + maxLr);
    }

    @Test
    void identicalRandomDrawsAreMergedIntoOneConfiguration() {
        Plan p = TrialPlanner.plan(sweep("""
                method: random
                samples: 30
                search:
                  width: {values: [10, 20]}
                """));
        assertEquals(2, p.configs().size());
        assertEquals(28, p.duplicateDraws());
    }

    @Test
    void trialsRunLongestFirst() {
        Plan p = TrialPlanner.plan(sweep("""
                repeats: 2
                search:
                  width: {values: [10, 1000, 100]}
                  epochs: {values: [1, 3]}
                """));
        List<Double> costs = p.trials().stream().map(TrialSpec::expectedCost).toList();
        for (int i = 1; i < costs.size(); i++) {
            assertTrue(costs.get(i - 1) >= costs.get(i), "sorted by expected cost, descending: " + costs);
        }
        assertEquals(1000, p.trials().get(0).config().get(Hyperparameter.WIDTH));
        assertEquals(3, p.trials().get(0).config().get(Hyperparameter.EPOCHS));
    }

    @Test
    void idsAndSeedsDependOnTheConfigurationNotOnItsPositionInThePlan() {
        Plan a = TrialPlanner.plan(sweep("search:\n  width: {values: [10, 100]}\n"));
        Plan b = TrialPlanner.plan(sweep("search:\n  width: {values: [100, 10, 50]}\n"));
        Map<String, Long> seedsA = a.trials().stream().collect(Collectors.toMap(TrialSpec::trialId, TrialSpec::seed));
        Map<String, Long> seedsB = b.trials().stream().collect(Collectors.toMap(TrialSpec::trialId, TrialSpec::seed));
        seedsA.forEach((id, seed) -> assertEquals(seed, seedsB.get(id), id));
    }

    @Test
    void convolutionsCountInTheCostSoCnnsStartFirst() {
        Config seed001 = TrialPlanner.plan(
                        sweep("fixed: {model: cnn, conv_layers: c32 p2 c64 p2, hidden_layers: [64]}\n"))
                .configs()
                .get(0);
        Config seed004 = TrialPlanner.plan(
                        sweep("fixed: {model: cnn, conv_layers: c32 c64 p3 d0.5, hidden_layers: [300]}\n"))
                .configs()
                .get(0);
        // the same parameter counts as Keras' summary (and DL4J's numParams, NetworkFactoryTest)
        assertEquals(121_930, CostModel.weights(seed001));
        assertEquals(1_250_926, CostModel.weights(seed004));
        // conv 26x26x32x9 + conv 11x11x64x32x9 + dense 5x5x64x64 + output 64x10
        assertEquals(
                26 * 26 * 32 * 9 + 11 * 11 * 64 * 32 * 9 + 5 * 5 * 64 * 64 + 64 * 10,
                CostModel.size(seed001).multiplyAdds());
        // a CNN with fewer weights than 784-1000-10 still costs more per example, and runs first
        Plan p = TrialPlanner.plan(sweep("""
                search:
                  model: {values: [mlp, cnn]}
                fixed: {width: 1000, conv_layers: c32 p2 c64 p2, hidden_layers: 1}
                """));
        assertEquals("cnn", p.trials().get(0).config().get(Hyperparameter.MODEL));
    }

    @Test
    void impossibleNetworksAreRefusedWhenPlanningNotWhenAllocating() {
        // hidden_layers: 2000000000 once made the dry run itself run out of heap
        SweepFileException deep =
                Assertions.assertThrows(SweepFileException.class, () -> sweep("fixed: {hidden_layers: 2000000000}\n"));
        assertEquals("t.yaml:3: fixed.hidden_layers: at most 1000 hidden layers (got 2000000000)", deep.getMessage());
        Assertions.assertThrows(SweepFileException.class, () -> sweep("fixed: {hidden_layers: \"2000000000x10\"}\n"));
        SweepFileException wide = Assertions.assertThrows(
                SweepFileException.class,
                () -> TrialPlanner.plan(sweep("search:\n  width: {values: [100, 2000000000]}\n")));
        assertEquals(
                "t.yaml: the network hidden_layers=1 width=2000000000 has 1,590,000,000,010 weights; more than 500,000,000 "
                        + "is refused (training needs ~16 bytes per weight)",
                wide.getMessage());
        assertEquals(
                2,
                TrialPlanner.plan(sweep("fixed: {hidden_layers: 1000, width: 10}\n"))
                                .configs()
                                .get(0)
                                .hiddenWidths()
                                .length
                        / 500);
    }

    @Test
    void configurationsThatDoNotUseTheNewVocabularyKeepTheirIds() {
        // input_noise_type came later: at its default it is not part of the id's text, which is what
        // earlier versions hashed (so stored results and trial seeds stay valid)
        Config plain = TrialPlanner.plan(sweep("fixed: {hidden_layers: 5x200}\n"))
                .configs()
                .get(0);
        assertEquals(
                "activation=relu,batch_size=128,conv_layers=c32 p2 c64 p2,decay=0.0,dropout=0.0,epochs=10,"
                        + "hidden_layers=[200, 200, 200, 200, 200],input_dropout=0.0,input_noise=0.0,l2=0.0,leaky_relu_alpha=0.01,"
                        + "learning_rate=0.01,model=mlp,momentum=0.0,normalize_input=true,optimizer=sgd,width=100",
                plain.canonical());
        Config salt = TrialPlanner.plan(sweep("fixed: {input_noise: 0.6, input_noise_type: salt_and_pepper}\n"))
                .configs()
                .get(0);
        assertTrue(salt.canonical().contains(",input_noise=0.6,input_noise_type=salt_and_pepper,"), salt.canonical());
        // a layout of plain widths is the list it always was; one with activations or dropouts its normalised text
        assertEquals(
                Seeds.configId(plain.canonical()),
                Seeds.configId(TrialPlanner.plan(sweep("fixed: {hidden_layers: [200, 200, 200, 200, 200]}\n"))
                        .configs()
                        .get(0)
                        .canonical()));
        Config deep = TrialPlanner.plan(
                        sweep("fixed: {hidden_layers: \" d0.2 1000 d0.20 200 200 200 d0.1 3x100 d.1 50:SIGMOID\"}\n"))
                .configs()
                .get(0);
        assertEquals("d0.2 1000 d0.2 3x200 d0.1 3x100 d0.1 50:sigmoid", deep.get(Hyperparameter.HIDDEN_LAYERS));
    }

    @Test
    void tpePlansOnlyItsRandomStartupDraws() {
        String tpe = RANDOM.replace("method: random", "method: tpe\ntpe: {startup: 6}");
        SweepDefinition sweep = sweep(tpe);
        Plan p = TrialPlanner.plan(sweep);
        assertEquals(6, p.configs().size(), "min(startup, samples); the rest are proposed as results arrive");
        assertEquals(12, p.trials().size());
        assertEquals(p.trials(), TrialPlanner.plan(sweep(tpe)).trials(), "reproducible");
        // the same points the sampler proposes before any result: what the driver will run first
        TpeSampler sampler = new TpeSampler(sweep.search(), sweep.tpe(), sweep.seed());
        for (int i = 0; i < 6; i++) {
            Config expected = new Config(withBase(sweep, sampler.propose(i, List.of(), List.of())));
            assertEquals(expected, p.configs().get(i));
        }
        assertEquals(
                3,
                TrialPlanner.plan(sweep(tpe.replace("samples: 200", "samples: 3")))
                        .configs()
                        .size());
        assertEquals(
                10,
                TrialPlanner.plan(sweep(tpe.replace("tpe: {startup: 6}", "")))
                        .configs()
                        .size(),
                "Optuna's default startup");
    }

    private static Map<ParameterKey, Object> withBase(SweepDefinition sweep, Map<ParameterKey, Object> point) {
        Map<ParameterKey, Object> values = sweep.baseValues();
        values.putAll(point);
        return values;
    }

    @Test
    void tpeStartupMapsDrawsExactlyAsRandomSearchsArbiterSpaces() {
        SweepDefinition sweep =
                sweep(RANDOM.replace("max: 13}", "max: 13}\n  epochs: {distribution: log_uniform, min: 1, max: 50}"));
        List<Map<ParameterKey, Object>> arbiter = TrialPlanner.random(sweep.search(), 500, 11);
        Well19937c rng = new Well19937c(11L);
        for (Map<ParameterKey, Object> expected : arbiter) {
            Map<ParameterKey, Object> mine = ParameterKey.newMap();
            for (ParamSpec spec : sweep.search()) {
                mine.put(spec.parameter(), UnitDraw.value(spec, rng.nextDouble()));
            }
            assertEquals(expected, mine);
        }
        ParamSpec widths = sweep.search().get(2);
        assertEquals(10, UnitDraw.value(widths, 0.0));
        assertEquals(13, UnitDraw.value(widths, Math.nextDown(1.0)));
    }

    @Test
    void aGridOverOptimizerAndMomentumPlansThreeConfigurations() {
        Plan p = TrialPlanner.plan(sweep("""
                repeats: 2
                search:
                  optimizer: {values: [sgd, adam]}
                  momentum: {values: [0.0, 0.9]}
                """));
        assertEquals(3, p.configs().size(), "adam does not use momentum: adam/0 and adam/0.9 are one");
        assertEquals(6, p.trials().size());
        assertEquals(1, p.conditionalMerges());
        assertEquals(0, p.duplicateDraws());
        assertEquals(4, p.points());
        assertEquals(
                List.of("sgd/0.0", "sgd/0.9", "adam/0.0"),
                p.configs().stream()
                        .map(c -> c.get(Hyperparameter.OPTIMIZER) + "/" + c.get(Hyperparameter.MOMENTUM))
                        .toList(),
                "grid order, the first point of a merged pair kept");
        String adam = Seeds.configId(p.configs().get(2).canonical());
        String plainAdam = Seeds.configId(TrialPlanner.plan(sweep("fixed: {optimizer: adam}\n"))
                .configs()
                .get(0)
                .canonical());
        assertEquals(plainAdam, adam, "the same config_id as adam with the default momentum");
        assertEquals(List.of(Hyperparameter.MOMENTUM), p.conditional());
        assertEquals(List.of(), p.unused());
    }

    /** One grid per rule: the controlling value x two values of the conditional one. */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "optimizer: {values: [nesterov, rmsprop]} | momentum: {values: [0.5, 0.9]}                    | 3",
                "optimizer: {values: [sgd, nesterov]}     | momentum: {values: [0.5, 0.9]}                    | 4",
                "model: {values: [mlp, cnn]}              | conv_layers: {values: [c8 p2, c16 p2]}            | 3",
                "activation: {values: [relu, leaky_relu]} | leaky_relu_alpha: {values: [0.1, 0.2]}            | 3",
                "hidden_layers: {values: [[20], '20 10:leaky_relu']} | leaky_relu_alpha: {values: [0.1, 0.2]} | 3",
                "input_noise: {values: [0.0, 0.1]}        | input_noise_type: {values: [gaussian, salt_and_pepper]} | 3",
                "hidden_layers: {values: [0, 1, [50]]}    | width: {values: [10, 20]}                         | 4",
                "hidden_layers: {values: ['2x10', 2]}     | width: {values: [10, 20]}                         | 3",
            })
    void eachRuleMergesTheConfigurationsThatDoNotUseAValue(String controller, String conditional, int configs) {
        Plan p = TrialPlanner.plan(sweep("search:\n  " + controller + "\n  " + conditional + "\n"));
        assertEquals(configs, p.configs().size(), controller + " x " + conditional);
        assertEquals(p.points(), p.configs().size() + p.conditionalMerges());
        assertEquals(
                p.conditionalMerges() > 0 ? 1 : 0,
                p.conditional().size(),
                p.conditional().toString());
    }

    @Test
    void aFixedValueStaysWhereItIsNotUsedSoStoredSweepsKeepTheirIds() {
        // robustness.yaml: salt_and_pepper fixed, input_noise 0 searched: the clean configuration keeps it
        Plan p = TrialPlanner.plan(sweep("""
                fixed: {input_noise_type: salt_and_pepper, momentum: 0.9}
                search:
                  input_noise: {values: [0.0, 0.3]}
                  optimizer: {values: [sgd, adam]}
                """));
        assertEquals(4, p.configs().size());
        for (Config c : p.configs()) {
            assertEquals("salt_and_pepper", c.get(Hyperparameter.INPUT_NOISE_TYPE));
            assertEquals(0.9, c.get(Hyperparameter.MOMENTUM));
        }
        assertEquals(List.of(Hyperparameter.INPUT_NOISE_TYPE, Hyperparameter.MOMENTUM), p.conditional());
        assertEquals(List.of(), p.unused());
        Plan none =
                TrialPlanner.plan(sweep("fixed: {optimizer: adam, momentum: 0.9, width: 300, hidden_layers: [20]}\n"));
        assertEquals(List.of(Hyperparameter.WIDTH, Hyperparameter.MOMENTUM), none.unused());
        assertEquals(0.9, none.configs().get(0).get(Hyperparameter.MOMENTUM));
    }

    @Test
    void randomDrawsThatDifferOnlyInUnusedValuesAreMerged() {
        Plan p = TrialPlanner.plan(sweep("""
                method: random
                samples: 40
                search:
                  optimizer: {values: [adam, sgd]}
                  momentum: {values: [0.0, 0.5, 0.9]}
                """));
        assertEquals(4, p.configs().size(), "adam + sgd x 3");
        assertEquals(40, p.points());
        assertTrue(p.conditionalMerges() > 0 && p.duplicateDraws() > 0, p.toString());
        p.configs().stream()
                .filter(c -> "adam".equals(c.get(Hyperparameter.OPTIMIZER)))
                .forEach(c -> assertEquals(0.0, c.get(Hyperparameter.MOMENTUM)));
    }

    @Test
    void aProposedPointIsNormalisedLikeAPlannedOne() {
        SweepDefinition s = sweep("""
                method: tpe
                samples: 10
                search:
                  optimizer: {values: [sgd, adam]}
                  momentum: {distribution: uniform, min: 0.0, max: 0.9}
                """);
        Map<ParameterKey, Object> a =
                ParameterKey.copyOf(Map.of(Hyperparameter.OPTIMIZER, "adam", Hyperparameter.MOMENTUM, 0.7));
        Map<ParameterKey, Object> b =
                ParameterKey.copyOf(Map.of(Hyperparameter.OPTIMIZER, "adam", Hyperparameter.MOMENTUM, 0.2));
        TrialSpec ta = TrialPlanner.trialsOf(s, a, 0, 0).get(0);
        assertEquals(ta.configId(), TrialPlanner.trialsOf(s, b, 1, 0).get(0).configId());
        assertEquals(0.0, ta.config().get(Hyperparameter.MOMENTUM));
        a.put(Hyperparameter.OPTIMIZER, "sgd");
        assertNotEquals(ta.configId(), TrialPlanner.trialsOf(s, a, 2, 0).get(0).configId());
    }
}
