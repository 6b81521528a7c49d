package io.sparksweep.train;

import io.sparksweep.api.DataShape;
import io.sparksweep.api.SweepModel;
import io.sparksweep.api.TrialContext;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The adapter over DL4J's two kinds of network. */
class NetTest {

    private static final DataShape SHAPE = new DataShape(64, 8, 8, 4);

    private static Net net(String kind) {
        SweepModel model = UserModelTrainingTest.model(kind);
        TrialContext trial = TestModels.trial(model, Map.of(), 7, 2, SHAPE);
        Net net = Net.of(model.build(trial));
        net.init();
        return net;
    }

    private static INDArray labels(int n) {
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, 4);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, i % 4, 1f);
        }
        return y;
    }

    @ParameterizedTest
    @ValueSource(strings = {"mln", "graph"})
    void trainsOnArraysAndMultiDataSetsAndCountsEpochs(String kind) {
        Net net = net(kind);
        assertEquals(kind.equals("mln") ? MlnNet.class : GraphNet.class, net.getClass());
        INDArray x = Nd4j.rand(DataType.FLOAT, 8, 64);
        INDArray before = net.params().dup();
        net.fit(x, labels(8));
        assertTrue(Double.isFinite(net.score()));
        net.fit(new MultiDataSet(x, labels(8)));
        assertNotEquals(before, net.params(), "two steps changed the weights");
        assertEquals(2, net.iterationCount());
        assertNotNull(net.updaterState(), "Adam's moments");
        assertEquals(2L * net.numParams(), net.updaterState().length());
        assertArrayEquals(new long[] {8, 4}, net.output(x).shape());
        net.incrementEpochCount();
        assertEquals(1, net.epochCount());
        net.setCounts(10, 3);
        assertEquals(10, net.iterationCount());
        assertEquals(3, net.epochCount());
        assertEquals("dl4j-fit", net.trainerName());
        net.release();
    }

    @Test
    void aGraphOfTwoOutputsOrSomethingElseIsRefused() {
        ComputationGraph two = new ComputationGraph(new NeuralNetConfiguration.Builder()
                .graphBuilder()
                .addInputs("in")
                .addLayer("d", new DenseLayer.Builder().nIn(4).nOut(4).build(), "in")
                .addLayer(
                        "a",
                        new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
                                .nIn(4)
                                .nOut(1)
                                .activation(Activation.IDENTITY)
                                .build(),
                        "d")
                .addLayer(
                        "b",
                        new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
                                .nIn(4)
                                .nOut(1)
                                .activation(Activation.IDENTITY)
                                .build(),
                        "d")
                .setOutputs("a", "b")
                .build());
        assertEquals(
                "the ComputationGraph has 1 inputs and 2 outputs; the sweep's dataset and DataSetIterators feed"
                        + " exactly one input and one output (MultiDataSetIterators, TrialData.ofMulti, feed more)",
                assertThrows(IllegalArgumentException.class, () -> Net.of(two)).getMessage());
        assertEquals(
                "the network is a java.lang.String, not a MultiLayerNetwork or ComputationGraph",
                assertThrows(IllegalArgumentException.class, () -> Net.of("net"))
                        .getMessage());
    }
}
