package io.sparksweep.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.Axpy;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.SubOp;
import org.nd4j.linalg.api.ops.impl.updaters.AdamUpdater;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Adam as DL4J's AdamUpdater does it: the same libnd4j {@code adam_updater} op (moments, bias
 * correction {@code lr·√(1−β2^(t+1))/(1−β1^(t+1))}, epsilon added to √v), run once over a gradient
 * and two moment arrays laid out like the parameters. The GEMMs write the batch-mean gradient
 * (alpha = 1/b, beta = 0), an axpy adds l2·W, one subtraction moves every parameter.
 */
final class BufferedAdam extends DenseUpdate {

    private final Adam config;
    private final INDArray[] weights;
    private final ParamMirror gradient;
    private final ParamMirror firstMoment;
    private final ParamMirror secondMoment;
    private final CustomOp move;

    BufferedAdam(Adam config, INDArray params, INDArray[] weights, INDArray[] biases) {
        this.config = config;
        this.weights = weights;
        gradient = new ParamMirror(params, weights, biases);
        firstMoment = new ParamMirror(params, weights, biases);
        secondMoment = new ParamMirror(params, weights, biases);
        move = new SubOp(params, gradient.flat, params);
    }

    @Override
    INDArray weightTarget(int l) {
        return gradient.weights[l];
    }

    @Override
    INDArray biasTarget(int l) {
        return gradient.biases[l];
    }

    @Override
    double beta() {
        return 0.0;
    }

    @Override
    double alpha(int batch, double lr) {
        return 1.0 / batch;
    }

    @Override
    void afterGradient(int l, double l2, double lr) {
        if (l2 != 0) {
            Nd4j.exec(new Axpy(weights[l], gradient.weights[l], gradient.weights[l], l2));
        }
    }

    @Override
    void finish(double lr, int iteration) {
        // in place: the gradient becomes the update, the moments their new values
        Nd4j.exec(new AdamUpdater(gradient.flat, secondMoment.flat, firstMoment.flat, lr,
                config.getBeta1(), config.getBeta2(), config.getEpsilon(), iteration));
        Nd4j.exec(move);
    }

    @Override
    public void close() {
        gradient.close();
        firstMoment.close();
        secondMoment.close();
    }
}
