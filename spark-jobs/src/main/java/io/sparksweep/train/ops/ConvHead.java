package io.sparksweep.train.ops;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.blas.params.MMulTranspose;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;

import java.util.ArrayList;
import java.util.List;

/**
 * The convolutions and max poolings a {@link ConvNetStep} trains before its {@link DenseTail}: 3x3
 * valid convolutions + ReLU and k x k max poolings on one input channel, with dropout on any
 * layer's input, L2, updated by the step's {@link ParameterUpdate} (SGD, classic momentum, Adam).
 * libnd4j's {@code conv2d}, {@code conv2d_bp}, {@code maxpool2d}
 * and {@code maxpool2d_bp} ops on DL4J's [out, in, kH, kW] weight views ({@code wFormat} 1), every
 * op and array built once per batch ({@link Pass}). Activations are NHWC: with NCHW arrays oneDNN
 * reordered every input and output to its blocked layout and back (conv1 and the poolings ran 3-4x
 * slower); DL4J's NCHW order is kept where the arithmetic depends on it (the flattening before the
 * first dense layer, dropout masks on convolution inputs).
 */
public final class ConvHead {

    public static final int KERNEL = 3;

    private final int n;
    private final boolean[] pool; // a max pooling, else a convolution
    private final INDArray[] weights;
    private final INDArray[] biases; // rank 1: the ops want [out]
    private final IDropout[] inputTransform; // DL4J's dropout/noise on each layer's input, or null
    private final int[] poolSize;
    /**
     * Where a convolution's ReLU runs: on its own output, or after the max pooling that follows it.
     * ReLU and max pooling commute (max(relu(z)) = relu(max(z)); the gradient only differs on exact
     * ties), and after a k x k pooling the ReLU, its mask and its backprop touch k² times fewer values.
     */
    private final boolean[] reluHere;

    private final long[][] outShape; // per example: [c, h, w] (held as [h, w, c], see Pass)
    private final long[] inputShape; // per example: [1, h, w]
    private final List<List<Regularization>> regularization = new ArrayList<>();
    private final IUpdater updater;
    private final ParameterUpdate update;
    private final int[] updateIndex; // a convolution's layer index in the update
    private final INDArray[] weightTarget; // where a convolution's gradient goes, see ParameterUpdate
    private final INDArray[] biasTarget;
    private final StepWorkspace workspace;

    /**
     * The network's leading convolutions and poolings, updated with {@code updater}'s arithmetic by
     * {@code update}, in which the convolutions are the first layers.
     */
    public ConvHead(MultiLayerNetwork net, IUpdater updater, ParameterUpdate update, StepWorkspace workspace) {
        n = layers(net);
        pool = new boolean[n];
        weights = new INDArray[n];
        biases = new INDArray[n];
        inputTransform = new IDropout[n];
        poolSize = new int[n];
        reluHere = new boolean[n];
        outShape = new long[n][];
        updateIndex = new int[n];
        weightTarget = new INDArray[n];
        biasTarget = new INDArray[n];
        int convolutions = 0;
        FeedForwardToCnnPreProcessor in =
                (FeedForwardToCnnPreProcessor) net.getLayerWiseConfigurations().getInputPreProcess(0);
        inputShape = new long[] {1, in.getInputHeight(), in.getInputWidth()};
        long[] shape = inputShape;
        for (int l = 0; l < n; l++) {
            Layer layer = net.getLayer(l);
            var conf = layer.conf().getLayer();
            inputTransform[l] = conf.getIDropout();
            if (conf instanceof ConvolutionLayer c) {
                weights[l] = layer.getParam("W");
                biases[l] = layer.getParam("b").reshape(c.getNOut());
                shape = new long[] {c.getNOut(), shape[1] - KERNEL + 1, shape[2] - KERNEL + 1};
                reluHere[l] = true;
                updateIndex[l] = convolutions++;
                weightTarget[l] = update.weightTarget(updateIndex[l]);
                biasTarget[l] = update.biasTarget(updateIndex[l]).reshape(c.getNOut());
            } else {
                pool[l] = true;
                poolSize[l] = ((SubsamplingLayer) conf).getKernelSize()[0];
                shape = new long[] {shape[0], shape[1] / poolSize[l], shape[2] / poolSize[l]};
                if (reluHere[l - 1] && inputTransform[l] == null) {
                    reluHere[l - 1] = false;
                    reluHere[l] = true;
                }
            }
            outShape[l] = shape;
            regularization.add(
                    conf instanceof BaseLayer base && base.getRegularization() != null
                            ? base.getRegularization()
                            : List.of());
        }
        this.updater = updater;
        this.update = update;
        this.workspace = workspace;
    }

