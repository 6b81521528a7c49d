package io.sparksweep.train;

import io.sparksweep.api.DataShape;
import io.sparksweep.api.SweepModel;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Model zips back as the kind of network they hold. */
class StoredNetTest {

    private static byte[] zip(Model model) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ModelSerializer.writeModel(model, out, false);
        return out.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(strings = {"mln", "graph"})
    void eitherKindComesBackAsItsNetAndComputesTheSameOutputs(String kind) throws IOException {
        SweepModel model = UserModelTrainingTest.model(kind);
        Net net = Net.of(model.build(TestModels.trial(model, Map.of(), 7, 1, new DataShape(64, 8, 8, 4))));
        net.init();
        Net back = StoredNet.restore(zip(net.model()));
        assertEquals(net.getClass(), back.getClass());
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, 64);
        assertArrayEquals(net.output(x).data().asFloat(), back.output(x).data().asFloat(), 0f);
    }

    @Test
    void aGraphOfTwoOutputsAndNonModelsAreOneLine() throws IOException {
        ComputationGraph two = new ComputationGraph(new NeuralNetConfiguration.Builder()
                .graphBuilder()
                .addInputs("in")
                .addLayer("a", output(), "in")
                .addLayer("b", output(), "in")
                .setOutputs("a", "b")
                .build());
        two.init();
        assertEquals(
                "the ComputationGraph has 1 inputs and 2 outputs; the sweep's dataset and DataSetIterators feed"
                        + " exactly one input and one output (MultiDataSetIterators, TrialData.ofMulti, feed more)",
                assertThrows(IllegalArgumentException.class, () -> StoredNet.restore(zip(two)))
                        .getMessage());
        // a user's graph fed by its own MultiDataSetIterators: evaluate restores it as it is
        Net any = StoredNet.restoreAnyShape(zip(two));
        assertEquals(
                2,
                ((GraphNet) any).graph().getConfiguration().getNetworkOutputs().size());
        String text = assertThrows(
                        IllegalArgumentException.class,
                        () -> StoredNet.restore("not a zip".getBytes(StandardCharsets.UTF_8)))
                .getMessage();
        assertTrue(text.startsWith("not a DL4J MultiLayerNetwork zip ("), text);
        assertEquals(1, text.lines().count(), text);
    }

    private static OutputLayer output() {
        return new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
                .nIn(4)
                .nOut(1)
                .activation(Activation.IDENTITY)
                .build();
    }
}
