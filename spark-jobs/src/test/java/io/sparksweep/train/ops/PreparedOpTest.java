package io.sparksweep.train.ops;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PreparedOpTest {

    @Test
    void computesWhatNd4jExecComputesAndSeesNewContentsOfItsArrays() {
        INDArray a = Nd4j.rand(DataType.FLOAT, 5, 7);
        INDArray b = Nd4j.rand(DataType.FLOAT, 7, 3);
        INDArray out = Nd4j.create(DataType.FLOAT, 5, 3);
        try (PreparedOp prepared = new PreparedOp(new Mmul(a, b, out, 2.0, 0.0, null))) {
            prepared.exec();
            assertTrue(out.equalsWithEps(a.mmul(b).muli(2.0), 1e-5), out.toString());
            a.assign(Nd4j.rand(DataType.FLOAT, 5, 7)); // the context holds the buffers, not copies
            prepared.exec();
            assertTrue(out.equalsWithEps(a.mmul(b).muli(2.0), 1e-5), out.toString());
        }
    }

    @Test
    void aFailingOpThrowsWithItsName() {
        INDArray a = Nd4j.rand(DataType.FLOAT, 5, 7);
        INDArray b = Nd4j.rand(DataType.FLOAT, 4, 3); // 7 != 4
        INDArray out = Nd4j.create(DataType.FLOAT, 5, 3);
        try (PreparedOp prepared = new PreparedOp(new Mmul(a, b, out, 1.0, 0.0, null))) {
            IllegalStateException e = assertThrows(IllegalStateException.class, prepared::exec);
            assertTrue(e.getMessage().contains("matmul"), e.getMessage());
        }
    }

    @Test
    void refusesAnOpWithoutOutputArrays() {
        DynamicCustomOp noOutput = DynamicCustomOp.builder("tanh")
                .addInputs(Nd4j.rand(DataType.FLOAT, 2, 2))
                .build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PreparedOp(noOutput));
        assertEquals("tanh: a prepared op needs its output arrays", e.getMessage());
    }
}
