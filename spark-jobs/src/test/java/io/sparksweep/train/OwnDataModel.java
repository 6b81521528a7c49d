package io.sparksweep.train;

import io.sparksweep.api.Hyperparameters;
import io.sparksweep.api.Param;
import io.sparksweep.api.SuppliesData;
import io.sparksweep.api.SweepModel;
import io.sparksweep.api.TrialContext;
import io.sparksweep.api.TrialData;

import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A user model that brings its own data as DL4J iterators: 4 classes of 6 features (a noisy one-hot
 * block), or a linear regression of them; a MultiLayerNetwork or a residual ComputationGraph.
 */
public class OwnDataModel implements SweepModel, SuppliesData {

    static final int FEATURES = 6;
    static final int CLASSES = 4;

    @Override
    public List<Param> parameters() {
        return List.of(
                Param.real("learning_rate", 0.01, 1e-6, 1e4),
                Param.choice("optimizer", "adam", "adam", "sgd"),
                Param.choice("network", "mln", "mln", "graph"),
                Param.choice("iterator", "list", "list", "shuffling", "no_reset"),
                Param.bool("regression", false),
                Param.bool("validation", true));
    }

    @Override
    public NeuralNetwork build(TrialContext trial) {
        Hyperparameters h = trial.hyperparameters();
        boolean regression = h.bool("regression");
        NeuralNetConfiguration.Builder b = new NeuralNetConfiguration.Builder()
                .seed(trial.seed())
                .dataType(DataType.FLOAT)
                .updater(
                        h.choice("optimizer").equals("sgd")
                                ? new Sgd(h.real("learning_rate"))
                                : new Adam(h.real("learning_rate")));
        DenseLayer hidden = new DenseLayer.Builder()
                .nIn(FEATURES)
                .nOut(12)
                .activation(Activation.TANH)
                .build();
        OutputLayer out = new OutputLayer.Builder(
                        regression ? LossFunctions.LossFunction.MSE : LossFunctions.LossFunction.MCXENT)
                .nIn(12)
                .nOut(regression ? 1 : CLASSES)
                .activation(regression ? Activation.IDENTITY : Activation.SOFTMAX)
                .build();
        if (h.choice("network").equals("mln")) {
            return new MultiLayerNetwork(b.list().layer(hidden).layer(out).build());
        }
        return new ComputationGraph(b.graphBuilder()
                .addInputs("in")
                .addLayer("stem", hidden, "in")
                .addLayer(
                        "dense",
                        new DenseLayer.Builder()
                                .nIn(12)
                                .nOut(12)
                                .activation(Activation.TANH)
                                .build(),
                        "stem")
                .addVertex("add", new ElementWiseVertex(ElementWiseVertex.Op.Add), "stem", "dense")
                .addLayer("out", out, "add")
                .setOutputs("out")
                .build());
    }

    @Override
    public TrialData data(TrialContext trial) {
        Hyperparameters h = trial.hyperparameters();
        boolean regression = h.bool("regression");
        // fixed data; the trial's seed only shuffles
        Random rng = new Random(99);
        List<DataSet> train = examples(320, regression, rng);
        List<DataSet> validation = examples(60, regression, rng);
        List<DataSet> test = examples(100, regression, rng);
        int batch = trial.batchSize();
        DataSetIterator trainIt = switch (h.choice("iterator")) {
            case "shuffling" -> new ShufflingIterator(train, batch, trial.seed());
            case "no_reset" ->
                new ListDataSetIterator<>(train, batch) {
                    @Override
                    public boolean resetSupported() {
                        return false;
                    }
                };
            default -> new ListDataSetIterator<>(train, batch);
        };
        // a short last test batch (100 = 3 x 32 + 4): the loss weighs it by its examples
        DataSetIterator v = h.bool("validation") ? new ListDataSetIterator<>(validation, batch) : null;
        DataSetIterator t = new ListDataSetIterator<>(test, batch);
        return regression ? TrialData.regression(trainIt, v, t) : TrialData.classification(trainIt, v, t);
    }

    private static List<DataSet> examples(int n, boolean regression, Random rng) {
        List<DataSet> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int c = i % CLASSES;
            float[] x = new float[FEATURES];
            for (int j = 0; j < FEATURES; j++) {
                x[j] = (float) (rng.nextGaussian() * 0.5 + (j == c ? 2 : 0));
            }
            float[] y;
            if (regression) {
                y = new float[] {(float) (x[0] - 2 * x[1] + 0.5 * x[4] + 0.05 * rng.nextGaussian())};
            } else {
                y = new float[CLASSES];
                y[c] = 1;
            }
            out.add(new DataSet(Nd4j.create(x, new long[] {1, FEATURES}), Nd4j.create(y, new long[] {1, y.length})));
        }
        return out;
    }

    /** Reshuffles its examples at every reset from its own seeded generator: the order depends on the seed and the resets only. */
    static final class ShufflingIterator implements DataSetIterator {
        private final List<DataSet> examples;
        private final int batch;
        private final Random rng;
        private final int[] order;
        private int cursor;
        private DataSetPreProcessor pre;

        ShufflingIterator(List<DataSet> examples, int batch, long seed) {
            this.examples = examples;
            this.batch = batch;
            this.rng = new Random(seed);
            order = new int[examples.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
        }

        @Override
        public DataSet next(int num) {
            List<DataSet> part = new ArrayList<>();
            for (int i = 0; i < num && cursor < order.length; i++) {
                part.add(examples.get(order[cursor++]));
            }
            DataSet ds = DataSet.merge(part);
            if (pre != null) {
                pre.preProcess(ds);
            }
            return ds;
        }

        @Override
        public int inputColumns() {
            return FEATURES;
        }

        @Override
        public int totalOutcomes() {
            return examples.get(0).getLabels().columns();
        }

        @Override
        public boolean resetSupported() {
            return true;
        }

        @Override
        public boolean asyncSupported() {
            return false;
        }

        @Override
        public void reset() {
            cursor = 0;
            for (int i = order.length - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }

        @Override
        public int batch() {
            return batch;
        }

        @Override
        public void setPreProcessor(DataSetPreProcessor preProcessor) {
            pre = preProcessor;
        }

        @Override
        public DataSetPreProcessor getPreProcessor() {
            return pre;
        }

        @Override
        public List<String> getLabels() {
            return null;
        }

        @Override
        public boolean hasNext() {
            return cursor < order.length;
        }

        @Override
        public DataSet next() {
            return next(batch);
        }
    }
}
