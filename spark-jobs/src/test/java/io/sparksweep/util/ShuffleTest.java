package io.sparksweep.util;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class ShuffleTest {

    private static int[] identity(int n) {
        return IntStream.range(0, n).toArray();
    }

    @Test
    void theSameSeedGivesTheSameOrderAndEveryElementOnce() {
        int[] a = identity(1000);
        int[] b = identity(1000);
        Shuffle.ints(a, new SplittableRandom(7));
        Shuffle.ints(b, new SplittableRandom(7));
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(identity(1000), a), "moved");
        assertArrayEquals(identity(1000), Arrays.stream(a).sorted().toArray(), "a permutation");
    }

    @Test
    void theDrawsGoFromTheLastPlaceDown() {
        // the order every stored sweep's epochs and splits were drawn in: changing it would change results
        int[] a = identity(5);
        Shuffle.ints(a, new SplittableRandom(3));
        int[] expected = identity(5);
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 4; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = expected[i];
            expected[i] = expected[j];
            expected[j] = t;
        }
        assertArrayEquals(expected, a);
    }

    @Test
    void aPrefixLeavesTheRestAndAListFollowsTheIntsOrder() {
        int[] a = identity(10);
        Shuffle.prefix(a, 6, new SplittableRandom(11));
        assertArrayEquals(new int[] {6, 7, 8, 9}, Arrays.copyOfRange(a, 6, 10));
        int[] p = identity(6);
        Shuffle.ints(p, new SplittableRandom(11));
        assertArrayEquals(p, Arrays.copyOf(a, 6), "the prefix shuffled as a whole array of its length");

        List<Integer> l = new ArrayList<>(IntStream.range(0, 6).boxed().toList());
        Shuffle.list(l, new SplittableRandom(11));
        assertEquals(Arrays.stream(p).boxed().toList(), l);
    }
}
