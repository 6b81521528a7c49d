package io.sparksweep.train.ops;

import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.blas.params.MMulTranspose;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMultiplication;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarReverseSubtraction;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.DivOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.SubOp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Log;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;

import java.nio.FloatBuffer;

/**
 * The output layer's activation and loss as the fast steps compute them, each with the arithmetic of
 * DL4J's loss function for it: softmax and multi-class cross-entropy (classifiers), sigmoid and
 * binary cross-entropy with per-output weights and clipping (the autoencoder), identity and mean
 * squared error (regression). A bound loss ({@link Bound}) turns the output layer's pre-activations
 * into its outputs, scores them against the labels, and overwrites the outputs with the gradient
 * with respect to the pre-activations, summed over the batch (the {@link DenseTail}'s GEMMs divide
 * by the batch size, as DL4J's updater does).
 */
public abstract sealed class OutputLoss {

    /** LossMCXENT's default clipping of softmax probabilities before the log. */
    static final double SOFTMAX_CLIP = 1e-10;

    private OutputLoss() {}

    /** The loss of this output layer, or null when the fast steps have none for its activation and loss function. */
    public static OutputLoss of(OutputLayer conf) {
        IActivation activation = conf.getActivationFn();
        ILossFunction loss = conf.getLossFn();
        if (activation instanceof ActivationSoftmax
                && loss instanceof LossMCXENT mcxent
                && mcxent.getWeights() == null
                && mcxent.getSoftmaxClipEps() == SOFTMAX_CLIP) {
            return new SoftmaxCrossEntropy();
        }
        if (activation.getClass() == ActivationSigmoid.class && loss.getClass() == LossBinaryXENT.class) {
            LossBinaryXENT xent = (LossBinaryXENT) loss;
            return new SigmoidBinaryCrossEntropy(xent.getClipEps(), xent.getWeights());
        }
        if (activation.getClass() == ActivationIdentity.class
                && loss.getClass() == LossMSE.class
                && ((LossMSE) loss).getWeights() == null) {
            return new IdentityMeanSquaredError();
        }
        return null;
    }

    /**
     * Binds the loss to one batch's arrays: {@code pre}, the output layer's pre-activations;
     * {@code labels}. Scratch arrays go into {@code arena}.
     */
    abstract Bound bind(OpArena arena, INDArray pre, INDArray labels);

    /** The loss on one batch's arrays. */
    abstract static class Bound {
        /** The outputs after {@link #activate}; after {@link #gradient}, the gradient wrt the pre-activations. */
        final INDArray out;

        final FloatBuffer outHost;
        final FloatBuffer labelsHost;

        Bound(INDArray out, INDArray labels) {
            this.out = out;
            outHost = out.data().asNioFloat();
            labelsHost = labels.data().asNioFloat();
        }

        /** out = activation(pre). */
        abstract void activate();

        /** DL4J's score of the batch before regularization: the loss summed per example, averaged over examples. */
        abstract double meanLoss();

        /** out = the gradient of the summed loss wrt pre; after {@link #meanLoss}, whose scratch it may reuse. */
        abstract void gradient();
    }

    /** Softmax and cross-entropy: the score on the host (one log per example), the gradient {@code p - y}. */
    static final class SoftmaxCrossEntropy extends OutputLoss {

        @Override
        Bound bind(OpArena arena, INDArray pre, INDArray labels) {
            INDArray probs = arena.own(Nd4j.create(DataType.FLOAT, pre.shape()));
            PreparedOp softmax = arena.prepare(new SoftMax(pre, probs));
            PreparedOp minusLabels = arena.prepare(new SubOp(probs, labels, probs));
            int batch = (int) pre.size(0);
            return new Bound(probs, labels) {
                @Override
                void activate() {
                    softmax.exec();
                }

                @Override
                double meanLoss() {
                    double sum = 0;
                    for (int i = 0, n = (int) out.length(); i < n; i++) {
                        float y = labelsHost.get(i);
                        if (y != 0f) {
                            sum -= y * Math.log(Math.min(Math.max(outHost.get(i), SOFTMAX_CLIP), 1 - SOFTMAX_CLIP));
                        }
                    }
                    return sum / batch;
                }

                @Override
                void gradient() {
                    minusLabels.exec();
                }
            };
        }
    }

    /**
     * Sigmoid and binary cross-entropy as {@link LossBinaryXENT} computes them: outputs clipped to
     * [eps, 1 - eps] for the log and for {@code dL/da = (c - y) / (c (1 - c))}, which the sigmoid's
     * derivative at the unclipped output then multiplies (so a clipped output's gradient fades, as in
     * fit); per-output weights on both. About a dozen native ops over the outputs, no host loop: the
     * autoencoder's outputs are as many as its inputs, and a log per value on the host costs more
     * than the step's GEMMs.
     */
    static final class SigmoidBinaryCrossEntropy extends OutputLoss {
        private final double clip;
        /** Per-output weights, a row vector, or null. */
        private final INDArray weights;

        SigmoidBinaryCrossEntropy(double clip, INDArray weights) {
            this.clip = clip;
            this.weights = weights;
        }

