package io.sparksweep.train;

import io.sparksweep.api.Hyperparameters;
import io.sparksweep.api.Metric;
import io.sparksweep.api.Param;
import io.sparksweep.api.SuppliesData;
import io.sparksweep.api.SweepModel;
import io.sparksweep.api.TrialContext;
import io.sparksweep.api.TrialData;

import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.List;
import java.util.Random;

/**
 * A user model with its own MultiDataSetIterators ({@link TrialData#ofMulti}): a ComputationGraph of
 * two inputs, the two halves of a generated 8-value feature vector, merged before a softmax over 4
 * classes. The class is two bits, one carried by each half, so a network that read one input only
 * would score at most 0.5 (chance is 0.25). With {@code outputs: 2} the graph also has a second,
 * regression output (the number of set bits), which trains but is not scored; with
 * {@code network: mln} it builds a MultiLayerNetwork, which such data must refuse.
 */
public class MultiInputModel implements SweepModel, SuppliesData {

    static final int HALF = 4;
    static final int CLASSES = 4;

    @Override
    public List<Param> parameters() {
        return List.of(
                Param.real("learning_rate", 0.01, 1e-6, 10),
                Param.integer("units", 8, 1, 64),
                Param.integer("outputs", 1, 1, 2),
                Param.choice("network", "graph", "graph", "mln"),
                Param.choice("iterator", "list", "list", "shuffling"),
                Param.bool("validation", true));
    }

    /** The first output's accuracy counted from the arrays a metric is given: test_accuracy again. */
    @Override
    public List<Metric> metrics() {
        return List.of(Metric.higherIsBetter("first_output_accuracy", MetricModels::accuracy));
    }

    @Override
    public NeuralNetwork build(TrialContext trial) {
        Hyperparameters h = trial.hyperparameters();
        int units = h.integer("units");
        NeuralNetConfiguration.Builder b = new NeuralNetConfiguration.Builder()
                .seed(trial.seed())
                .dataType(DataType.FLOAT)
                .updater(new Adam(h.real("learning_rate")));
        if (h.choice("network").equals("mln")) {
            return new MultiLayerNetwork(
                    b.list().layer(dense(2 * HALF, units)).layer(softmax(units)).build());
        }
        ComputationGraphConfiguration.GraphBuilder g = b.graphBuilder()
                .addInputs("left", "right")
                .addLayer("l", dense(HALF, units), "left")
                .addLayer("r", dense(HALF, units), "right")
                .addVertex("merge", new MergeVertex(), "l", "r")
                .addLayer("out", softmax(2 * units), "merge");
        if (h.integer("outputs") == 2) {
            g.addLayer(
                            "bits",
                            new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
                                    .nIn(2 * units)
                                    .nOut(1)
                                    .activation(Activation.IDENTITY)
                                    .build(),
                            "merge")
                    .setOutputs("out", "bits");
        } else {
            g.setOutputs("out");
        }
        return new ComputationGraph(g.build());
    }

    private static DenseLayer dense(int in, int out) {
        return new DenseLayer.Builder()
                .nIn(in)
                .nOut(out)
                .activation(Activation.TANH)
                .build();
    }

    private static OutputLayer softmax(int in) {
        return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .nIn(in)
                .nOut(CLASSES)
                .activation(Activation.SOFTMAX)
                .build();
    }

    @Override
    public TrialData data(TrialContext trial) {
        Hyperparameters h = trial.hyperparameters();
        boolean two = h.integer("outputs") == 2;
        Random rng = new Random(7); // fixed data; the trial's seed only shuffles
        Examples train = new Examples(320, rng), validation = new Examples(60, rng), test = new Examples(100, rng);
        int batch = trial.batchSize();
        long shuffle = h.choice("iterator").equals("shuffling") ? trial.seed() : -1;
        return TrialData.ofMulti(
                new Iterator(train, batch, two, shuffle),
                h.bool("validation") ? new Iterator(validation, batch, two, -1) : null,
                new Iterator(test, batch, two, -1));
    }

    /** Generated examples: the class's high bit shifts the left half, its low bit the right half. */
    static final class Examples {
        final float[][] left;
        final float[][] right;
        final int[] classes;

        Examples(int n, Random rng) {
            left = new float[n][HALF];
            right = new float[n][HALF];
            classes = new int[n];
            for (int i = 0; i < n; i++) {
                int c = i % CLASSES;
                classes[i] = c;
                for (int j = 0; j < HALF; j++) {
                    left[i][j] = (float) (rng.nextGaussian() * 0.7 + (c / 2 == 1 ? 1 : -1));
                    right[i][j] = (float) (rng.nextGaussian() * 0.7 + (c % 2 == 1 ? 1 : -1));
                }
            }
        }
    }

    /**
     * Minibatches of {left, right} features and {one-hot class} labels (and the number of set bits, for
     * two outputs); with a seed, it reshuffles at every reset from its own generator, so its order
     * depends only on the seed and the number of resets.
     */
    static final class Iterator implements MultiDataSetIterator {
        private final Examples examples;
        private final int batch;
        private final boolean twoOutputs;
        private final Random rng;
        private final int[] order;
        private int cursor;
        private MultiDataSetPreProcessor pre;

        Iterator(Examples examples, int batch, boolean twoOutputs, long seed) {
            this.examples = examples;
            this.batch = batch;
            this.twoOutputs = twoOutputs;
            this.rng = seed < 0 ? null : new Random(seed);
            order = new int[examples.classes.length];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
        }

        @Override
        public MultiDataSet next(int num) {
            int n = Math.min(num, order.length - cursor);
            float[][] l = new float[n][], r = new float[n][], y = new float[n][CLASSES], bits = new float[n][1];
            for (int k = 0; k < n; k++) {
                int i = order[cursor + k];
                l[k] = examples.left[i];
                r[k] = examples.right[i];
                int c = examples.classes[i];
                y[k][c] = 1;
                bits[k][0] = c / 2 + c % 2;
            }
            cursor += n;
            INDArray[] labels =
                    twoOutputs ? new INDArray[] {Nd4j.create(y), Nd4j.create(bits)} : new INDArray[] {Nd4j.create(y)};
            MultiDataSet m =
                    new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[] {Nd4j.create(l), Nd4j.create(r)}, labels);
            if (pre != null) {
                pre.preProcess(m);
            }
            return m;
        }

        @Override
        public MultiDataSet next() {
            return next(batch);
        }

        @Override
        public boolean hasNext() {
            return cursor < order.length;
        }

        @Override
        public void reset() {
            cursor = 0;
            if (rng != null) {
                for (int i = order.length - 1; i > 0; i--) {
                    int j = rng.nextInt(i + 1);
                    int t = order[i];
                    order[i] = order[j];
                    order[j] = t;
                }
            }
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
        public void setPreProcessor(MultiDataSetPreProcessor preProcessor) {
            this.pre = preProcessor;
        }

        @Override
        public MultiDataSetPreProcessor getPreProcessor() {
            return pre;
        }
    }
}
