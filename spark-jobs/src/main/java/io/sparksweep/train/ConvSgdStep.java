package io.sparksweep.train;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.dropout.GaussianNoise;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.blas.params.MMulTranspose;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.impl.broadcast.BiasAdd;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.SubOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One SGD step of a DL4J convolutional network (3x3 valid convolutions + ReLU, k x k max pooling,
 * dropout on any layer's input, dense layers, softmax + cross-entropy), in place on the network's
 * own parameters.
 *
 * <p>Why not {@code MultiLayerNetwork.fit}: DL4J's ConvolutionLayer runs im2col + GEMM in Java
 * and its oneDNN helper does not load in 1.0.0-M2.1 (it looks up a class that moved), so seed
 * 001's CNN took ~0.55 s a step against PyTorch's ~0.04 s. libnd4j's own {@code conv2d},
 * {@code conv2d_bp}, {@code maxpool2d} and {@code maxpool2d_bp} ops do use oneDNN in the
 * {@code -onednn} build of nd4j-native (5-20x faster than the plain build's). This step calls them
 * directly, on DL4J's [out, in, kH, kW] weight views ({@code wFormat} 1), with every op and array
 * built once per batch size. Activations are NHWC: with NCHW arrays oneDNN reordered every input and
 * output to its blocked layout and back (conv1 and the poolings ran 3-4x slower); DL4J's NCHW order
 * is kept where the arithmetic depends on it (the flattening before the first dense layer, dropout
 * masks on convolution inputs).
 *
 * <p>The arithmetic is DL4J's: its dropout objects (same random stream as {@code fit}), its
 * activation and L2 objects, its minibatch averaging and score. {@code ConvSgdStepTest} checks it
 * against {@code fit} step by step.
 */
final class ConvSgdStep implements TrainingStep {

    private static final WorkspaceConfiguration STEP_WORKSPACE = WorkspaceConfiguration.builder()
            .policyAllocation(AllocationPolicy.OVERALLOCATE).overallocationLimit(0.2)
            .policyLearning(LearningPolicy.FIRST_LOOP).build();
    /**
     * DL4J's dropout allocates its mask through this; in the step's workspace (open during fit) it is
     * reused every step. Detached masks (noWorkspaces) were never freed: ~1 GB an epoch for seed 004's CNN.
     */
    private static final LayerWorkspaceMgr DROPOUT_MASKS = LayerWorkspaceMgr.builder()
            .defaultWorkspace("sparksweep-conv-step", STEP_WORKSPACE).build();
    private static final ActivationReLU PLAIN_RELU = new ActivationReLU();
    private static final int KERNEL = 3;

    private enum Kind { CONV, POOL, DENSE, OUTPUT }

    private final int n;
    private final Kind[] kind;
    private final INDArray[] weights;
    private final INDArray[] biases;             // rank 1 for convolutions (the ops want [out]), [1, out] for dense
    private final IActivation[] activations;
    private final IDropout[] inputTransform;     // DL4J's dropout/noise on each layer's input, or null
    private final int[] poolSize;
    /**
     * Where a convolution's ReLU runs: on its own output, or after the max pooling that follows it.
     * ReLU and max pooling commute (max(relu(z)) = relu(max(z)); the gradient only differs on exact
     * ties), and after a k x k pooling the ReLU, its mask and its backprop touch k² times fewer values.
     */
    private final boolean[] reluHere;
    private final long[][] outShape;             // per example: [c, h, w] (held as [h, w, c], see Pass) or [units]
    private final long[] inputShape;             // per example: [1, h, w]
    private final List<List<Regularization>> regularization = new ArrayList<>();
    private final double gaussianStd;            // input noise drawn on the host (as DenseSgdStep does), or 0
    private SplittableRandom noiseRandom;
    private final double learningRate;
    private Pass pass;      // training: dropout and noise on
    private Pass inference; // evaluation: plain forward passes
    private int iteration;

    /** Whether this step can train the network exactly as {@code fit} would. */
    static boolean supports(MultiLayerNetwork net) {
        int layers = net.getnLayers();
        boolean seenDense = false;
        for (int l = 0; l < layers; l++) {
            Object conf = net.getLayer(l).conf().getLayer();
            boolean last = l == layers - 1;
            InputPreProcessor pre = net.getLayerWiseConfigurations().getInputPreProcess(l);
            if (conf instanceof ConvolutionLayer c && conf.getClass() == ConvolutionLayer.class) {
                if (seenDense || last || !validConv(c) || !plainDropout(c.getIDropout(), l) || !(l == 0
                        ? pre instanceof FeedForwardToCnnPreProcessor p && p.getNumChannels() == 1 : pre == null)) {
                    return false;
                }
            } else if (conf instanceof SubsamplingLayer s && conf.getClass() == SubsamplingLayer.class) {
                if (seenDense || last || l == 0 || !validPool(s) || !plainDropout(s.getIDropout(), l) || pre != null) {
                    return false;
                }
            } else if (conf.getClass() == (last ? OutputLayer.class : DenseLayer.class)) {
                BaseLayer base = (BaseLayer) conf;
                boolean afterConv = !seenDense && l > 0;
                if (l == 0 || (afterConv ? !(pre instanceof CnnToFeedForwardPreProcessor) : pre != null)
                        || !plainDropout(base.getIDropout(), l)) {
                    return false;
                }
                if (last && !(base.getActivationFn() instanceof ActivationSoftmax
                        && ((OutputLayer) conf).getLossFn() instanceof LossMCXENT mcxent
                        && mcxent.getWeights() == null && mcxent.getSoftmaxClipEps() == DenseLayerOps.PROB_CLIP)) {
                    return false;
                }
                seenDense = true;
            } else {
                return false;
            }
            if (conf instanceof BaseLayer base && !(NetworkFactory.plainSgd(base)
                    && (base.getRegularizationBias() == null || base.getRegularizationBias().isEmpty())
                    && (base.getRegularization() == null || base.getRegularization().stream().allMatch(r -> r instanceof L2Regularization)))) {
                return false;
            }
        }
        return seenDense;
    }

    private static boolean validConv(ConvolutionLayer c) {
        return c.getKernelSize()[0] == KERNEL && c.getKernelSize()[1] == KERNEL && c.getStride()[0] == 1 && c.getStride()[1] == 1
                && c.getPadding()[0] == 0 && c.getPadding()[1] == 0 && c.getDilation()[0] == 1 && c.getDilation()[1] == 1
                && c.getConvolutionMode() == ConvolutionMode.Truncate && c.getCnn2dDataFormat() == CNN2DFormat.NCHW
                && c.hasBias() && PLAIN_RELU.equals(c.getActivationFn());
    }

    private static boolean validPool(SubsamplingLayer s) {
        int k = s.getKernelSize()[0];
        return s.getPoolingType() == PoolingType.MAX && s.getKernelSize()[1] == k && s.getStride()[0] == k && s.getStride()[1] == k
                && s.getPadding()[0] == 0 && s.getPadding()[1] == 0 && s.getConvolutionMode() == ConvolutionMode.Truncate
                && s.getCnn2dDataFormat() == CNN2DFormat.NCHW;
    }

    /**
     * Inverted dropout anywhere; Gaussian noise of constant spread or salt-and-pepper noise only on
     * the first layer's input (whose input gradient nothing uses).
     */
    private static boolean plainDropout(IDropout d, int layer) {
        return d == null || (d instanceof Dropout drop && drop.getPSchedule() == null)
                || (layer == 0 && d instanceof GaussianNoise g && g.getStddevSchedule() == null)
                || (layer == 0 && d instanceof SaltAndPepperNoise);
    }

    ConvSgdStep(MultiLayerNetwork net) {
        n = net.getnLayers();
        kind = new Kind[n];
        weights = new INDArray[n];
        biases = new INDArray[n];
        activations = new IActivation[n];
        inputTransform = new IDropout[n];
        poolSize = new int[n];
        reluHere = new boolean[n];
        outShape = new long[n][];
        FeedForwardToCnnPreProcessor in = (FeedForwardToCnnPreProcessor) net.getLayerWiseConfigurations().getInputPreProcess(0);
        inputShape = new long[]{1, in.getInputHeight(), in.getInputWidth()};
        long[] shape = inputShape;
        for (int l = 0; l < n; l++) {
            Layer layer = net.getLayer(l);
            Object conf = layer.conf().getLayer();
            inputTransform[l] = ((org.deeplearning4j.nn.conf.layers.Layer) conf).getIDropout();
            if (conf instanceof ConvolutionLayer c) {
                kind[l] = Kind.CONV;
                weights[l] = layer.getParam("W");
                biases[l] = layer.getParam("b").reshape(c.getNOut());
                shape = new long[]{c.getNOut(), shape[1] - KERNEL + 1, shape[2] - KERNEL + 1};
            } else if (conf instanceof SubsamplingLayer s) {
                kind[l] = Kind.POOL;
                poolSize[l] = s.getKernelSize()[0];
                shape = new long[]{shape[0], shape[1] / poolSize[l], shape[2] / poolSize[l]};
            } else {
                BaseLayer base = (BaseLayer) conf;
                kind[l] = l == n - 1 ? Kind.OUTPUT : Kind.DENSE;
                weights[l] = layer.getParam("W");
                biases[l] = layer.getParam("b");
                activations[l] = base.getActivationFn();
                shape = new long[]{weights[l].size(1)};
            }
            outShape[l] = shape;
            if (kind[l] == Kind.CONV) {
                reluHere[l] = true;
            } else if (kind[l] == Kind.POOL && reluHere[l - 1] && inputTransform[l] == null) {
                reluHere[l - 1] = false;
                reluHere[l] = true;
            }
            regularization.add(conf instanceof BaseLayer base && base.getRegularization() != null ? base.getRegularization() : List.of());
        }
        gaussianStd = inputTransform[0] instanceof GaussianNoise g ? g.getStddev() : 0;
        // seeded from the trial's ND4J generator only when it draws noise: otherwise the generator's
        // stream stays exactly fit's, dropout masks included
        noiseRandom = gaussianStd > 0 ? new SplittableRandom(Nd4j.getRandom().nextLong()) : null;
        learningRate = ((Sgd) ((BaseLayer) net.getLayer(0).conf().getLayer()).getIUpdater()).getLearningRate();
    }

    @Override
    public java.io.Serializable state() {
        return iteration; // plain SGD keeps no other state
    }

    @Override
    public void restore(java.io.Serializable state) {
        iteration = (Integer) state;
    }

    @Override
    public void reseed() {
        noiseRandom = gaussianStd > 0 ? new SplittableRandom(Nd4j.getRandom().nextLong()) : null;
    }

    @Override
    public double fit(INDArray features, INDArray labels) {
        if (pass == null || pass.features != features || pass.labels != labels) {
            if (pass != null) {
                pass.close();
            }
            pass = new Pass(features, labels, true);
        }
        Pass p = pass;
        double score;
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(STEP_WORKSPACE, "sparksweep-conv-step")) {
            p.forward();
            p.softmax.exec();
            score = p.meanCrossEntropy() + penalty();
            p.outputGradient.exec(); // p - y; the 1/batch is in the updates' alpha
            p.backward();
        }
        iteration++;
        return score;
    }

    @Override
    public String name() {
        return "fast-conv";
    }

    /** Softmax outputs for a batch without dropout or noise, as {@code net.output(features, false)}; row-major. */
    @Override
    public float[] probabilities(INDArray features, INDArray labels) {
        if (inference == null || inference.features != features || inference.labels != labels) {
            if (inference != null) {
                inference.close();
            }
            inference = new Pass(features, labels, false);
        }
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(STEP_WORKSPACE, "sparksweep-conv-step")) {
            inference.forward();
            inference.softmax.exec();
        }
        return inference.out[n - 1].data().asFloat();
    }

    private double penalty() {
        double sum = 0;
        for (int l = 0; l < n; l++) {
            for (Regularization r : regularization.get(l)) {
                sum += r.score(weights[l], iteration, 0);
            }
        }
        return sum;
    }

    @Override
    public void close() {
        for (Pass p : new Pass[]{pass, inference}) {
            if (p != null) {
                p.close();
            }
        }
        pass = null;
        inference = null;
    }

    /** The arrays and prebuilt ops of one minibatch size, bound to one features/labels pair. */
    private final class Pass implements AutoCloseable {
        final INDArray features;
        final INDArray labels;
        final boolean training;
        final int b;
        final double alpha;                            // -lr / batch: DL4J averages the gradient over the minibatch
        final INDArray[] feed = new INDArray[n];       // what reaches each layer before its dropout, in its input layout
        final INDArray[] feedGrad = new INDArray[n];   // gradient wrt feed[l]
        final INDArray[] in = new INDArray[n];         // each layer's input (after its dropout or noise)
        final INDArray[] out = new INDArray[n];        // each layer's output; for ReLU layers, later its derivative mask
        final INDArray[] gradIn = new INDArray[n];     // gradient wrt in[l]
        final INDArray[] gradOut = new INDArray[n];    // gradient wrt out[l] (aliases the next layer's gradIn)
        final INDArray[] gradW = new INDArray[n];
        final INDArray[] gradB = new INDArray[n];
        final INDArray[] pre = new INDArray[n];        // dense pre-activations, overwritten by their gradients
        final PreparedOp[] forward = new PreparedOp[n];
        final PreparedOp[] backward = new PreparedOp[n];
        final PreparedOp[] biasAdd = new PreparedOp[n];
        final PreparedOp[] weightUpdate = new PreparedOp[n];
        final PreparedOp[] biasUpdate = new PreparedOp[n];
        final Op[] relu = new Op[n];                   // convolutions' and poolings' ReLU, in place (reluHere)
        final Op[] reluMask = new Op[n];
        final PreparedOp[] reluBackprop = new PreparedOp[n];
        final DenseLayerOps.Prebuilt[] denseActivation = new DenseLayerOps.Prebuilt[n]; // hidden dense layers; null: DL4J's object
        PreparedOp firstBiasGradient;                  // see buildFirstConvBackward
        PreparedOp flatten;                            // NHWC -> DL4J's NCHW order before the first dense layer
        PreparedOp unflatten;                          // and its gradient back to NHWC
        int flattenAt = -1;                            // the first dense layer
        final PreparedOp softmax;
        final PreparedOp outputGradient;
        final INDArray ones;
        final FloatBuffer probsHost;
        final FloatBuffer labelsHost;
        final float[] noiseHost;
        final FloatBuffer noiseMemory;
        final PreparedOp addNoise;
        private final List<INDArray> owned = new ArrayList<>();
        private final List<AutoCloseable> natives = new ArrayList<>(); // prepared ops' contexts

        Pass(INDArray features, INDArray labels, boolean training) {
            if (features.ordering() != 'c' || labels.ordering() != 'c' || labels.isView()) {
                throw new IllegalArgumentException("features and labels must be whole row-major arrays");
            }
            this.features = features;
            this.labels = labels;
            this.training = training;
            b = (int) features.size(0);
            alpha = -learningRate / b;
            ones = own(Nd4j.ones(DataType.FLOAT, b));
            INDArray input = !training || inputTransform[0] == null ? features : own(Nd4j.create(DataType.FLOAT, features.shape()));
            // activations are NHWC ([b, h, w, c]): oneDNN runs convolutions and pooling on it without
            // reordering to and from its blocked layout (NCHW: conv1 4x, pooling 3x slower). One input
            // channel: [b, h, w, 1] is the same memory as DL4J's [b, 1, h, w].
            INDArray previous = input.reshape(b, inputShape[1], inputShape[2], inputShape[0]);
            INDArray previousGrad = own(Nd4j.create(DataType.FLOAT, previous.shape())); // gradient wrt the image: unused
            for (int l = 0; l < n; l++) {
                boolean dense = kind[l] == Kind.DENSE || kind[l] == Kind.OUTPUT;
                INDArray x = previous;
                INDArray gx = previousGrad;
                if (dense && previous.rank() == 4) {
                    // DL4J flattens [b, c, h, w] in that order: the dense weights' rows follow it
                    long[] nchw = {b, previous.size(3), previous.size(1), previous.size(2)};
                    INDArray flat = own(Nd4j.create(DataType.FLOAT, nchw));
                    INDArray flatGrad = own(Nd4j.create(DataType.FLOAT, nchw));
                    flatten = prepare(DynamicCustomOp.builder("permute").addInputs(previous).addOutputs(flat).addIntegerArguments(0, 3, 1, 2).build());
                    unflatten = prepare(DynamicCustomOp.builder("permute").addInputs(flatGrad).addOutputs(previousGrad).addIntegerArguments(0, 2, 3, 1).build());
                    flattenAt = l;
                    x = flat.reshape(b, flat.length() / b);
                    gx = flatGrad.reshape(b, flat.length() / b);
                }
                feed[l] = x;
                feedGrad[l] = gx;
                if (training && l > 0 && inputTransform[l] != null) {
                    // dropout writes a copy; its backprop maps this copy's gradient onto the previous output's
                    x = own(Nd4j.create(DataType.FLOAT, x.shape()));
                    gx = own(Nd4j.create(DataType.FLOAT, x.shape()));
                }
                in[l] = x;
                gradIn[l] = gx;
                long[] shape = batchShape(outShape[l]);
                out[l] = own(Nd4j.create(DataType.FLOAT, shape));
                gradOut[l] = own(Nd4j.create(DataType.FLOAT, shape));
                switch (kind[l]) {
                    case CONV -> buildConv(l, x, gx);
                    case POOL -> buildPool(l, x, gx);
                    case DENSE, OUTPUT -> buildDense(l, x, gx);
                }
                previous = out[l];
                previousGrad = gradOut[l];
            }
            softmax = prepare(new SoftMax(pre[n - 1], out[n - 1]));
            outputGradient = prepare(new SubOp(out[n - 1], labels, pre[n - 1]));
            probsHost = out[n - 1].data().asNioFloat();
            labelsHost = labels.data().asNioFloat();
            boolean noisy = training && gaussianStd > 0;
            noiseHost = noisy ? new float[(int) features.length()] : null;
            INDArray noise = noisy ? own(Nd4j.create(DataType.FLOAT, features.shape())) : null;
            noiseMemory = noisy ? noise.data().asNioFloat() : null;
            addNoise = noisy ? prepare(new AddOp(features, noise, input)) : null;
        }

        /** [b, units] for dense layers; [b, h, w, c] (NHWC) for convolutions and pooling. */
        private long[] batchShape(long[] perExample) {
            return perExample.length == 3 ? new long[]{b, perExample[1], perExample[2], perExample[0]} : new long[]{b, perExample[0]};
        }

        private void buildConv(int l, INDArray x, INDArray gx) {
            int[] args = {KERNEL, KERNEL, 1, 1, 0, 0, 1, 1, 0, 1, 1}; // stride 1, valid, NHWC, weights [out, in, kH, kW]
            gradW[l] = own(Nd4j.create(DataType.FLOAT, weights[l].shape()));
            gradB[l] = own(Nd4j.create(DataType.FLOAT, biases[l].shape()));
            forward[l] = prepare(DynamicCustomOp.builder("conv2d").addInputs(x, weights[l], biases[l]).addOutputs(out[l])
                    .addIntegerArguments(args).build());
            buildRelu(l);
            if (l == 0 && inputShape[0] == 1) {
                buildFirstConvBackward(x);
                return;
            }
            backward[l] = prepare(DynamicCustomOp.builder("conv2d_bp").addInputs(x, weights[l], biases[l], gradOut[l])
                    .addOutputs(gx, gradW[l], gradB[l]).addIntegerArguments(args).build());
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
            INDArray ones = own(Nd4j.ones(DataType.FLOAT, b * h * w, 1));
            backward[0] = prepare(DynamicCustomOp.builder("conv2d").addInputs(x.reshape(1, b, inputShape[1], inputShape[2]), gradOut[0].permute(3, 0, 1, 2))
                    .addOutputs(gradW[0].reshape(1, o, KERNEL, KERNEL))
                    .addIntegerArguments((int) h, (int) w, 1, 1, 0, 0, 1, 1, 0, 0, 1).build());
            firstBiasGradient = prepare(new Mmul(gradOut[0].reshape(b * h * w, o), ones, gradB[0].reshape(o, 1), 1.0, 0.0, transpose(true, false)));
        }

        private void buildPool(int l, INDArray x, INDArray gx) {
            int k = poolSize[l];
            int[] args = {k, k, k, k, 0, 0, 1, 1, 0, 0, 1}; // stride k, valid, NHWC
            forward[l] = prepare(DynamicCustomOp.builder("maxpool2d").addInputs(x).addOutputs(out[l]).addIntegerArguments(args).build());
            backward[l] = prepare(DynamicCustomOp.builder("maxpool2d_bp").addInputs(x, gradOut[l]).addOutputs(gx).addIntegerArguments(args).build());
            buildRelu(l);
        }

        /** ReLU in place on out[l]; backward: out[l] becomes its derivative mask once the next layer has used it. */
        private void buildRelu(int l) {
            if (reluHere[l]) {
                relu[l] = new RectifiedLinear(out[l], out[l], 0.0);
                reluMask[l] = new Step(out[l], out[l], 0.0);
                reluBackprop[l] = prepare(new MulOp(gradOut[l], out[l], gradOut[l]));
            }
        }

        private void buildDense(int l, INDArray x, INDArray gx) {
            pre[l] = own(Nd4j.create(DataType.FLOAT, b, weights[l].size(1)));
            forward[l] = prepare(new Mmul(x, weights[l], pre[l], 1.0, 0.0, transpose(false, false)));
            biasAdd[l] = prepare(new BiasAdd(pre[l], biases[l], pre[l], false));
            // the gradient wrt pre[l] is pre[l] itself once backprop reaches it (the output's p - y included)
            backward[l] = prepare(new Mmul(pre[l], weights[l], gx, 1.0, 0.0, transpose(false, true)));
            weightUpdate[l] = prepare(new Mmul(x, pre[l], weights[l], alpha, 1.0, transpose(true, false)));
            biasUpdate[l] = prepare(new Mmul(ones, pre[l], biases[l], alpha, 1.0, transpose(false, false)));
            if (kind[l] == Kind.DENSE) {
                denseActivation[l] = DenseLayerOps.Prebuilt.of(activations[l], pre[l], out[l], gradOut[l]);
                if (denseActivation[l] != null) {
                    natives.add(denseActivation[l]);
                }
            }
        }

        void forward() {
            if (training && gaussianStd > 0) {
                for (int i = 0; i < noiseHost.length; i++) {
                    noiseHost[i] = (float) (gaussianStd * noiseRandom.nextGaussian());
                }
                noiseMemory.put(0, noiseHost);
                addNoise.exec();
            } else if (training && inputTransform[0] != null) {
                inputTransform[0].applyDropout(features, in[0].reshape(features.shape()), iteration, 0, DROPOUT_MASKS);
            }
            for (int l = 0; l < n; l++) {
                if (l == flattenAt) {
                    flatten.exec();
                }
                if (training && l > 0 && inputTransform[l] != null) {
                    inputTransform[l].applyDropout(nchw(feed[l]), nchw(in[l]), iteration, 0, DROPOUT_MASKS);
                }
                forward[l].exec();
                switch (kind[l]) {
                    case CONV, POOL -> {
                        if (reluHere[l]) {
                            Nd4j.exec(relu[l]);
                        }
                    }
                    case DENSE -> {
                        biasAdd[l].exec();
                        activate(l);
                    }
                    case OUTPUT -> biasAdd[l].exec();
                }
            }
        }

        void backward() {
            for (int l = n - 1; l >= 0; l--) {
                switch (kind[l]) {
                    case CONV -> {
                        reluBackprop(l);
                        if (firstBiasGradient != null && l == 0) {
                            firstBiasGradient.exec();
                        }
                        backward[l].exec();
                        decay(l);
                        Nd4j.getBlasWrapper().level1().axpy(weights[l].length(), alpha, gradW[l], weights[l]);
                        Nd4j.getBlasWrapper().level1().axpy(biases[l].length(), alpha, gradB[l], biases[l]);
                    }
                    case POOL -> {
                        reluBackprop(l);
                        backward[l].exec();
                    }
                    case DENSE, OUTPUT -> {
                        if (kind[l] == Kind.DENSE) {
                            backpropActivation(l);
                        }
                        backward[l].exec(); // input gradient, before the weights change
                        decay(l);
                        weightUpdate[l].exec();
                        biasUpdate[l].exec();
                    }
                }
                if (l > 0 && inputTransform[l] != null) {
                    inputTransform[l].backprop(nchw(gradIn[l]), nchw(feedGrad[l]), iteration, 0);
                }
                if (l == flattenAt) {
                    unflatten.exec();
                }
            }
        }

        /**
         * An NHWC activation as DL4J's [b, c, h, w], a strided view marked row-major: DL4J's dropout draws
         * its mask in the output's shape and order, so the mask falls on the same values as under fit.
         */
        private INDArray nchw(INDArray a) {
            if (a.rank() != 4) {
                return a;
            }
            long[] st = a.stride();
            return Nd4j.create(a.data(), new long[]{a.size(0), a.size(3), a.size(1), a.size(2)},
                    new long[]{st[0], st[3], st[1], st[2]}, a.offset(), 'c');
        }

        private void reluBackprop(int l) {
            if (reluHere[l]) {
                Nd4j.exec(reluMask[l]); // out[l] has served as the next layer's input
                reluBackprop[l].exec();
            }
        }

        /** SGD on (gradient + l2·W) is W·(1 - lr·l2) - lr·gradient. */
        private void decay(int l) {
            for (Regularization r : regularization.get(l)) {
                weights[l].muli(1.0 - learningRate * ((L2Regularization) r).getL2().valueAt(iteration, 0));
            }
        }

        private void activate(int l) {
            DenseLayerOps.activate(denseActivation[l], activations[l], pre[l], out[l]);
        }

        private void backpropActivation(int l) {
            DenseLayerOps.backprop(denseActivation[l], activations[l], pre[l], gradOut[l]);
        }

        double meanCrossEntropy() {
            return DenseLayerOps.meanCrossEntropy(probsHost, labelsHost, (int) out[n - 1].length(), b);
        }

        private PreparedOp prepare(CustomOp op) {
            PreparedOp prepared = new PreparedOp(op);
            natives.add(prepared);
            return prepared;
        }

        private INDArray own(INDArray a) {
            owned.add(a);
            return a;
        }

        @Override
        public void close() {
            DenseLayerOps.closeAll(natives);
            owned.forEach(INDArray::close);
        }
    }

    private static MMulTranspose transpose(boolean a, boolean b) {
        return MMulTranspose.builder().transposeA(a).transposeB(b).build();
    }
}
