package io.sparksweep.train;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.common.primitives.Pair;

import java.util.ArrayList;
import java.util.List;

/**
 * One SGD step of a DL4J dense network, computed in place on the network's own parameters.
 *
 * <p>Why not {@code MultiLayerNetwork.fit}: for a dense stack it runs four large GEMMs per step on the
 * first layer where two suffice (it recomputes the forward product during backprop and computes an
 * input gradient nothing uses), plus per-step allocations. This step does the forward product once,
 * skips the first layer's input gradient, and folds the weight gradient into the update (one GEMM
 * with alpha = -lr, beta = 1). The arithmetic is DL4J's: the layers' own activation functions, loss
 * function, input noise and L2 regularization objects, and DL4J's minibatch averaging, so the model
 * stays the DL4J network of the configuration, trained by the same rule.
 */
final class DenseSgdStep implements TrialRunner.Step {

    private static final WorkspaceConfiguration STEP_WORKSPACE = WorkspaceConfiguration.builder()
            .policyAllocation(AllocationPolicy.OVERALLOCATE).overallocationLimit(0.2)
            .policyLearning(LearningPolicy.FIRST_LOOP).build();

    private final int layers;
    private final INDArray[] weights;
    private final INDArray[] biases;
    private final IActivation[] activations;
    private final List<List<Regularization>> regularization = new ArrayList<>();
    private final ILossFunction loss;
    private final IDropout inputNoise;
    private final double learningRate;
    private final List<INDArray> owned = new ArrayList<>();
    private int cachedBatch = -1;
    private INDArray[] pre;    // pre-activations, overwritten by their gradients during backprop
    private INDArray[] act;    // activations of the hidden layers
    private INDArray[] eps;    // gradients with respect to the hidden layers' outputs
    private INDArray outDelta;
    private INDArray noisy;
    private int iteration;

    /** Whether this step can train the network: dense layers and an output layer, plain SGD. */
    static boolean supports(MultiLayerNetwork net) {
        for (int l = 0; l < net.getnLayers(); l++) {
            Object conf = net.getLayer(l).conf().getLayer();
            boolean last = l == net.getnLayers() - 1;
            boolean dense = conf.getClass() == org.deeplearning4j.nn.conf.layers.DenseLayer.class;
            boolean output = conf.getClass() == org.deeplearning4j.nn.conf.layers.OutputLayer.class;
            if (last ? !output : !dense) {
                return false;
            }
            BaseLayer base = (BaseLayer) conf;
            if (!(base.getIUpdater() instanceof org.nd4j.linalg.learning.config.Sgd)
                    || (l > 0 && base.getIDropout() != null)
                    || (base.getRegularizationBias() != null && !base.getRegularizationBias().isEmpty())) {
                return false;
            }
            if (base.getRegularization() != null
                    && !base.getRegularization().stream().allMatch(r -> r instanceof L2Regularization)) {
                return false;
            }
        }
        return true;
    }

    DenseSgdStep(MultiLayerNetwork net) {
        layers = net.getnLayers();
        weights = new INDArray[layers];
        biases = new INDArray[layers];
        activations = new IActivation[layers];
        for (int l = 0; l < layers; l++) {
            Layer layer = net.getLayer(l);
            BaseLayer conf = (BaseLayer) layer.conf().getLayer();
            weights[l] = layer.getParam("W");
            biases[l] = layer.getParam("b");
            activations[l] = conf.getActivationFn();
            regularization.add(conf.getRegularization() == null ? List.of() : conf.getRegularization());
        }
        BaseLayer first = (BaseLayer) net.getLayer(0).conf().getLayer();
        inputNoise = first.getIDropout();
        loss = ((BaseOutputLayer) net.getLayer(layers - 1).conf().getLayer()).getLossFn();
        learningRate = ((org.nd4j.linalg.learning.config.Sgd) first.getIUpdater()).getLearningRate();
    }

    /** Trains on one minibatch; returns DL4J's score for it (mean loss plus the L2 penalty). */
    @Override
    public double fit(INDArray features, INDArray labels) {
        int b = (int) features.size(0);
        if (b != cachedBatch) {
            allocate(b);
        }
        double score;
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(STEP_WORKSPACE, "sparksweep-step")) {
            INDArray input = features;
            if (inputNoise != null) {
                input = inputNoise.applyDropout(features, noisy, iteration, 0, LayerWorkspaceMgr.noWorkspaces());
            }
            // forward: one GEMM per layer
            INDArray in = input;
            for (int l = 0; l < layers; l++) {
                Nd4j.gemm(in, weights[l], pre[l], false, false, 1.0, 0.0);
                pre[l].addiRowVector(biases[l]);
                if (l < layers - 1) {
                    act[l].assign(pre[l]);
                    activations[l].getActivation(act[l], true);
                    in = act[l];
                }
            }
            Pair<Double, INDArray> scoreAndGradient =
                    loss.computeGradientAndScore(labels, pre[layers - 1], activations[layers - 1], null, true);
            score = scoreAndGradient.getFirst() + penalty();
            // DL4J averages the gradient over the minibatch before regularization and the update
            outDelta.assign(scoreAndGradient.getSecond()).divi(b);

            // backward, last layer first; each layer's input gradient is taken before its weights change
            INDArray delta = outDelta;
            for (int l = layers - 1; l >= 0; l--) {
                INDArray layerInput = l == 0 ? input : act[l - 1];
                if (l > 0) {
                    Nd4j.gemm(delta, weights[l], eps[l - 1], false, true, 1.0, 0.0);
                }
                for (Regularization r : regularization.get(l)) {
                    // SGD on (gradient + l2·W) is W·(1 - lr·l2) - lr·gradient
                    double l2 = ((L2Regularization) r).getL2().valueAt(iteration, 0);
                    weights[l].muli(1.0 - learningRate * l2);
                }
                Nd4j.gemm(layerInput, delta, weights[l], true, false, -learningRate, 1.0);
                biases[l].subi(delta.sum(0).muli(learningRate));
                if (l > 0) {
                    delta = activations[l - 1].backprop(pre[l - 1], eps[l - 1]).getFirst();
                }
            }
        }
        iteration++;
        return score;
    }

    private double penalty() {
        double p = 0;
        for (int l = 0; l < layers; l++) {
            for (Regularization r : regularization.get(l)) {
                p += r.score(weights[l], iteration, 0);
            }
        }
        return p;
    }

    private void allocate(int b) {
        close();
        pre = new INDArray[layers];
        act = new INDArray[layers];
        eps = new INDArray[layers];
        for (int l = 0; l < layers; l++) {
            pre[l] = own(Nd4j.create(DataType.FLOAT, b, weights[l].size(1)));
            if (l < layers - 1) {
                act[l] = own(Nd4j.create(DataType.FLOAT, b, weights[l].size(1)));
                eps[l] = own(Nd4j.create(DataType.FLOAT, b, weights[l].size(1)));
            }
        }
        outDelta = own(Nd4j.create(DataType.FLOAT, b, weights[layers - 1].size(1)));
        noisy = own(Nd4j.create(DataType.FLOAT, b, weights[0].size(0)));
        cachedBatch = b;
    }

    private INDArray own(INDArray a) {
        owned.add(a);
        return a;
    }

    @Override
    public void close() {
        owned.forEach(INDArray::close);
        owned.clear();
        cachedBatch = -1;
    }
}
