package io.sparksweep.stats;

import io.sparksweep.space.Hyperparameter;
import io.sparksweep.trial.Config;

import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NumbersAndIntervalsTest {

    @Test
    void fourSignificantDigits() {
        assertEquals("0.4971", Numbers.sig4(0.4970894123457315));
        assertEquals("0.001073", Numbers.sig4(0.0010729502924218192));
        assertEquals("0.9734", Numbers.sig4(0.97342));
        assertEquals("1", Numbers.sig4(0.99999));
        assertEquals("195", Numbers.sig4(195));
        assertEquals("1235", Numbers.sig4(1234.5678));
        assertEquals("0.1", Numbers.sig4(0.1));
        assertEquals("0", Numbers.sig4(0));
        assertEquals("-0.2998", Numbers.sig4(-0.29981234));
        assertEquals("1.5e-7", Numbers.sig4(1.5e-7));
        assertEquals("195", Numbers.value(195), "integers as they are");
        assertEquals("relu", Numbers.value("relu"));
        assertEquals("0.9050", Numbers.metric(0.905), "metrics keep their trailing zeros");
        assertEquals("0.002000", Numbers.metric(0.002));
        assertEquals("12.35", Numbers.metric(12.3456));
        // below 1e-3 and from 1e5 up: scientific, never a run of zeros
        assertEquals("1.086e-6", Numbers.sig4(0.000001086));
        assertEquals("3.349e-5", Numbers.sig4(0.00003349));
        assertEquals("5e-4", Numbers.sig4(0.0005));
        assertEquals("1.235e5", Numbers.sig4(123456.7));
        // a spread to 2 significant digits, its value to the same decimal place
        assertEquals("0.8925 ± 0.0092", Numbers.withSpread(0.8925, 0.009192));
        assertEquals("0.883 ± 0.016", Numbers.withSpread(0.8826, 0.01607));
        assertEquals("54.5 ± 3.2", Numbers.withSpread(54.4885, 3.21));
        assertEquals("5440 ± 120", Numbers.withSpread(5440.2, 123));
        assertEquals("0.9700 ± 1.2e-6", Numbers.withSpread(0.97, 1.23e-6), "at most 4 digits for the value");
        assertEquals("0.8510 ± 0", Numbers.withSpread(0.851, 0));
    }

    @Test
    void describeRoundsTheSearchedValues() {
        Map<Hyperparameter, Object> v = new EnumMap<>(Hyperparameter.class);
        for (Hyperparameter h : Hyperparameter.values()) {
            v.put(h, h.defaultValue());
        }
        v.put(Hyperparameter.LEARNING_RATE, 0.4970894123457315);
        v.put(Hyperparameter.L2, 0.0010729502924218192);
        v.put(Hyperparameter.WIDTH, 195);
        assertEquals(
                "learning_rate=0.4971 width=195 l2=0.001073",
                Numbers.describe(
                        new Config(v), List.of(Hyperparameter.LEARNING_RATE, Hyperparameter.WIDTH, Hyperparameter.L2)));
    }

    @Test
    void anAccuracyIntervalIsClippedToZeroOneAndMarked() {
        // n = 3, mean 0.97, std 0.03: t(0.975, 2) = 4.30 -> [0.8955, 1.0445] -> [0.8955, 1]*
        MetricSummary m = MetricSummary.of(new double[] {0.94, 0.97, 1.0});
        assertTrue(m.ci95High() > 1, "summary/ keeps the t-interval");
        ShownInterval ci = ShownInterval.accuracy(m);
        assertTrue(ci.clipped());
        assertEquals(1.0, ci.high());
        assertEquals(m.ci95Low(), ci.low());
        assertEquals("[0.895, 1.000]*", ci.text(), "the ends at the half-width's second digit (0.052)");
        ShownInterval low = ShownInterval.accuracy(MetricSummary.of(new double[] {0.0, 0.05, 0.1}));
        assertEquals(0.0, low.low());
        assertTrue(low.clipped());
    }

    @Test
    void anIntervalInsideTheRangeIsNotMarked() {
        ShownInterval ci = ShownInterval.accuracy(MetricSummary.of(new double[] {0.94, 0.90, 0.92}));
        assertFalse(ci.clipped());
        assertEquals("[0.870, 0.970]", ci.text(), "half-width 0.050: three decimals");
    }

    @Test
    void fewerThanThreeRepeatsShowNoInterval() {
        MetricSummary two = MetricSummary.of(new double[] {0.3, 0.9}); // t-interval [-3.5, 4.4]
        ShownInterval ci = ShownInterval.accuracy(two);
        assertFalse(ci.shown());
        assertEquals("n=2: too few repeats for an interval", ci.text());
        assertEquals(
                "n=1: too few repeats for an interval",
                ShownInterval.accuracy(MetricSummary.of(new double[] {0.9})).text());
        assertEquals(
                "—", ShownInterval.accuracy(MetricSummary.of(new double[0])).text());
    }
}
