package io.sparksweep.train;

import org.nd4j.linalg.api.blas.params.MMulTranspose;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;

/**
 * A prebuilt GEMM ({@code z = alpha·op(x)·op(y) + beta·z}) whose alpha can change between
 * executions: the dense step folds the learning rate into its gradient GEMMs, and a decaying rate
 * changes it every step. Rebuilding the op each step would cost more than setting one argument.
 */
final class ScalableMmul extends Mmul {

    ScalableMmul(INDArray x, INDArray y, INDArray z, double alpha, double beta, MMulTranspose mt) {
        super(x, y, z, alpha, beta, mt);
        if (tArguments.size() != 2) {
            throw new IllegalStateException("Mmul's arguments are not [alpha, beta]: " + tArguments);
        }
    }

    void setAlpha(double a) {
        alpha = a;
        tArguments.set(0, a); // what the native GEMM reads
    }

    double getAlpha() {
        return alpha;
    }
}
