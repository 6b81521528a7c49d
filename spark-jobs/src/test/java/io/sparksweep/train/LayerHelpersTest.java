package io.sparksweep.train;

import io.sparksweep.plan.TrialPlanner;
import io.sparksweep.sweepfile.SweepFileLoader;
import io.sparksweep.trial.Config;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNSubsamplingHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DL4J's oneDNN layer helpers load when switched on, and a network trains through {@code fit} to the
 * same numbers with them as without, up to float rounding (oneDNN sums in another order).
 */
class LayerHelpersTest {

    private static final int STEPS = 20;
    private static String before;

    @BeforeAll
    static void floats() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        before = System.getProperty(LayerHelpers.PROPERTY);
    }

    @AfterAll
    static void restore() {
        if (before == null) {
            System.clearProperty(LayerHelpers.PROPERTY);
        } else {
            System.setProperty(LayerHelpers.PROPERTY, before);
        }
    }

    /** Builds a network with DL4J's helper switch set one way. */
    private static <T> T withHelpers(boolean on, Supplier<T> build) {
        System.setProperty(LayerHelpers.PROPERTY, on ? "false" : "true");
        try {
            return build.get();
        } finally {
            System.clearProperty(LayerHelpers.PROPERTY);
        }
    }

    private static INDArray features(int batch, long seed) {
        java.util.Random r = new java.util.Random(seed);
        float[] pixels = new float[batch * 64]; // 8x8 images, pixels in [0, 1)
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = r.nextFloat();
        }
        return Nd4j.create(pixels, new long[] {batch, 64}, DataType.FLOAT);
    }

    private static INDArray labels(int batch, long seed) {
        INDArray y = Nd4j.zeros(DataType.FLOAT, batch, 4);
        java.util.Random r = new java.util.Random(seed);
        for (int i = 0; i < batch; i++) {
            y.putScalar(i, r.nextInt(4), 1f);
        }
        return y;
    }

    private static Config config(String fixed) {
        return TrialPlanner.plan(SweepFileLoader.parse("name: x\ndataset: mnist\nfixed: " + fixed + "\n", "x"))
                .configs()
                .get(0);
    }

    /** Trains both networks on the same batches through fit; their scores and parameters stay together. */
    private static void assertSameTraining(MultiLayerNetwork on, MultiLayerNetwork off) {
        assertEquals(off.params(), on.params(), "same seed, same initial weights");
        for (int s = 0; s < STEPS; s++) {
            INDArray x = features(16, s);
            INDArray y = labels(16, s);
            Nd4j.getRandom().setSeed(100 + s); // dropout draws the same masks for both
            on.fit(x, y);
            Nd4j.getRandom().setSeed(100 + s);
            off.fit(x, y);
            assertEquals(off.score(), on.score(), 1e-4 * Math.max(1, Math.abs(off.score())), "score of step " + s);
        }
        assertClose(off.params(), on.params());
        assertClose(off.output(features(16, 99)), on.output(features(16, 99)));
    }

    private static void assertClose(INDArray expected, INDArray actual) {
        double diff = expected.sub(actual).amaxNumber().doubleValue();
        assertTrue(diff < 1e-4, "largest difference " + diff);
    }

    // networks only fit trains (Adam on convolutions), with dropout on the input, after a pooling, on a dense layer
    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "{model: cnn, conv_layers: c4 p2 c3, hidden_layers: [8], optimizer: adam, learning_rate: 0.01}",
                "{model: cnn, conv_layers: c4 p2 d0.5 c3, hidden_layers: [8], optimizer: adam, learning_rate: 0.01,"
                        + " input_dropout: 0.2, dropout: 0.5}",
                "{model: cnn, conv_layers: c4 c3 p2 d0.25, hidden_layers: [8], momentum: 0.9, learning_rate: 0.05}"
            })
    void convolutionPoolingAndDropoutTrainAsWithoutHelpers(String fixed) {
        Config c = config(fixed);
        MultiLayerNetwork on = withHelpers(true, () -> NetworkFactory.build(c, 7, 8, 8, 4));
        MultiLayerNetwork off = withHelpers(false, () -> NetworkFactory.build(c, 7, 8, 8, 4));
        assertInstanceOf(MKLDNNConvHelper.class, on.getLayer(0).getHelper());
        assertTrue(LayerHelpers.usedBy(on));
        assertFalse(LayerHelpers.usedBy(off));
        assertSameTraining(on, off);
    }

    @Test
    void poolingRunsThroughItsHelper() {
        Config c = config("{model: cnn, conv_layers: c4 p2, hidden_layers: [8], optimizer: adam}");
        MultiLayerNetwork on = withHelpers(true, () -> NetworkFactory.build(c, 7, 8, 8, 4));
        assertInstanceOf(MKLDNNSubsamplingHelper.class, on.getLayer(1).getHelper());
    }

    @Test
    void batchNormTrainsAsWithoutHelpers() {
        Supplier<MultiLayerNetwork> build = () -> {
            MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                    .seed(11)
                    .updater(new Adam(0.01))
                    .list()
                    // no bias before batch norm: its gradient is 0 up to rounding, which Adam would blow up
                    // into steps of the learning rate's size, differently on either side
                    .layer(new ConvolutionLayer.Builder(3, 3)
                            .nOut(4)
                            .hasBias(false)
                            .activation(Activation.IDENTITY)
                            .build())
                    .layer(new BatchNormalization.Builder().build())
                    .layer(new SubsamplingLayer.Builder(PoolingType.AVG, new int[] {2, 2}).build())
                    .layer(new DenseLayer.Builder()
                            .nOut(8)
                            .activation(Activation.RELU)
                            .build())
                    .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                            .nOut(4)
                            .activation(Activation.SOFTMAX)
                            .build())
                    .setInputType(InputType.convolutionalFlat(8, 8, 1))
                    .build();
            MultiLayerNetwork net = new MultiLayerNetwork(conf);
            net.init();
            return net;
        };
        MultiLayerNetwork on = withHelpers(true, build);
        MultiLayerNetwork off = withHelpers(false, build);
        assertInstanceOf(MKLDNNBatchNormHelper.class, on.getLayer(1).getHelper());
        assertSameTraining(on, off);
        // batch norm's running mean and variance are parameters too: compared with the rest
    }

    @Test
    void aComputationGraphWithASkipConnectionTrainsAsWithoutHelpers() {
        Supplier<ComputationGraph> build = () -> {
            ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                    .seed(5)
                    .updater(new Adam(0.01))
                    .graphBuilder()
                    .addInputs("in")
                    .setInputTypes(InputType.convolutional(8, 8, 1))
                    .addLayer(
                            "c1",
                            new ConvolutionLayer.Builder(3, 3)
                                    .nOut(4)
                                    .padding(1, 1)
                                    .activation(Activation.RELU)
                                    .build(),
                            "in")
                    .addLayer("bn", new BatchNormalization.Builder().build(), "c1")
                    .addLayer(
                            "c2",
                            new ConvolutionLayer.Builder(3, 3)
                                    .nOut(4)
                                    .padding(1, 1)
                                    .activation(Activation.RELU)
                                    .build(),
                            "bn")
                    .addVertex("skip", new ElementWiseVertex(ElementWiseVertex.Op.Add), "c1", "c2")
                    .addLayer("pool", new SubsamplingLayer.Builder(PoolingType.MAX, new int[] {2, 2}).build(), "skip")
                    .addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "pool")
                    .addLayer(
                            "out",
                            new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                                    .nOut(4)
                                    .activation(Activation.SOFTMAX)
                                    .build(),
                            "gap")
                    .setOutputs("out")
                    .build();
            ComputationGraph g = new ComputationGraph(conf);
            g.init();
            return g;
        };
        ComputationGraph on = withHelpers(true, build);
        ComputationGraph off = withHelpers(false, build);
        assertTrue(LayerHelpers.usedBy(on));
        assertFalse(LayerHelpers.usedBy(off));
        assertEquals(off.params(), on.params());
        for (int s = 0; s < STEPS; s++) {
            INDArray x = features(16, s).reshape(16, 1, 8, 8);
            INDArray y = labels(16, s);
            on.fit(new INDArray[] {x}, new INDArray[] {y});
            off.fit(new INDArray[] {x}, new INDArray[] {y});
            assertEquals(off.score(), on.score(), 1e-4 * Math.max(1, Math.abs(off.score())), "score of step " + s);
        }
        assertClose(off.params(), on.params());
    }
}
