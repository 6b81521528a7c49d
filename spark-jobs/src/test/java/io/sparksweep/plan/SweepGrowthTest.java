package io.sparksweep.plan;

import io.sparksweep.space.DeclaredParameter;
import io.sparksweep.space.FakeModels;
import io.sparksweep.space.ModelResolver;
import io.sparksweep.space.ModelSpec;
import io.sparksweep.space.SweepDefinition;
import io.sparksweep.sweepfile.SweepFileLoader;
import io.sparksweep.trial.TrialSpec;
import io.sparksweep.util.RefusedException;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SweepGrowthTest {

    private static final String GRID = """
            name: g
            dataset: mnist
            repeats: %d
            seed: %d
            fixed: {epochs: %d}
            search:
              learning_rate: {values: [%s]}
              width: {values: [32, 64]}
            """;

    private static Plan plan(String yaml) {
        SweepDefinition sweep = SweepFileLoader.parse(yaml, "s.yaml");
        return TrialPlanner.plan(sweep);
    }

    private static Plan grid(int repeats, long seed, int epochs, String rates) {
        return plan(GRID.formatted(repeats, seed, epochs, rates));
    }

    private static Set<String> ids(Plan p) {
        return p.trials().stream().map(TrialSpec::trialId).collect(Collectors.toSet());
    }

    private static String refusal(Plan stored, Plan next) {
        return assertThrows(RefusedException.class, () -> SweepGrowth.between(stored, next, ids(stored), "out/g"))
                .getMessage();
    }

    @Test
    void addedValuesAndRepeatsKeepEveryStoredTrial() {
        Plan stored = grid(2, 1, 3, "0.1, 0.2");
        Plan next = grid(3, 1, 3, "0.1, 0.2, 0.4");
        SweepGrowth g = SweepGrowth.between(stored, next, ids(stored), "out/g");
        assertTrue(ids(next).containsAll(ids(stored)));
        assertEquals(
                "the sweep grew (repeats 2 → 3, learning_rate +[0.4]): reusing 8 stored trials, running 10",
                g.describe(next.trials().size() - 8));
    }

    @Test
    void anEditedDescriptionIsTheSameSweep() {
        String yaml = GRID.formatted(2, 1, 3, "0.1");
        assertEquals(
                SweepFileLoader.parse(yaml, "a").sha256(),
                SweepFileLoader.parse("description: tried again\n" + yaml, "a").sha256());
    }

    @Test
    void changesThatAlterStoredTrialsAreRefusedByName() {
        Plan stored = grid(2, 1, 3, "0.1, 0.2");
        assertTrue(refusal(stored, grid(2, 1, 4, "0.1, 0.2")).contains("fixed epochs 3 → 4"));
        assertTrue(refusal(stored, grid(2, 9, 3, "0.1, 0.2")).contains("seed changed (1 → 9)"));
        String fewer = refusal(stored, grid(2, 1, 3, "0.1"));
        assertTrue(fewer.contains("learning_rate -[0.2]: 4 of the 8 stored trials"), fewer);
        assertTrue(refusal(stored, grid(1, 1, 3, "0.1, 0.2")).contains("repeats 2 → 1"));
        String other = refusal(stored, plan(GRID.formatted(2, 1, 3, "0.1, 0.2").replace("mnist", "fashion-mnist")));
        assertTrue(other.startsWith("out/g holds trials of this sweep as it was before: dataset changed"), other);
        assertTrue(other.endsWith("rerun with --fresh to replace them, or give the sweep a new name"), other);
    }

    private static final String RANDOM = """
            name: r
            dataset: mnist
            method: random
            samples: %d
            seed: 4
            search:
              learning_rate: {min: 0.001, max: 1, distribution: log_uniform}
              width: {values: [%s]}
            """;

    @Test
    void moreRandomSamplesContinueTheSeededDraws() {
        Plan stored = plan(RANDOM.formatted(6, "32, 64"));
        Plan next = plan(RANDOM.formatted(10, "32, 64"));
        SweepGrowth g = SweepGrowth.between(stored, next, ids(stored), "out/r");
        assertEquals(6, g.reused());
        assertTrue(g.describe(4).contains("samples 6 → 10"));
        // a changed space draws anew: refused
        assertTrue(refusal(stored, plan(RANDOM.formatted(10, "32, 64, 128"))).contains("width +[128]"));
    }

    @Test
    void aTpeSweepGrowsOnlyByMoreSamples() {
        String tpe = """
                name: t
                dataset: mnist
                method: tpe
                samples: %d
                repeats: %d
                search:
                  learning_rate: {min: 0.001, max: 1, distribution: log_uniform}
                """;
        Plan stored = plan(tpe.formatted(12, 2));
        SweepGrowth g = SweepGrowth.between(stored, plan(tpe.formatted(20, 2)), Set.of("a-r0"), "out/t");
        assertTrue(g.tpe());
        assertTrue(g.describe(0).contains("the tpe log continues"));
        assertTrue(refusal(stored, plan(tpe.formatted(20, 3))).contains("a tpe sweep grows only by more samples"));
        assertTrue(refusal(stored, plan(tpe.formatted(8, 2))).contains("samples 12 → 8"));
    }

    private static final String USER = """
            name: u
            model: {class: com.example.MyModel}
            dataset: mnist
            repeats: %d
            fixed: {epochs: 2, batch_size: 32}
            search:
              blocks: {values: [%s]}
            """;

    private static Plan userPlan(String yaml, ModelResolver resolver) {
        return TrialPlanner.plan(SweepFileLoader.parse(yaml, "u.yaml", resolver));
    }

    @Test
    void aUserModelSweepGrowsLikeAnyOtherAndAChangedDeclarationIsNamed() {
        Plan stored = userPlan(USER.formatted(1, "1, 2"), FakeModels.RESOLVER);
        Plan grown = userPlan(USER.formatted(2, "1, 2, 3"), FakeModels.RESOLVER);
        SweepGrowth g = SweepGrowth.between(stored, grown, ids(stored), "out/u");
        assertEquals("the sweep grew (repeats 1 → 2, blocks +[3]): reusing 2 stored trials, running 4", g.describe(4));
        // the class now declares blocks up to 16: the same file is another sweep, and the message says why
        ModelResolver changed = className -> new ModelSpec(
                className,
                List.of(
                        FakeModels.LR,
                        DeclaredParameter.integer("blocks", 2, 1, 16),
                        FakeModels.ACTIVATION,
                        FakeModels.BATCH_NORM),
                false);
        String msg = refusal(stored, userPlan(USER.formatted(1, "1, 2"), changed));
        assertTrue(
                msg.contains(
                        "as it was before: com.example.MyModel's declarations changed (blocks max 8.0 → 16.0); rerun"),
                msg);
    }

    @Test
    void anEarlyStoppingGridDoesNotGrow() {
        String es = GRID.formatted(2, 1, 4, "0.1, 0.2")
                + "early_stopping: {rule: asha, min_epochs: 1, reduction_factor: 2}\n";
        Plan stored = plan(es);
        String msg = refusal(stored, plan(es.replace("0.1, 0.2", "0.1, 0.2, 0.4")));
        assertTrue(msg.contains("learning_rate +[0.4]; an early-stopping sweep's rung decisions"), msg);
    }
}
