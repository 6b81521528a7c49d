package io.sparksweep.train;

import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Input noise first, then the dropout of the noisy values, as Keras' GaussianNoise then Dropout layers. */
class NoiseThenDropoutTest {

    @Test
    void theNoiseComesFirstAndTheDropoutScalesWhatItLeaves() {
        Nd4j.getRandom().setSeed(123);
        INDArray input = Nd4j.valueArrayOf(new long[] {50, 40}, 0.5f, DataType.FLOAT);
        INDArray output = Nd4j.create(DataType.FLOAT, 50, 40);
        // every value replaced by 0 or 1, then half of them dropped and the rest scaled by 1 / 0.5
        new NoiseThenDropout(new SaltAndPepperNoise(1.0), new Dropout(0.5))
                .applyDropout(input, output, 0, 0, LayerWorkspaceMgr.noWorkspaces());
        int twos = 0, zeros = 0;
        for (float v : output.data().asFloat()) {
            assertTrue(v == 0f || v == 2f, "only 0 (replaced by 0, or dropped) and 2 (replaced by 1, kept): " + v);
            twos += v == 2f ? 1 : 0;
            zeros += v == 0f ? 1 : 0;
        }
        // P(2) = 1/2 (salt) x 1/2 (kept) = 1/4 of 2000 values
        assertTrue(twos > 400 && twos < 600, "values 2: " + twos);
        assertTrue(zeros > 1400, "values 0: " + zeros);
    }
}
