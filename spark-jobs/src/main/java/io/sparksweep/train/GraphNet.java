package io.sparksweep.train;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.updater.graph.ComputationGraphUpdater;
import org.nd4j.evaluation.IEvaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * A {@link Net} over a ComputationGraph. Its methods of one array of features and one of labels (and
 * of a DataSet) need a graph of one input and one output, which {@link Net#of} checks; a graph fed by
 * MultiDataSetIterators ({@link Net#anyShape}) may have more, and trains through {@link #fit(MultiDataSet)}.
 */
record GraphNet(ComputationGraph graph) implements Net {

    /**
     * @throws IllegalArgumentException unless the graph has exactly one input and one output: what the
     *                                  sweep's dataset and DataSetIterators feed
     */
    static void requireOneInputOneOutput(ComputationGraph graph) {
        ComputationGraphConfiguration conf = graph.getConfiguration();
        int in = conf.getNetworkInputs().size(), out = conf.getNetworkOutputs().size();
        if (!oneInputOneOutput(graph)) {
            throw new IllegalArgumentException("the ComputationGraph has " + in + " inputs and " + out
                    + " outputs; the sweep's dataset and DataSetIterators feed exactly one input and one output"
                    + " (MultiDataSetIterators, TrialData.ofMulti, feed more)");
        }
    }

    /** Whether the graph has exactly one input and one output. */
    static boolean oneInputOneOutput(ComputationGraph graph) {
        ComputationGraphConfiguration conf = graph.getConfiguration();
        return conf.getNetworkInputs().size() == 1 && conf.getNetworkOutputs().size() == 1;
    }

    @Override
    public Model model() {
        return graph;
    }

    @Override
    public long configuredSeed() {
        return graph.getConfiguration().getDefaultConfiguration().getSeed();
    }

    @Override
    public void configureSeed(long seed) {
        graph.getConfiguration().getDefaultConfiguration().setSeed(seed);
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
