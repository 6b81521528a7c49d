package io.sparksweep.train;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.evaluation.IEvaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/** A {@link Net} over a MultiLayerNetwork. */
record MlnNet(MultiLayerNetwork net) implements Net {

    @Override
    public Model model() {
        return net;
    }

    @Override
    public long configuredSeed() {
        return net.getDefaultConfiguration().getSeed();
    }

    @Override
    public void configureSeed(long seed) {
        // init reads the network's default configuration, a copy of the first layer's: set both
        net.getDefaultConfiguration().setSeed(seed);
        net.getLayerWiseConfigurations().getConfs().forEach(c -> c.setSeed(seed));
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
