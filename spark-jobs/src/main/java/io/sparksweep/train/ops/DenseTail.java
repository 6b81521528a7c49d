package io.sparksweep.train.ops;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.blas.params.MMulTranspose;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BiasAdd;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;

import java.util.ArrayList;
import java.util.List;

/**
 * The dense end both fast steps share: hidden dense layers and an output layer with one of the
 * {@link OutputLoss}es (softmax and cross-entropy, sigmoid and binary cross-entropy, identity and
 * mean squared error), trained in place on the network's own parameters. {@link DenseNetStep} is this tail on the
 * network's input; {@link ConvNetStep} feeds it the flattened output of its convolutions and takes
 * the gradient back.
 *
 * <p>Per layer one GEMM forward; the output's activation and loss gradient (softmax: {@code p - y});
 * per layer one GEMM for the
 * input gradient, one that folds the weight gradient into its target and one for the bias (a
 * ones-vector GEMM instead of sum, scale and subtract). The target, alpha and beta of those GEMMs
 * come from the step's {@link ParameterUpdate} (plain SGD: {@code alpha = -lr/batch, beta = 1},
 * straight into the weights), which the step finishes after the whole backward pass. The ops are
 * built once per batch's arrays ({@link Pass}).
 *
 * <p>The arithmetic is DL4J's: the layers' own activation functions, dropout and L2 objects, DL4J's
 * minibatch averaging and score (the loss function's, plus the L2 penalty). Dropout masks are drawn by the layers' own IDropout objects in fit's order (layer by
 * layer, forward), so the same seed draws the same masks.
 */
public final class DenseTail {

    private final int layers;
    private final INDArray[] weights;
    private final INDArray[] biases;
    private final IActivation[] activations;
    private final List<List<Regularization>> regularization = new ArrayList<>();
    /** Dropout of layer j's input; null where none, and on the network's input (the step's input transform). */
    private final IDropout[] dropout;

    private final OutputLoss loss;

    private final IUpdater updater;
    private final ParameterUpdate update;
    private final int updateOffset;
    private final StepWorkspace workspace;

    /**
     * The network's layers from {@code first} on (dense, the last the output layer), updated with
     * {@code updater}'s arithmetic by {@code update}, where they are layers {@code updateOffset} on;
     * dropout masks go into the step's {@code workspace}.
     */
    public DenseTail(
            MultiLayerNetwork net,
            int first,
            IUpdater updater,
            ParameterUpdate update,
            int updateOffset,
            StepWorkspace workspace) {
        layers = net.getnLayers() - first;
        weights = new INDArray[layers];
        biases = new INDArray[layers];
        activations = new IActivation[layers];
        dropout = new IDropout[layers];
        for (int j = 0; j < layers; j++) {
            Layer layer = net.getLayer(first + j);
            BaseLayer conf = (BaseLayer) layer.conf().getLayer();
            weights[j] = layer.getParam("W");
            biases[j] = layer.getParam("b");
            activations[j] = conf.getActivationFn();
            regularization.add(conf.getRegularization() == null ? List.of() : conf.getRegularization());
            dropout[j] = first + j > 0 ? conf.getIDropout() : null;
        }
        loss = OutputLoss.of(
                (OutputLayer) net.getLayer(net.getnLayers() - 1).conf().getLayer());
        if (loss == null) {
            throw new IllegalArgumentException("no fast output loss for this output layer (see trainsOutput)");
        }
        this.updater = updater;
        this.update = update;
        this.updateOffset = updateOffset;
        this.workspace = workspace;
    }

    /** Whether this tail can train the network's output layer: one of the {@link OutputLoss}es. */
    public static boolean trainsOutput(OutputLayer output) {
        return OutputLoss.of(output) != null;
    }

    /**
     * {@code sum} (the L2 penalty of the layers before the tail) plus the tail's, added layer by layer
     * in the network's order as DL4J sums it.
     */
    public double penalty(double sum, int iteration) {
        for (int j = 0; j < layers; j++) {
            for (Regularization r : regularization.get(j)) {
                sum += r.score(weights[j], iteration, 0);
            }
        }
        return sum;
    }

    /** Layer j's L2 coefficient this iteration (gradient l2·W), 0 without L2. */
    private double l2(int j, int iteration) {
        double sum = 0;
        for (Regularization r : regularization.get(j)) {
            sum += ((L2Regularization) r).getL2().valueAt(iteration, 0);
        }
        return sum;
    }

    /**
     * Binds the tail to one batch: {@code input} is the first layer's input before its dropout,
     * {@code inputGradient} where the gradient with respect to it goes (null: nothing needs it).
     * Training passes apply dropout; others run plain forward passes.
     */
    public Pass bind(OpArena arena, INDArray input, INDArray inputGradient, INDArray labels, boolean training) {
        return new Pass(arena, input, inputGradient, labels, training);
    }

    private static MMulTranspose transpose(boolean a, boolean b) {
        return MMulTranspose.builder().transposeA(a).transposeB(b).build();
    }

