package io.sparksweep.plan;

import io.sparksweep.sweepfile.SweepFileLoader;
import io.sparksweep.trial.TrialSpec;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SeedsTest {

    @Test
    void theSameInputsGiveTheSameSeedOnEveryRun() {
        // pinned: a change here silently changes every stored trial's seed
        assertEquals(Seeds.trialSeed(42, "abc", 0), Seeds.trialSeed(42, "abc", 0));
        assertEquals(
                3398031018824387L, Seeds.trialSeed(42, "abc", 0), "SHA-256(\"42/abc/0\"), first 8 bytes, low 53 bits");
        assertEquals("ba7816bf8f01", Seeds.configId("abc"), "first 12 hex digits of SHA-256(\"abc\")");
        assertEquals("ba7816bf8f01-r2", Seeds.trialId("ba7816bf8f01", 2));
    }

    @Test
    void everyInputChangesTheSeed() {
        long base = Seeds.trialSeed(42, "abc", 0);
        assertNotEquals(base, Seeds.trialSeed(43, "abc", 0));
        assertNotEquals(base, Seeds.trialSeed(42, "abd", 0));
        assertNotEquals(base, Seeds.trialSeed(42, "abc", 1));
    }

    @Test
    void seedsAreDistinctNonNegativeAndFitIn53Bits() {
        Set<Long> seen = new HashSet<>();
        for (int config = 0; config < 100; config++) {
            for (int repeat = 0; repeat < 30; repeat++) {
                long s = Seeds.trialSeed(1, "c" + config, repeat);
                assertTrue(s >= 0 && s < (1L << 53));
                assertTrue(seen.add(s));
            }
        }
    }

    @Test
    void pairedSeedsIgnoreTheConfigurationButNotTheRepeatOrTheSweepSeed() {
        assertEquals(Seeds.pairedTrialSeed(42, 3), Seeds.trialSeed(42, true, "abc", 3));
        assertEquals(Seeds.pairedTrialSeed(42, 3), Seeds.trialSeed(42, true, "xyz", 3));
        assertNotEquals(Seeds.pairedTrialSeed(42, 3), Seeds.pairedTrialSeed(42, 4));
        assertNotEquals(Seeds.pairedTrialSeed(42, 3), Seeds.pairedTrialSeed(43, 3));
        // not paired: the seed it always was
        assertEquals(Seeds.trialSeed(42, "abc", 0), Seeds.trialSeed(42, false, "abc", 0));
        assertNotEquals(Seeds.trialSeed(42, false, "abc", 3), Seeds.trialSeed(42, false, "xyz", 3));
    }

    private static final String SWEEP = """
            name: s
            dataset: mnist
            seed: 7
            fixed: {epochs: 1}
            search:
              learning_rate: {values: [0.1, 0.5, 0.9]}
            """;

    /** The seeds of a plan's trials, one set per repeat index. */
    private static List<Set<Long>> seedsByRepeat(String repeats) {
        Plan plan = TrialPlanner.plan(SweepFileLoader.parse(SWEEP + "repeats: " + repeats + "\n", "s.yaml"));
        return plan.trials().stream()
                .collect(Collectors.groupingBy(
                        TrialSpec::repeat,
                        java.util.TreeMap::new,
                        Collectors.mapping(TrialSpec::seed, Collectors.toSet())))
                .values()
                .stream()
                .toList();
    }

    @Test
    void aPairedRaceSeedsRepeatRAlikeInEveryConfigurationAndOthersKeepTheirSeeds() {
        List<Set<Long>> paired = seedsByRepeat("{min: 2, max: 4, paired: true}");
        assertEquals(4, paired.size());
        for (int r = 0; r < 4; r++) {
            assertEquals(
                    Set.of(Seeds.pairedTrialSeed(7, r)), paired.get(r), "repeat " + r + ": one seed for all three");
        }
        for (String repeats : List.of("{min: 2, max: 4}", "{min: 2, max: 4, paired: false}", "4")) {
            List<Set<Long>> independent = seedsByRepeat(repeats);
            for (Set<Long> seeds : independent) {
                assertEquals(3, seeds.size(), repeats + ": a seed per configuration");
            }
        }
    }
}
