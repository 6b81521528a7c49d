package io.sparksweep.plan;

import io.sparksweep.space.SweepDefinition;
import io.sparksweep.sweepfile.SweepFileLoader;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StartOrderTest {

    private static final String GRID = """
            seed: %d
            fixed: {epochs: 9}
            search:
              learning_rate: {values: [0.01, 0.05, 0.2, 0.8]}
              width: {values: [32, 128, 512]}
              l2: {values: [1.0e-5, 1.0e-4]}
            """;

    private static SweepDefinition sweep(String body) {
        return SweepFileLoader.parse("name: t\ndataset: mnist\n" + body, "t.yaml");
    }

    private static List<String> listed(SweepDefinition s) {
        return TrialPlanner.plan(s).configs().stream()
                .map(c -> Seeds.configId(c.canonical()))
                .toList();
    }

    @Test
    void anEarlyStoppingGridStartsInASeededPermutationOfItsListing() {
        SweepDefinition s = sweep(GRID.formatted(42) + "early_stopping: {rule: asha, reduction_factor: 4}\n");
        List<String> listed = listed(s);
        List<String> order = StartOrder.of(s, listed);
        assertEquals(24, order.size());
        assertEquals(Set.copyOf(listed), Set.copyOf(order), "a permutation: every configuration once");
        assertNotEquals(listed, order, "not the grid's ascending listing");
        assertEquals(order, StartOrder.of(s, listed), "the same sweep, the same order (a resumed driver replays it)");
        // the first configurations started are not all the smallest learning rate's (the listing's first 6)
        assertTrue(!Set.copyOf(listed.subList(0, 6)).containsAll(order.subList(0, 6)), order.toString());

        SweepDefinition otherSeed = sweep(GRID.formatted(43) + "early_stopping: {rule: asha, reduction_factor: 4}\n");
        assertNotEquals(order, StartOrder.of(otherSeed, listed(otherSeed)), "the sweep seed chooses the order");
    }

    @Test
    void theOrderIsPinned() {
        // pinned: a change here makes every early-stopping grid's log unresumable (the rerun is refused)
        List<String> ids = IntStream.range(0, 6).mapToObj(i -> "c" + i).toList();
        assertEquals(List.of("c0", "c2", "c1", "c5", "c3", "c4"), StartOrder.shuffled(ids, 42));
    }

    @Test
    void shuffledIsAPermutationForEverySeed() {
        List<String> ids = IntStream.range(0, 50).mapToObj(i -> "c" + i).toList();
        Set<List<String>> seen = new HashSet<>();
        for (long seed = 0; seed < 20; seed++) {
            List<String> order = StartOrder.shuffled(ids, seed);
            assertEquals(Set.copyOf(ids), Set.copyOf(order));
            assertEquals(ids.size(), order.size());
            seen.add(order);
        }
        assertEquals(20, seen.size(), "each seed its own order");
        assertEquals(List.of(), StartOrder.shuffled(List.of(), 1));
    }

    @Test
    void withoutEarlyStoppingAndForRandomSearchThePlanOrderStays() {
        SweepDefinition grid = sweep(GRID.formatted(42));
        assertEquals(listed(grid), StartOrder.of(grid, listed(grid)), "a grid without early stopping");
        SweepDefinition random = sweep("""
                method: random
                samples: 20
                seed: 3
                fixed: {epochs: 9}
                search:
                  learning_rate: {distribution: log_uniform, min: 1.0e-3, max: 1.0}
                early_stopping: {rule: asha, reduction_factor: 4}
                """);
        assertEquals(listed(random), StartOrder.of(random, listed(random)), "random draws are in random order already");
    }

    @Test
    void aLogWrittenInTheListedOrderResumesInIt() {
        List<String> listed = List.of("a", "b", "c", "d");
        List<String> order = List.of("c", "a", "d", "b");
        assertEquals(order, StartOrder.resumed(order, listed, List.of()), "nothing logged");
        assertEquals(order, StartOrder.resumed(order, listed, List.of("c", "a")), "logged in the shuffled order");
        assertEquals(listed, StartOrder.resumed(order, listed, List.of("a", "b")), "an older version's log");
        assertEquals(order, StartOrder.resumed(order, listed, List.of("d")), "neither: replay refuses it");
    }
}
