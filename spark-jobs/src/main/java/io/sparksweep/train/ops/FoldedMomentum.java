package io.sparksweep.train.ops;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.Axpy;
import org.nd4j.linalg.factory.Nd4j;

import java.io.Serializable;

/**
 * {@link ClassicMomentum}: v = m·v − lr·(g + l2·W), w += v. At a constant rate the gradient GEMMs
 * write {@code v = m·v − lr/b·Σ} into a velocity laid out like the parameters (alpha = −lr/b,
 * beta = m), an axpy adds the L2 term on layers that have one, and one add moves every parameter.
 * At a decaying rate the GEMMs write the batch-mean gradient into a second such array (alpha = 1/b,
 * beta = 0) and three ops over all parameters make v and move w: see {@link ParameterUpdate#decays}.
 */
final class FoldedMomentum extends ParameterUpdate {

    private final double momentum;
    private final INDArray[] weights;
    private final ParamMirror velocity;
    private final ParamMirror gradient; // null at a constant rate
    private final PreparedOp move;

    FoldedMomentum(double momentum, INDArray params, INDArray[] weights, INDArray[] biases, boolean decaying) {
        this.momentum = momentum;
        this.weights = weights;
        velocity = new ParamMirror(params, weights, biases);
        gradient = decaying ? new ParamMirror(params, weights, biases) : null;
        move = new PreparedOp(new AddOp(params, velocity.flat, params));
    }

    @Override
    INDArray weightTarget(int l) {
        return gradient == null ? velocity.weights[l] : gradient.weights[l];
    }

    @Override
    INDArray biasTarget(int l) {
        return gradient == null ? velocity.biases[l] : gradient.biases[l];
    }

    @Override
    double beta() {
        return gradient == null ? momentum : 0.0;
    }

    @Override
    double alpha(int batch, double lr) {
        return gradient == null ? -lr / batch : 1.0 / batch;
    }

    @Override
    void afterGradient(int l, double l2, double lr) {
        if (l2 == 0) {
            return;
        }
        if (gradient == null) {
            // after the GEMM: its beta would otherwise scale the L2 term by m
            Nd4j.exec(new Axpy(weights[l], velocity.weights[l], velocity.weights[l], -lr * l2));
        } else {
            Nd4j.exec(new Axpy(weights[l], gradient.weights[l], gradient.weights[l], l2));
        }
    }

    @Override
    public void finish(double lr, int iteration) {
        if (gradient != null) {
            velocity.flat.muli(momentum);
            Nd4j.exec(new Axpy(gradient.flat, velocity.flat, velocity.flat, -lr));
        }
        move.exec();
    }

    @Override
    public Serializable state() {
        return velocity.flat.data().asFloat();
    }

    @Override
    public void restore(Serializable state) {
        velocity.flat.data().setData((float[]) state);
    }

    @Override
    public void close() {
        move.close();
        velocity.close();
        if (gradient != null) {
            gradient.close();
        }
    }
}
