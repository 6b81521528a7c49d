package io.sparksweep.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.Axpy;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link ClassicMomentum}: v = m·v − lr·(g + l2·W), w += v. The gradient GEMMs write
 * {@code v = m·v − lr/b·Σ} into a velocity laid out like the parameters (alpha = −lr/b, beta = m),
 * an axpy adds the L2 term on layers that have one, and one add moves every parameter.
 */
final class FoldedMomentum extends DenseUpdate {

    private final double momentum;
    private final INDArray[] weights;
    private final ParamMirror velocity;
    private final CustomOp move;

    FoldedMomentum(double momentum, INDArray params, INDArray[] weights, INDArray[] biases) {
        this.momentum = momentum;
        this.weights = weights;
        velocity = new ParamMirror(params, weights, biases);
        move = new AddOp(params, velocity.flat, params);
    }

    @Override
    INDArray weightTarget(int l) {
        return velocity.weights[l];
    }

    @Override
    INDArray biasTarget(int l) {
        return velocity.biases[l];
    }

    @Override
    double beta() {
        return momentum;
    }

    @Override
    double alpha(int batch, double lr) {
        return -lr / batch;
    }

    @Override
    void afterGradient(int l, double l2, double lr) {
        if (l2 != 0) {
            // after the GEMM: its beta would otherwise scale the L2 term by m
            Nd4j.exec(new Axpy(weights[l], velocity.weights[l], velocity.weights[l], -lr * l2));
        }
    }

    @Override
    void finish(double lr, int iteration) {
        Nd4j.exec(move);
    }

    @Override
    java.io.Serializable state() {
        return velocity.flat.data().asFloat();
    }

    @Override
    void restore(java.io.Serializable state) {
        velocity.flat.data().setData((float[]) state);
    }

    @Override
    public void close() {
        velocity.close();
    }
}