    /** How many layers the head of {@code net} has: the index of its first dense layer. */
    public static int layers(MultiLayerNetwork net) {
        int l = 0;
        while (net.getLayer(l).conf().getLayer() instanceof ConvolutionLayer
                || net.getLayer(l).conf().getLayer() instanceof SubsamplingLayer) {
            l++;
        }
        return l;
    }

    /** Every convolution's W and b, in the network's order: the first layers of the step's {@link ParameterUpdate}. */
    public static List<INDArray[]> parameters(MultiLayerNetwork net) {
        List<INDArray[]> params = new ArrayList<>();
        for (int l = 0; l < layers(net); l++) {
            if (net.getLayer(l).conf().getLayer() instanceof ConvolutionLayer) {
                params.add(new INDArray[] {
                    net.getLayer(l).getParam("W"), net.getLayer(l).getParam("b")
                });
            }
        }
        return params;
    }

    /** Layer l's L2 coefficient this iteration (gradient l2·W), 0 without L2. */
    private double l2(int l, int iteration) {
        double sum = 0;
        for (Regularization r : regularization.get(l)) {
            sum += ((L2Regularization) r).getL2().valueAt(iteration, 0);
        }
        return sum;
    }

    /** The L2 penalty of the head's layers, in the network's order. */
    public double penalty(int iteration) {
        double sum = 0;
        for (int l = 0; l < n; l++) {
            for (Regularization r : regularization.get(l)) {
                sum += r.score(weights[l], iteration, 0);
            }
        }
        return sum;
    }

    /**
     * Binds the head to one batch's {@code input} ([b, h·w], the features after the input transform):
     * its arrays and ops go into {@code arena}. Training passes apply the layers' dropout.
     */
    public Pass bind(OpArena arena, INDArray input, boolean training) {
        return new Pass(arena, input, training);
    }

    /** The arrays and prebuilt ops of one batch. */
    public final class Pass {
        private final OpArena arena;
        private final boolean training;
        private final int b;
        private final double alpha; // the update's alpha: DL4J averages the gradient over the minibatch
        private final double beta;
        private final INDArray[] feed = new INDArray[n]; // what reaches each layer before its dropout
        private final INDArray[] feedGrad = new INDArray[n]; // gradient wrt feed[l]
        private final INDArray[] in = new INDArray[n]; // each layer's input (after its dropout or noise)
        private final INDArray[] out =
                new INDArray[n]; // each layer's output; for ReLU layers, later its derivative mask
        private final INDArray[] gradIn = new INDArray[n]; // gradient wrt in[l]
        private final INDArray[] gradOut = new INDArray[n]; // gradient wrt out[l] (aliases the next layer's gradIn)
        private final INDArray[] gradW = new INDArray[n];
        private final INDArray[] gradB = new INDArray[n];
        private final PreparedOp[] forward = new PreparedOp[n];
        private final PreparedOp[] backward = new PreparedOp[n];
        private final Op[] relu = new Op[n]; // convolutions' and poolings' ReLU, in place (reluHere)
        private final Op[] reluMask = new Op[n];
        private final PreparedOp[] reluBackprop = new PreparedOp[n];
        private PreparedOp firstBiasGradient; // see buildFirstConvBackward
        private final PreparedOp flatten; // NHWC -> DL4J's NCHW order before the first dense layer
        private final PreparedOp unflatten; // and its gradient back to NHWC
        /** The head's output as the dense layers see it, [b, c·h·w] in DL4J's order. */
        public final INDArray flat;
        /** The gradient with respect to {@link #flat}, where the dense tail writes it. */
        public final INDArray flatGrad;

