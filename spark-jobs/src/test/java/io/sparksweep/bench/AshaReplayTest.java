package io.sparksweep.bench;

import io.sparksweep.space.EarlyStopping;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ASHA replayed on made-up curves: pure, no Spark. */
class AshaReplayTest {

    private static final EarlyStopping ASHA = new EarlyStopping(EarlyStopping.Rule.ASHA, 3, 1, "test_accuracy");

    /** Configuration i's curve rises to 0.5 + i/100 over 9 epochs; listed in ascending quality, as a sorted grid is. */
    private static Map<String, List<Double>> curves(int n) {
        Map<String, List<Double>> curves = new HashMap<>();
        for (int i = 0; i < n; i++) {
            List<Double> c = new ArrayList<>();
            for (int e = 1; e <= 9; e++) {
                c.add((0.5 + i / 100.0) * e / 9);
            }
            curves.put("c" + i, c);
        }
        return curves;
    }

    private static List<String> ids(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add("c" + i);
        }
        return ids;
    }

    @Test
    void oneSlotInTheFullGridOrderPromotesEveryImprovingConfigurationAndKeepsTheBest() {
        Map<String, Double> seconds = new HashMap<>();
        ids(9).forEach(id -> seconds.put(id, 1.0));
        AshaReplay.Run ascending = AshaReplay.replay(ids(9), curves(9), seconds, 9, ASHA, 1, new Random(1));
        List<String> descending = new ArrayList<>(ids(9));
        java.util.Collections.reverse(descending);
        AshaReplay.Run best = AshaReplay.replay(descending, curves(9), seconds, 9, ASHA, 1, new Random(1));
        assertEquals("c8", ascending.best());
        assertEquals("c8", best.best());
        // each newcomer beats all before it, so ascending order promotes far more than best-first
        assertTrue(ascending.epochs() > best.epochs() + 9, ascending.epochs() + " vs " + best.epochs());
        assertTrue(best.epochs() < 9 * 9, "early stopping saved nothing: " + best.epochs());
    }

    @Test
    void aFailedConfigurationNeverEndsBest() {
        Map<String, List<Double>> curves = curves(4);
        curves.put("c3", List.of()); // failed at once
        Map<String, Double> seconds = new HashMap<>();
        ids(4).forEach(id -> seconds.put(id, 1.0));
        AshaReplay.Run run = AshaReplay.replay(ids(4), curves, seconds, 9, ASHA, 2, new Random(2));
        assertEquals("c2", run.best());
    }
}
