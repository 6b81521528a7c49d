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
