package io.sparksweep.stats;

import org.apache.commons.math3.stat.inference.TTest;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one-sided Welch test and Holm's correction that racing decides with. */
class RaceTestsTest {

    @Test
    void oneSidedWelchIsHalfTheTwoSidedPValueInTheDirectionOfTheLeader() {
        double[] leader = {0.973, 0.975, 0.971, 0.974};
        double[] challenger = {0.962, 0.965, 0.959};
        double two = new TTest().tTest(leader, challenger); // Welch, two-sided
        double p = RaceTests.oneSidedWelch(leader, challenger);
        assertEquals(two / 2, p, 1e-12);
        assertTrue(p < 0.01, "clearly below: " + p);
        // the other direction: the challenger is above the leader, so nothing speaks for "below"
        assertEquals(1 - two / 2, RaceTests.oneSidedWelch(challenger, leader), 1e-12);
    }

    @Test
    void welchNotPooled() {
        // unequal spreads and sizes: the pooled test's p-value differs; ours is Welch's
        double[] leader = {0.90, 0.95, 0.85, 0.99, 0.80, 0.92};
        double[] challenger = {0.86, 0.861, 0.859};
        assertEquals(new TTest().tTest(leader, challenger) / 2, RaceTests.oneSidedWelch(leader, challenger), 1e-12);
        double pooled = new TTest().homoscedasticTTest(leader, challenger) / 2;
        assertTrue(Math.abs(pooled - RaceTests.oneSidedWelch(leader, challenger)) > 0.01);
    }

    @Test
    void constantSamplesDecideOnTheMeansAlone() {
        assertEquals(0.0, RaceTests.oneSidedWelch(new double[] {0.9, 0.9}, new double[] {0.8, 0.8}));
        assertEquals(1.0, RaceTests.oneSidedWelch(new double[] {0.9, 0.9}, new double[] {0.9, 0.9}));
        assertEquals(1.0, RaceTests.oneSidedWelch(new double[] {0.8, 0.8}, new double[] {0.9, 0.9}));
        assertThrows(
                IllegalArgumentException.class,
                () -> RaceTests.oneSidedWelch(new double[] {0.9}, new double[] {0.8, 0.7}));
    }

    @Test
    void oneSidedPairedIsHalfTheTwoSidedPairedPValueInTheDirectionOfTheLeader() {
        double[] leader = {0.935, 0.941, 0.930, 0.938, 0.944};
        double[] challenger = {0.933, 0.938, 0.929, 0.935, 0.941};
        double two = new TTest().pairedTTest(leader, challenger);
        assertEquals(two / 2, RaceTests.oneSidedPaired(leader, challenger), 1e-12);
        assertEquals(1 - two / 2, RaceTests.oneSidedPaired(challenger, leader), 1e-12);
    }

    @Test
    void pairedSeparatesCorrelatedValuesThatWelchCannot() {
        // repeat r shares its seed: both move together by r's luck (spread 0.005), the challenger 0.001 lower
        double[] luck = {0.004, -0.006, 0.001, 0.007, -0.003, -0.001};
        double[] wobble = {0.0002, -0.0001, 0.0001, -0.0002, 0.0001, 0.0};
        double[] leader = new double[luck.length];
        double[] challenger = new double[luck.length];
        for (int r = 0; r < luck.length; r++) {
            leader[r] = 0.935 + luck[r];
            challenger[r] = 0.934 + luck[r] + wobble[r];
        }
        double welch = RaceTests.oneSidedWelch(leader, challenger);
        double paired = RaceTests.oneSidedPaired(leader, challenger);
        assertTrue(welch > 0.3, "Welch sees two overlapping samples: " + welch);
        assertTrue(paired < 1e-4, "the differences are 0.001 +- 0.0002: " + paired);
    }

    @Test
    void pairedNeedsTwoPairsAndDecidesConstantDifferencesOnTheirSign() {
        // binary fractions, so the differences are exactly equal
        assertEquals(0.0, RaceTests.oneSidedPaired(new double[] {0.75, 0.5}, new double[] {0.5, 0.25}));
        assertEquals(1.0, RaceTests.oneSidedPaired(new double[] {0.75, 0.5}, new double[] {0.75, 0.5}));
        assertEquals(1.0, RaceTests.oneSidedPaired(new double[] {0.5, 0.25}, new double[] {0.75, 0.5}));
        assertThrows(
                IllegalArgumentException.class, () -> RaceTests.oneSidedPaired(new double[] {0.9}, new double[] {0.8}));
        assertThrows(
                IllegalArgumentException.class,
                () -> RaceTests.oneSidedPaired(new double[] {0.9, 0.8}, new double[] {0.8, 0.7, 0.6}));
    }

    @Test
    void holmMultipliesTheSortedPValuesByWhatIsLeftAndKeepsThemMonotone() {
        // sorted 0.01, 0.03, 0.04 -> 3*0.01, 2*0.03, max(1*0.04, 0.06)
        assertArrayEquals(new double[] {0.03, 0.06, 0.06}, RaceTests.holm(new double[] {0.01, 0.04, 0.03}), 1e-12);
        assertArrayEquals(new double[] {1.0, 1.0}, RaceTests.holm(new double[] {0.6, 0.9}), 1e-12);
        assertArrayEquals(new double[] {0.2}, RaceTests.holm(new double[] {0.2}), 1e-12, "one test: unchanged");
        assertArrayEquals(new double[0], RaceTests.holm(new double[0]));
        // never below Bonferroni's rejections: each adjusted value is at most m * p
        double[] p = {0.001, 0.02, 0.012, 0.3, 0.04};
        double[] h = RaceTests.holm(p);
        for (int i = 0; i < p.length; i++) {
            assertTrue(h[i] <= Math.min(1, p.length * p[i]) + 1e-15);
            assertTrue(h[i] >= p[i]);
        }
    }
}