        private Pass(OpArena arena, INDArray input, boolean training) {
            this.arena = arena;
            this.training = training;
            b = (int) input.size(0);
            alpha = update.alpha(b, updater.getLearningRate(0, 0));
            beta = update.beta();
            // activations are NHWC ([b, h, w, c]): oneDNN runs convolutions and pooling on it without
            // reordering to and from its blocked layout (NCHW: conv1 4x, pooling 3x slower). One input
            // channel: [b, h, w, 1] is the same memory as DL4J's [b, 1, h, w].
            INDArray previous = input.reshape(b, inputShape[1], inputShape[2], inputShape[0]);
            INDArray previousGrad =
                    arena.own(Nd4j.create(DataType.FLOAT, previous.shape())); // gradient wrt the image: unused
            for (int l = 0; l < n; l++) {
                INDArray x = previous;
                INDArray gx = previousGrad;
                feed[l] = x;
                feedGrad[l] = gx;
                if (training && l > 0 && inputTransform[l] != null) {
                    // dropout writes a copy; its backprop maps this copy's gradient onto the previous output's
                    x = arena.own(Nd4j.create(DataType.FLOAT, x.shape()));
                    gx = arena.own(Nd4j.create(DataType.FLOAT, x.shape()));
                }
                in[l] = x;
                gradIn[l] = gx;
                long[] shape = {b, outShape[l][1], outShape[l][2], outShape[l][0]};
                out[l] = arena.own(Nd4j.create(DataType.FLOAT, shape));
                gradOut[l] = arena.own(Nd4j.create(DataType.FLOAT, shape));
                if (pool[l]) {
                    buildPool(l, x, gx);
                } else {
                    buildConv(l, x, gx);
                }
                previous = out[l];
                previousGrad = gradOut[l];
            }
            // DL4J flattens [b, c, h, w] in that order: the dense weights' rows follow it
            long[] nchw = {b, previous.size(3), previous.size(1), previous.size(2)};
            INDArray flatNchw = arena.own(Nd4j.create(DataType.FLOAT, nchw));
            INDArray flatGradNchw = arena.own(Nd4j.create(DataType.FLOAT, nchw));
            flatten = arena.prepare(DynamicCustomOp.builder("permute")
                    .addInputs(previous)
                    .addOutputs(flatNchw)
                    .addIntegerArguments(0, 3, 1, 2)
                    .build());
            unflatten = arena.prepare(DynamicCustomOp.builder("permute")
                    .addInputs(flatGradNchw)
                    .addOutputs(previousGrad)
                    .addIntegerArguments(0, 2, 3, 1)
                    .build());
            flat = flatNchw.reshape(b, flatNchw.length() / b);
            flatGrad = flatGradNchw.reshape(b, flatNchw.length() / b);
        }

        private void buildConv(int l, INDArray x, INDArray gx) {
            int[] args = {KERNEL, KERNEL, 1, 1, 0, 0, 1, 1, 0, 1, 1
            }; // stride 1, valid, NHWC, weights [out, in, kH, kW]
            gradW[l] = arena.own(Nd4j.create(DataType.FLOAT, weights[l].shape()));
            gradB[l] = arena.own(Nd4j.create(DataType.FLOAT, biases[l].shape()));
            forward[l] = arena.prepare(DynamicCustomOp.builder("conv2d")
                    .addInputs(x, weights[l], biases[l])
                    .addOutputs(out[l])
                    .addIntegerArguments(args)
                    .build());
            buildRelu(l);
            if (l == 0 && inputShape[0] == 1) {
                buildFirstConvBackward(x);
                return;
            }
            backward[l] = arena.prepare(DynamicCustomOp.builder("conv2d_bp")
                    .addInputs(x, weights[l], biases[l], gradOut[l])
                    .addOutputs(gx, gradW[l], gradB[l])
                    .addIntegerArguments(args)
                    .build());
        }

        /**
         * The first convolution needs no gradient for the image, which conv2d_bp always computes (and
         * slowly for one input channel: half of that op's time). Its weight gradient alone is itself a
         * convolution with the batch as channels: gradW[o, kh, kw] = sum over b, h, w of
         * gradOut[b, h, w, o] * x[b, h + kh, w + kw], i.e. conv2d of x viewed [1, b, H, W] with the
         * gradient as [o, b, h', w'] weights: a strided view of the NHWC gradient, which oneDNN reorders
         * into its weight layout anyway (no separate permute). The bias gradient is a GEMV with ones.
         */
        private void buildFirstConvBackward(INDArray x) {
            long o = outShape[0][0], h = outShape[0][1], w = outShape[0][2];
            INDArray ones = arena.own(Nd4j.ones(DataType.FLOAT, b * h * w, 1));
            backward[0] = arena.prepare(DynamicCustomOp.builder("conv2d")
                    .addInputs(x.reshape(1, b, inputShape[1], inputShape[2]), gradOut[0].permute(3, 0, 1, 2))
                    .addOutputs(gradW[0].reshape(1, o, KERNEL, KERNEL))
                    .addIntegerArguments((int) h, (int) w, 1, 1, 0, 0, 1, 1, 0, 0, 1)
                    .build());
            firstBiasGradient = arena.prepare(new Mmul(
                    gradOut[0].reshape(b * h * w, o),
                    ones,
                    gradB[0].reshape(o, 1),
                    1.0,
                    0.0,
                    MMulTranspose.builder().transposeA(true).transposeB(false).build()));
        }

