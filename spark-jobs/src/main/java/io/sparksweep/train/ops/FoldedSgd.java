package io.sparksweep.train.ops;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.Axpy;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Plain SGD. At a constant rate the gradient GEMMs subtract {@code lr/b·Σ} straight from the weights
 * (alpha = −lr/b, beta = 1): no gradient array and no extra op. At a decaying rate they write the
 * batch-mean gradient into an array laid out like the parameters (alpha = 1/b, beta = 0), an axpy
 * adds l2·W, and one axpy moves every parameter by −lr·g: see {@link ParameterUpdate#decays} for why a
 * changing rate must stay out of the GEMMs.
 */
final class FoldedSgd extends ParameterUpdate {

    private final INDArray params;
    private final INDArray[] weights;
    private final INDArray[] biases;
    private final ParamMirror gradient; // null at a constant rate

    FoldedSgd(INDArray params, INDArray[] weights, INDArray[] biases, boolean decaying) {
        this.params = params;
        this.weights = weights;
        this.biases = biases;
        gradient = decaying ? new ParamMirror(params, weights, biases) : null;
    }

    @Override
    INDArray weightTarget(int l) {
        return gradient == null ? weights[l] : gradient.weights[l];
    }

    @Override
    INDArray biasTarget(int l) {
        return gradient == null ? biases[l] : gradient.biases[l];
    }

    @Override
    double beta() {
        return gradient == null ? 1.0 : 0.0;
    }

    @Override
    double alpha(int batch, double lr) {
        return gradient == null ? -lr / batch : 1.0 / batch;
    }

    @Override
    void beforeGradient(int l, double l2, double lr) {
        if (l2 != 0 && gradient == null) {
            // SGD on (gradient + l2·W) is W·(1 − lr·l2) − lr·gradient
            weights[l].muli(1.0 - lr * l2);
        }
    }

    @Override
    void afterGradient(int l, double l2, double lr) {
        if (l2 != 0 && gradient != null) {
            Nd4j.exec(new Axpy(weights[l], gradient.weights[l], gradient.weights[l], l2));
        }
    }

    @Override
    public void finish(double lr, int iteration) {
        if (gradient != null) {
            Nd4j.exec(new Axpy(gradient.flat, params, params, -lr));
        }
    }

    @Override
    public void close() {
        if (gradient != null) {
            gradient.close();
        }
    }
}
