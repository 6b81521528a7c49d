package io.sparksweep.util;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Fisher–Yates shuffles driven by a seeded {@link SplittableRandom}: from the last place down, each
 * place is swapped with one at or before it ({@code rng.nextInt(i + 1)}). Every shuffle in sparksweep
 * (epoch orders, splits, start orders, retrain rounds) goes through here, so the same seed gives the
 * same order wherever it is drawn.
 */
public final class Shuffle {

    private Shuffle() {}

    /** Shuffles all of {@code a} in place. */
    public static void ints(int[] a, SplittableRandom rng) {
        prefix(a, a.length, rng);
    }

    /** Shuffles {@code a[0..n)} in place and leaves the rest. */
    public static void prefix(int[] a, int n, SplittableRandom rng) {
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** Shuffles a mutable list in place, in the same order {@link #ints} would put its indices. */
    public static <T> void list(List<T> l, SplittableRandom rng) {
        for (int i = l.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            l.set(j, l.set(i, l.get(j)));
        }
    }
}
