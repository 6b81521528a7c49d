package io.sparksweep.train;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.graph.ComputationGraphUpdater;
import org.nd4j.evaluation.IEvaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * A network that trains through DL4J's {@code fit}, whichever of DL4J's two kinds it is: what the
 * user-model trainer and {@link Checkpoint} need, without caring whether it is a MultiLayerNetwork or
 * a ComputationGraph. A graph must have exactly one input and one output: the sweep's data is one
 * array of features and one of labels.
 */
public sealed interface Net permits Net.Mln, Net.Graph {

    /**
     * The adapter over a network a user's code returned.
     *
     * @throws IllegalArgumentException null, another kind of network, or a graph without exactly one input and one output
     */
    static Net of(Object network) {
        if (network instanceof MultiLayerNetwork m) {
            return new Mln(m);
        }
        if (network instanceof ComputationGraph g) {
            return new Graph(g);
        }
        throw new IllegalArgumentException("the network is "
                + (network == null ? "null" : "a " + network.getClass().getName())
                + ", not a MultiLayerNetwork or ComputationGraph");
    }

    /** The DL4J model itself, as {@code ModelSerializer} takes it. */
    Model model();

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

    /** One step on a minibatch of one input and one output array. */
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

    /** A MultiLayerNetwork. */
    record Mln(MultiLayerNetwork net) implements Net {

        @Override
        public Model model() {
            return net;
        }

        @Override
        public void init() {
            net.init();
        }

        @Override
        public INDArray params() {
            return net.params();
        }

        @Override
        public INDArray updaterState() {
            Updater u = net.getUpdater(true);
            return u == null ? null : u.getStateViewArray();
        }

        @Override
        public int iterationCount() {
            return net.getLayerWiseConfigurations().getIterationCount();
        }

        @Override
        public int epochCount() {
            return net.getLayerWiseConfigurations().getEpochCount();
        }

        @Override
        public void setCounts(int iterations, int epochs) {
            net.getLayerWiseConfigurations().setIterationCount(iterations);
            net.getLayerWiseConfigurations().setEpochCount(epochs);
        }

        @Override
        public void incrementEpochCount() {
            net.incrementEpochCount();
        }

        @Override
        public void fit(INDArray features, INDArray labels) {
            net.fit(features, labels);
        }

        @Override
        public void fit(DataSet batch) {
            net.fit(batch);
        }

        @Override
        public void fit(MultiDataSet batch) {
            net.fit(batch);
        }

        @Override
        public INDArray output(INDArray features) {
            return net.output(features, false);
        }

        @Override
        public double score() {
            return net.score();
        }

        @Override
        public double score(DataSet batch) {
            return net.score(batch, false);
        }

        @Override
        public <T extends IEvaluation> T evaluate(DataSetIterator data, T evaluation) {
            net.doEvaluation(data, evaluation);
            return evaluation;
        }

        @Override
        public long numParams() {
            return net.numParams();
        }

        @Override
        public boolean usesHelpers() {
            return LayerHelpers.usedBy(net);
        }

        @Override
        public void release() {
            net.params().close();
            if (net.getFlattenedGradients() != null) {
                net.getFlattenedGradients().close();
            }
            if (net.getUpdater(false) != null && net.getUpdater(false).getStateViewArray() != null) {
                net.getUpdater(false).getStateViewArray().close();
            }
        }
    }

    /** A ComputationGraph of one input and one output. */
    record Graph(ComputationGraph graph) implements Net {

        /** @throws IllegalArgumentException unless it has exactly one input and one output */
        public Graph {
            ComputationGraphConfiguration conf = graph.getConfiguration();
            int in = conf.getNetworkInputs().size(),
                    out = conf.getNetworkOutputs().size();
            if (in != 1 || out != 1) {
                throw new IllegalArgumentException("the ComputationGraph has " + in + " inputs and " + out
                        + " outputs; a sweep trains graphs of exactly one input and one output");
            }
        }

        @Override
        public Model model() {
            return graph;
        }

        @Override
        public void init() {
            graph.init();
        }

        @Override
        public INDArray params() {
            return graph.params();
        }

        @Override
        public INDArray updaterState() {
            ComputationGraphUpdater u = graph.getUpdater(true);
            return u == null ? null : u.getStateViewArray();
        }

        @Override
        public int iterationCount() {
            return graph.getConfiguration().getIterationCount();
        }

        @Override
        public int epochCount() {
            return graph.getConfiguration().getEpochCount();
        }

        @Override
        public void setCounts(int iterations, int epochs) {
            graph.getConfiguration().setIterationCount(iterations);
            graph.getConfiguration().setEpochCount(epochs);
        }

        @Override
        public void incrementEpochCount() {
            graph.incrementEpochCount();
        }

        @Override
        public void fit(INDArray features, INDArray labels) {
            graph.fit(new INDArray[] {features}, new INDArray[] {labels});
        }

        @Override
        public void fit(DataSet batch) {
            graph.fit(batch);
        }

        @Override
        public void fit(MultiDataSet batch) {
            graph.fit(batch);
        }

        @Override
        public INDArray output(INDArray features) {
            return graph.outputSingle(false, features);
        }

        @Override
        public double score() {
            return graph.score();
        }

        @Override
        public double score(DataSet batch) {
            return graph.score(batch, false);
        }

        @Override
        public <T extends IEvaluation> T evaluate(DataSetIterator data, T evaluation) {
            graph.doEvaluation(data, evaluation);
            return evaluation;
        }

        @Override
        public long numParams() {
            return graph.numParams();
        }

        @Override
        public boolean usesHelpers() {
            return LayerHelpers.usedBy(graph);
        }

        @Override
        public void release() {
            graph.params().close();
            if (graph.getGradientsViewArray() != null) {
                graph.getGradientsViewArray().close();
            }
            if (graph.getUpdater(false) != null && graph.getUpdater(false).getStateViewArray() != null) {
                graph.getUpdater(false).getStateViewArray().close();
            }
        }
    }
}
