package io.sparksweep.train;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.Serializable;

/**
 * One training step on a minibatch, returning DL4J's score, and the network's outputs for
 * evaluation. Dense and convolutional networks (classifiers, autoencoders, regressions) with SGD,
 * classic momentum or Adam use
 * {@link DenseNetStep} and {@link ConvNetStep} (same arithmetic as fit, far fewer and cheaper ops);
 * everything else, or {@link StepChoice#DL4J_FIT}, uses {@code MultiLayerNetwork.fit}.
 */
interface TrainingStep extends AutoCloseable {

    double fit(INDArray features, INDArray labels);

    /**
     * Which code path trains (the trials' {@code trainer} column): "fast-dense", "fast-conv", or
     * "dl4j-fit", "dl4j-fit+onednn" when some of its layers run through DL4J's oneDNN helpers
     * ({@link LayerHelpers}).
     */
    String name();

    /** The network's outputs for a batch (a classifier's softmax probabilities), without dropout or noise (row-major); labels only size the batch. */
    float[] probabilities(INDArray features, INDArray labels);

    /**
     * What a checkpoint must hold beyond the network's parameters to continue exactly: the
     * step count and the optimizer's state. Null for {@code fit}, whose state is DL4J's updater.
     */
    default Serializable state() {
        return null;
    }

    /** Puts back what {@link #state()} returned. */
    default void restore(Serializable state) {}

    /** At the start of an epoch after ND4J's generator was reseeded: draw host-side noise seeds from it again. */
    default void reseed() {}

    @Override
    void close();

    /** The step that trains {@code net} on the chosen path. */
    static TrainingStep of(MultiLayerNetwork net, StepChoice choice) {
        if (choice == StepChoice.FAST_WHERE_SUPPORTED) {
            if (DenseNetStep.supports(net)) {
                return new DenseNetStep(net);
            }
            if (ConvNetStep.supports(net)) {
                return new ConvNetStep(net);
            }
        }
        return new Fit(Net.of(net));
    }

    /** DL4J's {@code fit} over a network of either kind: how a user's network trains. */
    static TrainingStep fit(Net net) {
        return new Fit(net);
    }

    /** {@code net.output} for evaluation, copied to the host and freed. */
    static float[] outputOf(MultiLayerNetwork net, INDArray features) {
        return outputOf(Net.of(net), features);
    }

    /** The network's inference outputs for evaluation, copied to the host and freed. */
    static float[] outputOf(Net net, INDArray features) {
        INDArray out = net.output(features);
        try {
            return out.data().asFloat();
        } finally {
            out.close();
        }
    }

    /** DL4J's own {@code fit}: any network, DL4J's speed. */
    final class Fit implements TrainingStep {

        private final Net net;
        private final String name;

        Fit(Net net) {
            this.net = net;
            name = net.trainerName();
        }

        @Override
        public double fit(INDArray features, INDArray labels) {
            net.fit(features, labels);
            return net.score();
        }

        @Override
        public float[] probabilities(INDArray features, INDArray labels) {
            return outputOf(net, features);
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void close() {}
    }
}
