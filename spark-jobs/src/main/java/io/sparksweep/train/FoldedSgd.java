package io.sparksweep.train;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Plain SGD, constant or decaying rate: the gradient GEMMs subtract {@code lr/b·Σ} straight from the
 * weights (alpha = −lr/b, beta = 1), no gradient array and no extra op.
 */
final class FoldedSgd extends DenseUpdate {

    private final INDArray[] weights;
    private final INDArray[] biases;

    FoldedSgd(INDArray[] weights, INDArray[] biases) {
        this.weights = weights;
        this.biases = biases;
    }

    @Override
    INDArray weightTarget(int l) {
        return weights[l];
    }

    @Override
    INDArray biasTarget(int l) {
        return biases[l];
    }

    @Override
    double beta() {
        return 1.0;
    }

    @Override
    double alpha(int batch, double lr) {
        return -lr / batch;
    }

    @Override
    void beforeGradient(int l, double l2, double lr) {
        if (l2 != 0) {
            // SGD on (gradient + l2·W) is W·(1 − lr·l2) − lr·gradient
            weights[l].muli(1.0 - lr * l2);
        }
    }
}
