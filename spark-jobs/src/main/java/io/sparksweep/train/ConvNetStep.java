package io.sparksweep.train;

import io.sparksweep.train.ops.ConvHead;
import io.sparksweep.train.ops.DenseTail;
import io.sparksweep.train.ops.OpArena;
import io.sparksweep.train.ops.ParameterUpdate;
import io.sparksweep.train.ops.StepWorkspace;

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
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * One training step of a DL4J convolutional network: a {@link ConvHead} (3x3 valid convolutions +
 * ReLU, k x k max pooling, dropout on any layer's input) and a {@link DenseTail} (dense layers,
 * any {@link io.sparksweep.train.ops.OutputLoss}), in place on the network's own parameters; SGD, classic momentum or Adam
 * ({@link ParameterUpdate}), constant or decaying rate. In the trials' {@code trainer} column
 * "fast-conv".
 *
 * <p>Why not {@code MultiLayerNetwork.fit}: without its oneDNN helper DL4J's ConvolutionLayer runs
 * im2col + GEMM in Java (seed 001's CNN: ~0.55 s a step against PyTorch's ~0.04 s); with the helper
 * switched on ({@link LayerHelpers}) the Adam CNN of seed 001 still took 0.048 s a step in fit
 * against ~0.011 s here. libnd4j's own convolution and pooling
 * ops do use oneDNN in the {@code -onednn} build of nd4j-native (5-20x faster than the plain
 * build's); the head calls them directly.
 *
 * <p>The arithmetic is DL4J's: its dropout objects (same random stream as {@code fit}), its
 * activation and L2 objects, its minibatch averaging and score, its updaters' formulas.
 * {@code ConvNetStepTest} checks it against {@code fit} step by step. Named after the network it
 * trains: it started as plain SGD ("ConvSgdStep").
 */
final class ConvNetStep extends FastStep<ConvNetStep.Pass> {

    private static final StepWorkspace WORKSPACE = new StepWorkspace("sparksweep-conv-step");
    private static final ActivationReLU PLAIN_RELU = new ActivationReLU();

    private final ConvHead head;

    /** Whether this step can train the network exactly as {@code fit} would. */
    static boolean supports(MultiLayerNetwork net) {
        IUpdater updater = ((BaseLayer) net.getLayer(0).conf().getLayer()).getIUpdater();
        int layers = net.getnLayers();
        boolean seenDense = false;
        for (int l = 0; l < layers; l++) {
            Object conf = net.getLayer(l).conf().getLayer();
            boolean last = l == layers - 1;
            InputPreProcessor pre = net.getLayerWiseConfigurations().getInputPreProcess(l);
            if (conf instanceof ConvolutionLayer c && conf.getClass() == ConvolutionLayer.class) {
                if (seenDense
                        || last
                        || !validConv(c)
                        || !plainDropout(c.getIDropout(), l)
                        || !(l == 0
                                ? pre instanceof FeedForwardToCnnPreProcessor p && p.getNumChannels() == 1
                                : pre == null)) {
                    return false;
                }
            } else if (conf instanceof SubsamplingLayer s && conf.getClass() == SubsamplingLayer.class) {
                if (seenDense || last || l == 0 || !validPool(s) || !plainDropout(s.getIDropout(), l) || pre != null) {
                    return false;
                }
            } else if (conf.getClass() == (last ? OutputLayer.class : DenseLayer.class)) {
                BaseLayer base = (BaseLayer) conf;
                boolean afterConv = !seenDense && l > 0;
                if (l == 0
                        || (afterConv ? !(pre instanceof CnnToFeedForwardPreProcessor) : pre != null)
                        || !plainDropout(base.getIDropout(), l)) {
                    return false;
                }
                if (last && !DenseTail.trainsOutput((OutputLayer) conf)) {
                    return false;
                }
                seenDense = true;
            } else {
                return false;
            }
            if (conf instanceof BaseLayer base && !updatedAsTheRest(base, updater)) {
                return false;
            }
        }
        return seenDense;
    }

    private static boolean validConv(ConvolutionLayer c) {
        int k = ConvHead.KERNEL;
        return c.getKernelSize()[0] == k
                && c.getKernelSize()[1] == k
                && c.getStride()[0] == 1
                && c.getStride()[1] == 1
                && c.getPadding()[0] == 0
                && c.getPadding()[1] == 0
                && c.getDilation()[0] == 1
                && c.getDilation()[1] == 1
                && c.getConvolutionMode() == ConvolutionMode.Truncate
                && c.getCnn2dDataFormat() == CNN2DFormat.NCHW
                && c.hasBias()
                && PLAIN_RELU.equals(c.getActivationFn());
    }

    private static boolean validPool(SubsamplingLayer s) {
        int k = s.getKernelSize()[0];
        return s.getPoolingType() == PoolingType.MAX
                && s.getKernelSize()[1] == k
                && s.getStride()[0] == k
                && s.getStride()[1] == k
                && s.getPadding()[0] == 0
                && s.getPadding()[1] == 0
                && s.getConvolutionMode() == ConvolutionMode.Truncate
                && s.getCnn2dDataFormat() == CNN2DFormat.NCHW;
    }

    /**
     * Inverted dropout anywhere; Gaussian noise of constant spread or salt-and-pepper noise only on
     * the first layer's input (whose input gradient nothing uses).
     */
    private static boolean plainDropout(IDropout d, int layer) {
        return d == null
                || (d instanceof Dropout drop && drop.getPSchedule() == null)
                || (layer == 0 && d instanceof GaussianNoise g && g.getStddevSchedule() == null)
                || (layer == 0 && d instanceof SaltAndPepperNoise);
    }

    ConvNetStep(MultiLayerNetwork net) {
        // the inference pass stays allocated until the next evaluation replaces it: freed before the
        // epoch, its rebuild took ~40 ms longer per evaluation (measured on a small CNN)
        super(net, ConvHead.layers(net), updater(net), WORKSPACE, false);
        head = new ConvHead(net, updater(net), update, WORKSPACE);
    }

    /** The updater every layer has (supports checks it). */
    private static IUpdater updater(MultiLayerNetwork net) {
        return ((BaseLayer) net.getLayer(0).conf().getLayer()).getIUpdater();
    }

    @Override
    public String name() {
        return "fast-conv";
    }

    @Override
    Pass bind(OpArena arena, INDArray features, INDArray labels, boolean training) {
        return new Pass(arena, features, labels, training);
    }

    /** The head's and the tail's arrays and ops for one minibatch size, bound to one features/labels pair. */
    final class Pass implements FastStep.Pass {
        final Input input;
        final ConvHead.Pass conv;
        final DenseTail.Pass dense;

        Pass(OpArena arena, INDArray features, INDArray labels, boolean training) {
            input = new Input(arena, features, training);
            conv = head.bind(arena, input.array, training);
            dense = tail.bind(arena, conv.flat, conv.flatGrad, labels, training);
        }

        /** The input transform (training), the head, the tail through its output. */
        @Override
        public void forward(int iteration) {
            input.transform(iteration);
            conv.forward(iteration);
            dense.forward(iteration);
        }

        /** The head's L2 penalty first: DL4J adds the layers' in the network's order. */
        @Override
        public double score(int iteration) {
            return dense.meanLoss() + tail.penalty(head.penalty(iteration), iteration);
        }

        /** The tail first: the head needs the gradient it leaves; the step then finishes the update. */
        @Override
        public void backward(int iteration) {
            dense.backward(iteration);
            conv.backward(iteration);
        }

        @Override
        public float[] probabilities() {
            return dense.outputs();
        }
    }
}