        @Override
        Bound bind(OpArena arena, INDArray pre, INDArray labels) {
            long[] shape = pre.shape();
            int batch = (int) shape[0];
            INDArray out = arena.own(Nd4j.create(DataType.FLOAT, shape));
            INDArray clipped = arena.own(Nd4j.create(DataType.FLOAT, shape));
            INDArray rest = arena.own(Nd4j.create(DataType.FLOAT, shape)); // 1 - clipped
            INDArray logRest = arena.own(Nd4j.create(DataType.FLOAT, shape));
            INDArray scratch = arena.own(Nd4j.create(DataType.FLOAT, shape));
            INDArray columnWeights = arena.own(
                    weights == null
                            ? Nd4j.ones(DataType.FLOAT, shape[1], 1)
                            : weights.castTo(DataType.FLOAT)
                                    .reshape(shape[1], 1)
                                    .dup());
            INDArray rowLoss = arena.own(Nd4j.create(DataType.FLOAT, batch, 1));
            FloatBuffer rowLossHost = rowLoss.data().asNioFloat();

            PreparedOp sigmoid = arena.prepare(DynamicCustomOp.builder("sigmoid")
                    .addInputs(pre)
                    .addOutputs(out)
                    .build());
            PreparedOp clipping = arena.prepare(DynamicCustomOp.builder("clipbyvalue")
                    .addInputs(out)
                    .addOutputs(clipped)
                    .addFloatingPointArguments(clip, 1.0 - clip)
                    .build());
            ScalarReverseSubtraction oneMinus = new ScalarReverseSubtraction(clipped, null, rest, 1.0);
            Log logOfClipped = new Log(clipped, scratch);
            Log logOfRest = new Log(rest, logRest);
            // y log c + (1 - y) log(1 - c) = y (log c - log(1 - c)) + log(1 - c)
            PreparedOp difference = arena.prepare(new SubOp(scratch, logRest, scratch));
            PreparedOp timesLabels = arena.prepare(new MulOp(scratch, labels, scratch));
            PreparedOp plusRest = arena.prepare(new AddOp(scratch, logRest, scratch));
            PreparedOp weighted =
                    arena.prepare(new Mmul(scratch, columnWeights, rowLoss, 1.0, 0.0, MMulTranspose.allFalse()));
            // dL/da = (c - y) / (c (1 - c)), then times the sigmoid's derivative at pre, then the weights
            PreparedOp numerator = arena.prepare(new SubOp(clipped, labels, scratch));
            PreparedOp denominator = arena.prepare(new MulOp(clipped, rest, clipped));
            PreparedOp quotient = arena.prepare(new DivOp(scratch, clipped, scratch));
            PreparedOp sigmoidBackprop = arena.prepare(DynamicCustomOp.builder("sigmoid_bp")
                    .addInputs(pre, scratch)
                    .addOutputs(out)
                    .build());
            INDArray rowWeights = weights == null
                    ? null
                    : arena.own(columnWeights.reshape(1, shape[1]).dup());
            PreparedOp timesWeights = weights == null ? null : arena.prepare(new MulOp(out, rowWeights, out));
            return new Bound(out, labels) {
                @Override
                void activate() {
                    sigmoid.exec();
                }

                @Override
                double meanLoss() {
                    clipping.exec();
                    Nd4j.exec(oneMinus);
                    Nd4j.exec(logOfClipped);
                    Nd4j.exec(logOfRest);
                    difference.exec();
                    timesLabels.exec();
                    plusRest.exec();
                    weighted.exec();
                    double sum = 0;
                    for (int r = 0; r < batch; r++) {
                        sum -= rowLossHost.get(r);
                    }
                    return sum / batch;
                }

                @Override
                void gradient() {
                    numerator.exec();
                    denominator.exec();
                    quotient.exec();
                    sigmoidBackprop.exec();
                    if (timesWeights != null) {
                        timesWeights.exec();
                    }
                }
            };
        }
    }

    /**
     * Identity and mean squared error as {@link LossMSE} computes them: the score
     * {@code sum((o - y)^2) / outputs}, averaged over examples, on the host; the gradient
     * {@code 2 (o - y) / outputs}. The outputs are the pre-activations themselves.
     */
    static final class IdentityMeanSquaredError extends OutputLoss {

        @Override
        Bound bind(OpArena arena, INDArray pre, INDArray labels) {
            int batch = (int) pre.size(0);
            long outputs = pre.size(1);
            PreparedOp minusLabels = arena.prepare(new SubOp(pre, labels, pre));
            ScalarMultiplication scale = new ScalarMultiplication(pre, 2.0 / outputs);
            return new Bound(pre, labels) {
                @Override
                void activate() {}

                @Override
                double meanLoss() {
                    double sum = 0;
                    for (int i = 0, n = (int) out.length(); i < n; i++) {
                        double d = outHost.get(i) - labelsHost.get(i);
                        sum += d * d;
                    }
                    return sum / outputs / batch;
                }

                @Override
                void gradient() {
                    minusLabels.exec();
                    Nd4j.exec(scale);
                }
            };
        }
    }
}
