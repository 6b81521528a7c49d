package io.sparksweep.train;

import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Salt-and-pepper noise: level = the fraction of values replaced, by 0 or 1 half and half, seeded by ND4J's generator. */
class SaltAndPepperNoiseTest {

    private static final int ROWS = 200;
    private static final int COLS = 784;

    /** Noise applied to an input whose every value is 0.25 (so a replaced value shows), with ND4J's generator at seed. */
    private static float[] noisy(double level, long seed) {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        INDArray in = Nd4j.valueArrayOf(new long[] {ROWS, COLS}, 0.25f);
        INDArray out = Nd4j.create(DataType.FLOAT, ROWS, COLS);
        Nd4j.getRandom().setSeed(seed);
        new SaltAndPepperNoise(level).applyDropout(in, out, 0, 0, LayerWorkspaceMgr.noWorkspaces());
        assertEquals(0.25f, in.getFloat(0, 0), "the input is left alone");
        return out.data().asFloat();
    }

    @Test
    void theLevelIsTheFractionReplacedByZerosAndOnesHalfAndHalf() {
        for (double level : new double[] {0.1, 0.4, 0.6}) {
            float[] v = noisy(level, 5);
            int zeros = 0, ones = 0;
            for (float x : v) {
                if (x == 0f) {
                    zeros++;
                } else if (x == 1f) {
                    ones++;
                } else {
                    assertEquals(0.25f, x, "a value is kept exactly or replaced");
                }
            }
            double replaced = (zeros + ones) / (double) v.length;
            // 156 800 values: the binomial standard deviation of the fraction is at most 0.0013
            assertEquals(level, replaced, 0.006, "fraction replaced at level " + level);
            assertEquals(
                    0.5, ones / (double) (zeros + ones), 0.01, "share of ones among the replaced at level " + level);
        }
    }

    @Test
    void levelZeroIsTheIdentityAndLevelOnePureNoise() {
        for (float x : noisy(0, 5)) {
            assertEquals(0.25f, x);
        }
        int ones = 0;
        for (float x : noisy(1, 5)) {
            assertTrue(x == 0f || x == 1f, "every value replaced at level 1");
            ones += (int) x;
        }
        assertEquals(0.5, ones / (double) (ROWS * COLS), 0.01);
    }

    @Test
    void theSameSeedGivesTheSameNoise() {
        assertArrayEquals(noisy(0.3, 11), noisy(0.3, 11));
        assertFalse(Arrays.equals(noisy(0.3, 11), noisy(0.3, 12)));
    }

    @Test
    void inPlaceAsDl4jAppliesItAndTheGradientOnlyFlowsThroughKeptValues() {
        INDArray x = Nd4j.valueArrayOf(new long[] {4, 50}, 0.25f);
        SaltAndPepperNoise noise = new SaltAndPepperNoise(0.5);
        Nd4j.getRandom().setSeed(3);
        noise.applyDropout(x, x, 0, 0, LayerWorkspaceMgr.noWorkspaces());
        INDArray grad = Nd4j.create(DataType.FLOAT, 4, 50);
        noise.backprop(Nd4j.ones(DataType.FLOAT, 4, 50), grad, 0, 0);
        float[] v = x.data().asFloat();
        float[] g = grad.data().asFloat();
        for (int i = 0; i < v.length; i++) {
            assertEquals(v[i] == 0.25f ? 1f : 0f, g[i], "gradient " + i);
        }
    }

    @Test
    void aLevelOutsideZeroOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SaltAndPepperNoise(1.5));
        assertThrows(IllegalArgumentException.class, () -> new SaltAndPepperNoise(-0.1));
        assertEquals(new SaltAndPepperNoise(0.3), new SaltAndPepperNoise(0.3).clone());
    }
}