        private void buildPool(int l, INDArray x, INDArray gx) {
            int k = poolSize[l];
            int[] args = {k, k, k, k, 0, 0, 1, 1, 0, 0, 1}; // stride k, valid, NHWC
            forward[l] = arena.prepare(DynamicCustomOp.builder("maxpool2d")
                    .addInputs(x)
                    .addOutputs(out[l])
                    .addIntegerArguments(args)
                    .build());
            backward[l] = arena.prepare(DynamicCustomOp.builder("maxpool2d_bp")
                    .addInputs(x, gradOut[l])
                    .addOutputs(gx)
                    .addIntegerArguments(args)
                    .build());
            buildRelu(l);
        }

        /** ReLU in place on out[l]; backward: out[l] becomes its derivative mask once the next layer has used it. */
        private void buildRelu(int l) {
            if (reluHere[l]) {
                relu[l] = new RectifiedLinear(out[l], out[l], 0.0);
                reluMask[l] = new Step(out[l], out[l], 0.0);
                reluBackprop[l] = arena.prepare(new MulOp(gradOut[l], out[l], gradOut[l]));
            }
        }

        /** The layers after the input transform, their dropouts (training passes), then the flattening. */
        public void forward(int iteration) {
            for (int l = 0; l < n; l++) {
                if (training && l > 0 && inputTransform[l] != null) {
                    inputTransform[l].applyDropout(nchw(feed[l]), nchw(in[l]), iteration, 0, workspace.masks);
                }
                forward[l].exec();
                if (reluHere[l]) {
                    Nd4j.exec(relu[l]);
                }
            }
            flatten.exec();
        }

        /**
         * From the gradient the dense tail left in {@link #flatGrad}: backprop and the gradient ops, the
         * last layer first. The step finishes the update ({@link ParameterUpdate#finish}).
         */
        public void backward(int iteration) {
            double lr = updater.getLearningRate(iteration, 0);
            unflatten.exec();
            for (int l = n - 1; l >= 0; l--) {
                reluBackprop(l);
                if (pool[l]) {
                    backward[l].exec();
                } else {
                    if (firstBiasGradient != null && l == 0) {
                        firstBiasGradient.exec();
                    }
                    backward[l].exec(); // reads the weights: before they change
                    double l2 = l2(l, iteration);
                    update.beforeGradient(updateIndex[l], l2, lr);
                    addInto(gradW[l], weightTarget[l]);
                    addInto(gradB[l], biasTarget[l]);
                    update.afterGradient(updateIndex[l], l2, lr);
                }
                if (l > 0 && inputTransform[l] != null) {
                    inputTransform[l].backprop(nchw(gradIn[l]), nchw(feedGrad[l]), iteration, 0);
                }
            }
        }

        /**
         * An NHWC activation as DL4J's [b, c, h, w], a strided view marked row-major: DL4J's dropout draws
         * its mask in the output's shape and order, so the mask falls on the same values as under fit.
         */
        private INDArray nchw(INDArray a) {
            long[] st = a.stride();
            return Nd4j.create(
                    a.data(),
                    new long[] {a.size(0), a.size(3), a.size(1), a.size(2)},
                    new long[] {st[0], st[3], st[1], st[2]},
                    a.offset(),
                    'c');
        }

        private void reluBackprop(int l) {
            if (reluHere[l]) {
                Nd4j.exec(reluMask[l]); // out[l] has served as the next layer's input
                reluBackprop[l].exec();
            }
        }

        /**
         * target = alpha·sum + beta·target, what the dense tail's gradient GEMMs do in one op: the
         * convolution ops only write sums. Plain SGD at a constant rate (beta 1) is one axpy into the weights.
         */
        private void addInto(INDArray sum, INDArray target) {
            if (beta == 0) {
                target.assign(0);
            } else if (beta != 1) {
                target.muli(beta);
            }
            Nd4j.getBlasWrapper().level1().axpy(target.length(), alpha, sum, target);
        }
    }
}
