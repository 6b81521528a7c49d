package io.sparksweep.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Minibatches dealt into averaging rounds: each exactly once, each round only its own. */
class AveragingRoundsTest {

    private static JavaSparkContext sc;

    @BeforeAll
    static void start() {
        sc = new JavaSparkContext(
                new SparkConf().setMaster("local[2]").setAppName("rounds").set("spark.ui.enabled", "false"));
    }

    @AfterAll
    static void stop() {
        sc.stop();
    }

    @Test
    void everyItemLandsInExactlyOneRoundAndTheSourceIsReadOnce() {
        // three uneven source partitions, as a table's files give: 50, 50 and 3 "minibatches"
        LongAccumulator made = sc.sc().longAccumulator("made");
        JavaRDD<Integer> items = sc.parallelize(List.of(0, 1, 2), 3).mapPartitions(ids -> {
            int id = ids.next();
            int from = id * 50;
            int n = id < 2 ? 50 : 3;
            made.add(n);
            return IntStream.range(from, from + n).boxed().iterator();
        });
        AveragingRounds<Integer> rounds = AveragingRounds.deal(items, 103 + 3, 2, 5, 42);
        assertEquals(11, rounds.rounds(), "ceil(106 / (2 workers x 5))");

        List<Integer> seen = new ArrayList<>();
        for (int r = 0; r < rounds.rounds(); r++) {
            JavaRDD<Integer> round = rounds.round(r);
            assertEquals(2, round.getNumPartitions(), "one partition per worker");
            for (int size : round.mapPartitions(it -> {
                        int n = 0;
                        for (; it.hasNext(); it.next()) {
                            n++;
                        }
                        return List.of(n).iterator();
                    })
                    .collect()) {
                assertTrue(size <= 5 + 2, "a worker's share of a round is about the averaging frequency: " + size);
            }
            seen.addAll(round.collect());
        }
        seen.sort(null);
        assertEquals(IntStream.range(0, 103).boxed().toList(), seen, "every item once, none twice");
        // the source was made once, however many rounds read it (a round of its own filter would re-make it)
        assertEquals(103, made.value());
    }

    @Test
    void aRoundHoldsItemsFromAcrossTheSources() {
        JavaRDD<Integer> items = sc.parallelize(IntStream.range(0, 40).boxed().toList(), 4);
        AveragingRounds<Integer> rounds = AveragingRounds.deal(items, 40, 2, 5, 42);
        // 4 sources into 2 rounds x 2 workers: a place-mod-partitions deal would give each worker one source
        for (int r = 0; r < rounds.rounds(); r++) {
            for (List<Integer> share : rounds.round(r).glom().collect()) {
                assertEquals(5, share.size(), "balanced: " + share);
                assertTrue(share.stream().map(i -> i / 10).distinct().count() >= 2, "mixed sources: " + share);
            }
        }
    }

    @Test
    void roundsAreAtLeastOneAndEnoughForTheMinibatches() {
        assertEquals(1, AveragingRounds.roundsFor(0, 2, 5));
        assertEquals(1, AveragingRounds.roundsFor(10, 2, 5));
        assertEquals(2, AveragingRounds.roundsFor(11, 2, 5));
        assertEquals(7_813, AveragingRounds.roundsFor(78_125, 2, 5));
    }

    @Test
    void theOrderIsASeededPermutationThatChangesEveryEpoch() {
        int[] a = AveragingRounds.order(50, 7, 1);
        assertArrayEquals(a, AveragingRounds.order(50, 7, 1));
        int[] sorted = a.clone();
        Arrays.sort(sorted);
        assertArrayEquals(IntStream.range(0, 50).toArray(), sorted);
        assertFalse(Arrays.equals(a, AveragingRounds.order(50, 7, 2)), "epoch 2 goes in another order");
    }
}