    /** The arrays of one batch and the ops bound to them. */
    public final class Pass {
        private final INDArray[] feed = new INDArray[layers]; // layer j's input before its dropout
        private final INDArray[] feedGrad = new INDArray[layers]; // the gradient wrt feed[j], or null
        private final INDArray[] dropped = new INDArray[layers]; // layer j's input after its dropout (training)
        private final INDArray[] pre = new INDArray[layers]; // pre-activations, overwritten by their gradients
        private final INDArray[] act = new INDArray[layers];
        private final INDArray[] eps = new INDArray[layers]; // gradients with respect to hidden outputs
        private final OutputLoss.Bound output; // its out: the outputs, then their gradient
        private final PreparedOp[] forward = new PreparedOp[layers];
        private final PreparedOp[] biasAdd = new PreparedOp[layers];
        private final PreparedOp[] inputGradient = new PreparedOp[layers];
        private final PreparedOp[] weightUpdate = new PreparedOp[layers];
        private final PreparedOp[] biasUpdate = new PreparedOp[layers];
        private final DenseLayerOps.Prebuilt[] activation =
                new DenseLayerOps.Prebuilt[layers]; // null: DL4J's object runs

        private Pass(OpArena arena, INDArray input, INDArray inputGrad, INDArray labels, boolean training) {
            int b = (int) input.size(0);
            // constant for the pass: a decaying rate is applied by the update, not in the GEMMs
            // (ParameterUpdate.decays)
            double alpha = update.alpha(b, updater.getLearningRate(0, 0));
            INDArray ones = arena.own(Nd4j.ones(DataType.FLOAT, b)); // a vector: the biases are vectors too
            for (int j = 0; j < layers; j++) {
                pre[j] = arena.own(Nd4j.create(DataType.FLOAT, b, weights[j].size(1)));
                if (j < layers - 1) {
                    act[j] = arena.own(Nd4j.create(DataType.FLOAT, b, weights[j].size(1)));
                    eps[j] = arena.own(Nd4j.create(DataType.FLOAT, b, weights[j].size(1)));
                }
                if (training && dropout[j] != null) {
                    dropped[j] = arena.own(Nd4j.create(DataType.FLOAT, b, weights[j].size(0)));
                }
            }
            output = loss.bind(arena, pre[layers - 1], labels);
            for (int j = 0; j < layers; j++) {
                feed[j] = j == 0 ? input : act[j - 1];
                feedGrad[j] = j == 0 ? inputGrad : eps[j - 1];
                INDArray in = dropped[j] != null ? dropped[j] : feed[j];
                INDArray delta = j == layers - 1 ? output.out : pre[j];
                forward[j] = arena.prepare(new Mmul(in, weights[j], pre[j], 1.0, 0.0, transpose(false, false)));
                biasAdd[j] = arena.prepare(new BiasAdd(pre[j], biases[j], pre[j], false));
                if (feedGrad[j] != null) {
                    inputGradient[j] =
                            arena.prepare(new Mmul(delta, weights[j], feedGrad[j], 1.0, 0.0, transpose(false, true)));
                }
                int u = updateOffset + j;
                weightUpdate[j] = arena.prepare(
                        new Mmul(in, delta, update.weightTarget(u), alpha, update.beta(), transpose(true, false)));
                biasUpdate[j] = arena.prepare(
                        new Mmul(ones, delta, update.biasTarget(u), alpha, update.beta(), transpose(false, false)));
                if (j < layers - 1) {
                    activation[j] = arena.add(DenseLayerOps.Prebuilt.of(activations[j], pre[j], act[j], eps[j]));
                }
            }
        }

        /** Dropout (training passes), the layers, the output's activation. */
        public void forward(int iteration) {
            for (int j = 0; j < layers; j++) {
                if (dropped[j] != null) {
                    dropout[j].applyDropout(feed[j], dropped[j], iteration, 0, workspace.masks);
                }
                forward[j].exec();
                biasAdd[j].exec();
                if (j < layers - 1) {
                    DenseLayerOps.activate(activation[j], activations[j], pre[j], act[j]);
                }
            }
            output.activate();
        }

        /** The loss function's score of the outputs (no L2), before {@link #backward} overwrites them. */
        public double meanLoss() {
            return output.meanLoss();
        }

        /** The network's outputs after the last forward pass (softmax probabilities for a classifier), row-major. */
        public float[] outputs() {
            return output.out.data().asFloat();
        }

        /**
         * Backprop and the gradient ops of every layer, the last first; the input gradient, if any, ends
         * in its array. After {@link #meanLoss}. The step finishes the update ({@link ParameterUpdate#finish}).
         */
        public void backward(int iteration) {
            double lr = updater.getLearningRate(iteration, 0); // fit(features, labels) leaves the epoch at 0
            output.gradient(); // softmax + cross-entropy: p - y; the 1/batch is in the GEMMs' alpha
            for (int j = layers - 1; j >= 0; j--) {
                if (inputGradient[j] != null) {
                    inputGradient[j].exec(); // before this layer's weights change
                    if (dropped[j] != null) {
                        dropout[j].backprop(feedGrad[j], feedGrad[j], iteration, 0); // its mask, times 1/p
                    }
                }
                double l2 = l2(j, iteration);
                update.beforeGradient(updateOffset + j, l2, lr);
                weightUpdate[j].exec();
                biasUpdate[j].exec();
                update.afterGradient(updateOffset + j, l2, lr);
                if (j > 0) {
                    DenseLayerOps.backprop(activation[j - 1], activations[j - 1], pre[j - 1], eps[j - 1]);
                }
            }
        }
    }
}
