package io.sparksweep.train;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.FloatBuffer;

/**
 * The pieces both fast steps (dense and convolutional) share: a dense layer's activation and its
 * backprop (prebuilt legacy ops for plain ReLU, DL4J's activation object otherwise), and the
 * softmax cross-entropy score computed on the host.
 */
final class DenseLayerOps {

    /** LossMCXENT's default clipping of softmax probabilities before the log. */
    static final double PROB_CLIP = 1e-10;

    private DenseLayerOps() {
    }

    /** act = activation(pre): the prebuilt ReLU op when there is one. */
    static void activate(Op relu, IActivation activation, INDArray pre, INDArray act) {
        if (relu != null) {
            Nd4j.exec(relu);
            return;
        }
        act.assign(pre);
        activation.getActivation(act, true);
    }

    /**
     * Turns eps (the gradient wrt the layer's output) into pre (the gradient wrt its
     * pre-activation). The ReLU ops reuse act, which the layer above has finished with, as the mask.
     */
    static void backprop(Op reluMask, CustomOp reluBackprop, IActivation activation, INDArray pre, INDArray eps) {
        if (reluBackprop != null) {
            Nd4j.exec(reluMask);
            Nd4j.exec(reluBackprop);
            return;
        }
        INDArray grad = activation.backprop(pre, eps).getFirst();
        if (grad != pre) {
            pre.assign(grad);
        }
    }

    /** Mean cross-entropy of softmax outputs against one-hot labels, on the host: a few logs per example, not ten ops. */
    static double meanCrossEntropy(FloatBuffer probs, FloatBuffer labels, int length, int batch) {
        double sum = 0;
        for (int i = 0; i < length; i++) {
            float y = labels.get(i);
            if (y != 0f) {
                sum -= y * Math.log(Math.min(Math.max(probs.get(i), PROB_CLIP), 1 - PROB_CLIP));
            }
        }
        return sum / batch;
    }
}
