package io.sparksweep.train;

import io.sparksweep.data.Examples;
import io.sparksweep.space.NoiseType;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The corrupted test sets of robustness curves and evaluate: seeded per level, the training noise's definition. */
class NoisyEvaluationTest {

    private static final int F = 784, N = 2500;

    /** Pixels in (0, 1) exclusive, so a replaced value (exactly 0 or 1) is recognisable; rows 1..N of a larger x. */
    private static Examples examples() {
        float[] x = new float[(N + 1) * F];
        for (int i = 0; i < x.length; i++) {
            x[i] = 0.1f + 0.8f * ((i * 7919) % 1000) / 1000f;
        }
        int[] rows = new int[N];
        for (int i = 0; i < N; i++) {
            rows[i] = i + 1;
        }
        return new Examples(x, new int[N + 1], null, rows);
    }

    @Test
    void levelZeroIsTheCleanRowsInOrder() {
        Examples e = examples();
        float[] clean = NoisyEvaluation.corrupt(e, F, NoiseType.SALT_AND_PEPPER, 0);
        assertArrayEquals(Arrays.copyOfRange(e.x(), F, (N + 1) * F), clean);
        assertArrayEquals(clean, NoisyEvaluation.corrupt(e, F, NoiseType.GAUSSIAN, 0));
    }

    @Test
    void saltAndPepperReplacesTheLevelsShareByZerosAndOnesTheSameWayEveryTime() {
        Examples e = examples();
        Nd4j.getRandom().setSeed(1); // whatever state the generator was left in
        float[] a = NoisyEvaluation.corrupt(e, F, NoiseType.SALT_AND_PEPPER, 0.3);
        Nd4j.getRandom().setSeed(99);
        float[] b = NoisyEvaluation.corrupt(e, F, NoiseType.SALT_AND_PEPPER, 0.3);
        assertArrayEquals(a, b, "seeded by the level alone");
        assertFalse(Arrays.equals(a, NoisyEvaluation.corrupt(e, F, NoiseType.SALT_AND_PEPPER, 0.35)));
        long zeros = 0, ones = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] == 0f) {
                zeros++;
            } else if (a[i] == 1f) {
                ones++;
            } else {
                assertEquals(e.x()[F + i], a[i], "kept values are untouched");
            }
        }
        assertEquals(0.15, (double) zeros / a.length, 0.005);
        assertEquals(0.15, (double) ones / a.length, 0.005);
        float[] all = NoisyEvaluation.corrupt(e, F, NoiseType.SALT_AND_PEPPER, 1.0);
        for (float v : all) {
            assertFalse(v != 0f && v != 1f, "level 1 replaces every value");
        }
    }

    @Test
    void gaussianAddsNoiseOfTheLevelsStdTheSameWayEveryTime() {
        Examples e = examples();
        float[] a = NoisyEvaluation.corrupt(e, F, NoiseType.GAUSSIAN, 0.5);
        assertArrayEquals(a, NoisyEvaluation.corrupt(e, F, NoiseType.GAUSSIAN, 0.5));
        double sum = 0, sq = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - e.x()[F + i];
            sum += d;
            sq += d * d;
        }
        double mean = sum / a.length;
        assertEquals(0, mean, 0.002);
        assertEquals(0.5, Math.sqrt(sq / a.length - mean * mean), 0.002);
    }
}
