package io.sparksweep.train;

import io.sparksweep.train.ops.DenseTail;
import io.sparksweep.train.ops.OpArena;
import io.sparksweep.train.ops.ParameterUpdate;
import io.sparksweep.train.ops.StepWorkspace;

import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * One training step of a DL4J dense network: dense layers, an output layer with one of the
 * {@link io.sparksweep.train.ops.OutputLoss}es (a classifier's softmax, an autoencoder's sigmoid, a
 * regression's identity); SGD,
 * classic momentum or Adam ({@link ParameterUpdate}), constant or decaying rate; dropout; any input
 * transform. It is the {@link DenseTail} on the network's input, in the trials' {@code trainer}
 * column "fast-dense". Named after the network it trains: it started as plain SGD, and the
 * optimizer is now the update's business.
 *
 * <p>Why not {@code MultiLayerNetwork.fit}: for a small network most of a step is not arithmetic
 * but per-op overhead (measured with async-profiler: ~45 % of a 784-100-10 step outside the GEMMs).
 * {@code fit} runs ~35 ND4J ops per step, recomputes the first layer's forward product during
 * backprop, computes an input gradient nothing uses and runs the softmax loss twice (score and
 * gradient). This step runs ~13 (see {@link DenseTail}); other updaters point the gradient GEMMs at a
 * velocity or gradient array laid out like the parameters and finish with one or two ops over all
 * parameters at once. {@code DenseNetStepTest} checks it against {@code fit} step by step.
 */
final class DenseNetStep extends FastStep<DenseNetStep.Pass> {

    private static final StepWorkspace WORKSPACE = new StepWorkspace("sparksweep-step");

    /**
     * Whether this step can train the network: dense layers, an output the tail trains
     * ({@link DenseTail#trainsOutput}), one
     * updater {@link ParameterUpdate} has (SGD, classic momentum, Adam) on every parameter, L2 only,
     * plain dropout on hidden layers' inputs. Any activation, per layer (read from each layer's conf).
     * The first layer's input transform may be any DL4J IDropout (dropout, Gaussian or
     * {@link SaltAndPepperNoise}): it is applied by its own {@code applyDropout}, as fit does, and
     * nothing backpropagates through it.
     */
    static boolean supports(MultiLayerNetwork net) {
        IUpdater updater = ((BaseLayer) net.getLayer(0).conf().getLayer()).getIUpdater();
        for (int l = 0; l < net.getnLayers(); l++) {
            Object conf = net.getLayer(l).conf().getLayer();
            boolean last = l == net.getnLayers() - 1;
            if (conf.getClass() != (last ? OutputLayer.class : DenseLayer.class)) {
                return false;
            }
            BaseLayer base = (BaseLayer) conf;
            if (!updatedAsTheRest(base, updater)
                    || (l > 0
                            && base.getIDropout() != null
                            && base.getIDropout().getClass() != Dropout.class)) {
                return false;
            }
            if (last && !DenseTail.trainsOutput((OutputLayer) conf)) {
                return false;
            }
        }
        return true;
    }

    DenseNetStep(MultiLayerNetwork net) {
        // the inference pass (evaluation batches of 2000 through every layer) does not stay allocated while training
        super(net, 0, ((BaseLayer) net.getLayer(0).conf().getLayer()).getIUpdater(), WORKSPACE, true);
    }

    @Override
    public String name() {
        return "fast-dense";
    }

    /** The input of the last step (the features plus noise, when there is noise); for tests. */
    INDArray lastInput() {
        return lastTraining().input.array;
    }

    @Override
    Pass bind(OpArena arena, INDArray features, INDArray labels, boolean training) {
        return new Pass(arena, features, labels, training);
    }

    /**
     * The arrays of one minibatch size and the ops bound to them and to one features/labels pair.
     * The trial runner reuses two such pairs (full and last batch), so ops are built twice an epoch.
     */
    final class Pass implements FastStep.Pass {
        final Input input;
        final DenseTail.Pass dense;

        Pass(OpArena arena, INDArray features, INDArray labels, boolean training) {
            input = new Input(arena, features, training);
            dense = tail.bind(arena, input.array, null, labels, training);
        }

        @Override
        public void forward(int iteration) {
            input.transform(iteration);
            dense.forward(iteration);
        }

        @Override
        public double score(int iteration) {
            return dense.meanLoss() + tail.penalty(0, iteration);
        }

        @Override
        public void backward(int iteration) {
            dense.backward(iteration);
        }

        @Override
        public float[] probabilities() {
            return dense.outputs();
        }
    }
}
