package io.sparksweep.train.ops;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.updaters.AdamUpdater;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** The host Adam loop against libnd4j's adam_updater op, the one DL4J's AdamUpdater runs. */
class BufferedAdamTest {

    @Test
    void matchesLibnd4jsAdamUpdaterOverBlocksAndSteps() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        Nd4j.getRandom().setSeed(5);
        INDArray params = Nd4j.rand(DataType.FLOAT, 50);
        INDArray reference = params.dup();
        INDArray[] w = {params.get(NDArrayIndex.interval(0, 40)).reshape('f', 8, 5)};
        INDArray[] b = {params.get(NDArrayIndex.interval(40, 50))};
        INDArray m = Nd4j.zeros(DataType.FLOAT, 50), v = Nd4j.zeros(DataType.FLOAT, 50);
        Adam adam = new Adam(0.01, 0.9, 0.999, 1e-7);
        try (BufferedAdam update = new BufferedAdam(adam, params, w, b, 7)) { // 8 blocks, the last one short
            for (int t = 0; t < 5; t++) {
                INDArray g = Nd4j.randn(DataType.FLOAT, 50).muli(t == 2 ? 1e-6 : 0.1); // one step near ε's scale
                update.weightTarget(0)
                        .assign(g.get(NDArrayIndex.interval(0, 40)).reshape('f', 8, 5));
                update.biasTarget(0).assign(g.get(NDArrayIndex.interval(40, 50)));
                double lr = 0.01 / (1 + 0.3 * t); // a decaying rate, as InverseSchedule gives
                update.finish(lr, t);
                Nd4j.exec(new AdamUpdater(g, v, m, lr, 0.9, 0.999, 1e-7, t));
                reference.subi(g);
                assertArrayEquals(
                        reference.toFloatVector(), params.toFloatVector(), 1e-6f, "parameters after step " + t);
            }
        }
    }
}
