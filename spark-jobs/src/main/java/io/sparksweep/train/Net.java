package io.sparksweep.train;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.evaluation.IEvaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * A network that trains through DL4J's {@code fit}, whichever of DL4J's two kinds it is: what the
 * user-model trainer and {@link Checkpoint} need, without caring whether it is a MultiLayerNetwork or
 * a ComputationGraph. A graph has exactly one input and one output when the sweep's data or a user's
 * DataSetIterators feed it (one array of features and one of labels, {@link #of}); one fed by a
 * user's MultiDataSetIterators may have several ({@link #anyShape}).
 */
public sealed interface Net permits MlnNet, GraphNet {

    /**
     * The adapter over a network: a built-in one, or whatever a user's {@code build} returned.
     *
     * @throws IllegalArgumentException null, another kind of network, or a graph without exactly one input and one output
     */
    static Net of(Object network) {
        if (network instanceof MultiLayerNetwork m) {
            return new MlnNet(m);
        }
        Net net = anyShape(network);
        if (net instanceof GraphNet g) {
            GraphNet.requireOneInputOneOutput(g.graph());
        }
        return net;
    }

    /**
     * The adapter over a network whose graph may have any number of inputs and outputs: for a user's
     * own iterators, whose kind ({@code TrialData.isMulti}) decides what it needs
     * ({@link OwnData#of}).
     *
     * @throws IllegalArgumentException null, or another kind of network
     */
    static Net anyShape(Object network) {
        if (network instanceof MultiLayerNetwork m) {
            return new MlnNet(m);
        }
        if (network instanceof ComputationGraph g) {
            return new GraphNet(g);
        }
        throw new IllegalArgumentException("the network is "
                + (network == null ? "null" : "a " + network.getClass().getName())
                + ", not a MultiLayerNetwork or ComputationGraph");
    }

    /** The DL4J model itself, as {@code ModelSerializer} takes it. */
    Model model();

    /** The seed in the network's configuration: what {@link #init} seeds ND4J's generator with before drawing weights. */
    long configuredSeed();

    /** Sets the seed {@link #init} will use; no effect once initialized. */
    void configureSeed(long seed);

    /** Allocates parameters and layers; does nothing when they already are (DL4J's {@code init} returns early then). */
    void init();

    /** The flattened parameters: a view the layers train in place. */
    INDArray params();

    /** DL4J's updater state (an optimizer's moments), created if absent; null for an optimizer without state. */
    INDArray updaterState();

    /** DL4J's iteration count: the steps trained, which learning-rate schedules read. */
    int iterationCount();

    /** DL4J's epoch count, which epoch schedules read. */
    int epochCount();

    /** Sets both counts, as a checkpoint left them. */
    void setCounts(int iterations, int epochs);

    /** One more epoch for DL4J's schedules. */
    void incrementEpochCount();

    /** One step on a minibatch of features and labels. */
    void fit(INDArray features, INDArray labels);

    /** One step on a minibatch as a user's iterator gives it (masks included). */
    void fit(DataSet batch);

    /** One step on a minibatch of one features array per input and one labels array per output. */
    void fit(MultiDataSet batch);

    /** The outputs for a batch of features, in inference mode (no dropout); the caller closes them. */
    INDArray output(INDArray features);

    /** DL4J's score (loss plus regularization) of the last {@code fit}. */
    double score();

    /** DL4J's score of a minibatch in inference mode, without training on it. */
    double score(DataSet batch);

    /** Runs an iterator through the network into a DL4J evaluation and returns it. */
    <T extends IEvaluation> T evaluate(DataSetIterator data, T evaluation);

    /** The number of trainable parameters. */
    long numParams();

    /** Whether any layer runs through DL4J's oneDNN helpers ({@link LayerHelpers}). */
    boolean usesHelpers();

    /**
     * Frees the network's native memory: parameters, gradients and updater state. Not {@code close()}:
     * that also destroys the thread's workspaces and calls {@code System.gc()}, a full collection per trial.
     */
    void release();

    /** {@code fit}'s trainer name: "dl4j-fit", or "dl4j-fit+onednn" when oneDNN helpers run. */
    default String trainerName() {
        return usesHelpers() ? "dl4j-fit+onednn" : "dl4j-fit";
    }
}
