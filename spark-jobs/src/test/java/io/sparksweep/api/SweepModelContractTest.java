package io.sparksweep.api;

import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The public API's contract: declarations, typed values and their refusals, and a user ComputationGraph built from them. */
class SweepModelContractTest {

    /** A residual network of {@code blocks} dense blocks, each added to its input: what a user writes. */
    static final class Residual implements SweepModel {
        @Override
        public List<Param> parameters() {
            return List.of(
                    Param.real("learning_rate", 1e-3, 1e-6, 1.0),
                    Param.integer("blocks", 2, 1, 8),
                    Param.integer("units", 16, 1, 4096),
                    Param.choice("activation", "relu", "relu", "tanh"));
        }

        @Override
        public NeuralNetwork build(TrialContext trial) {
            Hyperparameters h = trial.hyperparameters();
            int units = h.integer("units");
            Activation activation = Activation.valueOf(h.choice("activation").toUpperCase(java.util.Locale.ROOT));
            ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder()
                    .seed(trial.seed())
                    .dataType(DataType.FLOAT)
                    .updater(new Adam(h.real("learning_rate")))
                    .graphBuilder()
                    .addInputs("in")
                    .addLayer(
                            "stem",
                            new DenseLayer.Builder()
                                    .nIn(trial.shape().features())
                                    .nOut(units)
                                    .activation(activation)
                                    .build(),
                            "in");
            String last = "stem";
            for (int b = 0; b < h.integer("blocks"); b++) {
                g.addLayer(
                                "dense" + b,
                                new DenseLayer.Builder()
                                        .nIn(units)
                                        .nOut(units)
                                        .activation(activation)
                                        .build(),
                                last)
                        .addVertex("add" + b, new ElementWiseVertex(ElementWiseVertex.Op.Add), "dense" + b, last);
                last = "add" + b;
            }
            g.addLayer(
                            "out",
                            new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                                    .nIn(units)
                                    .nOut(trial.shape().classes())
                                    .activation(Activation.SOFTMAX)
                                    .build(),
                            last)
                    .setOutputs("out");
            return new ComputationGraph(g.build());
        }
    }

    @Test
    void declaredParametersTakeTheSweepsValuesOrTheirDefaults() {
        Residual model = new Residual();
        Hyperparameters h = new Hyperparameters(model.parameters(), Map.of("blocks", 3, "learning_rate", 0.01));
        assertEquals(3, h.integer("blocks"));
        assertEquals(0.01, h.real("learning_rate"));
        assertEquals(16, h.integer("units"), "the default");
        assertEquals(16.0, h.real("units"), "an integer reads as a real too");
        assertEquals("relu", h.choice("activation"));
        assertEquals(
                List.of("learning_rate", "blocks", "units", "activation"),
                List.copyOf(h.asMap().keySet()));
    }

    @Test
    void undeclaredNamesWrongTypesAndValuesOutOfRangeAreRefusedInWords() {
        List<Param> declared = new Residual().parameters();
        assertEquals(
                "no parameter 'depth' is declared; declared: learning_rate, blocks, units, activation",
                assertThrows(IllegalArgumentException.class, () -> new Hyperparameters(declared, Map.of("depth", 3)))
                        .getMessage());
        assertEquals(
                "blocks must be between 1 and 8 (got 12)",
                assertThrows(IllegalArgumentException.class, () -> new Hyperparameters(declared, Map.of("blocks", 12)))
                        .getMessage());
        assertEquals(
                "blocks must be a whole number (got 2.5)",
                assertThrows(IllegalArgumentException.class, () -> new Hyperparameters(declared, Map.of("blocks", 2.5)))
                        .getMessage());
        assertEquals(
                "activation must be one of relu, tanh (got 'gelu')",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> new Hyperparameters(declared, Map.of("activation", "gelu")))
                        .getMessage());
        Hyperparameters h = new Hyperparameters(declared, Map.of());
        assertEquals(
                "parameter 'activation' is declared as choice, not integer",
                assertThrows(IllegalArgumentException.class, () -> h.integer("activation"))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> h.real("width"));
    }

    @Test
    void declarationsThemselvesAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> Param.real("Learning Rate", 0.1, 0, 1));
        assertEquals(
                "parameter name 'epochs' belongs to the sweep (epochs, batch_size, model)",
                assertThrows(IllegalArgumentException.class, () -> Param.integer("epochs", 3, 1, 9))
                        .getMessage());
        assertEquals(
                "parameter 'lr': its default must be between 0.001 and 1.0 (got 5.0)",
                assertThrows(IllegalArgumentException.class, () -> Param.real("lr", 5, 1e-3, 1))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> Param.integer("n", 1, 5, 2));
        assertThrows(IllegalArgumentException.class, () -> Param.choice("act", "gelu", "relu", "tanh"));
        assertNull(Param.bool("bn", true).problemWith("false"));
        assertFalse(Param.bool("bn", true).problemWith(1) == null);
        assertThrows(
                IllegalArgumentException.class,
                () -> new Hyperparameters(List.of(Param.bool("a", true), Param.bool("a", false)), Map.of()));
    }

    @Test
    void aUsersComputationGraphBuildsFromItsContextAndTrains() {
        Residual model = new Residual();
        TrialContext trial = new TrialContext(
                new Hyperparameters(model.parameters(), Map.of("blocks", 2, "units", 8)),
                42,
                "abc-r0",
                0,
                3,
                16,
                new DataShape(12, 3, 4, 3));
        ComputationGraph a = (ComputationGraph) model.build(trial);
        ComputationGraph b = (ComputationGraph) model.build(trial);
        a.init();
        b.init();
        assertEquals(a.params(), b.params(), "the trial seed makes a repeat reproducible");
        assertTrue(a.getVertex("add1") != null, "the residual blocks the parameters asked for");
        Nd4j.getRandom().setSeed(7);
        INDArray x = Nd4j.rand(DataType.FLOAT, 16, 12);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 16, 3);
        for (int r = 0; r < 16; r++) {
            y.putScalar(r, r % 3, 1);
        }
        double before = a.score(new org.nd4j.linalg.dataset.DataSet(x, y));
        for (int s = 0; s < 30; s++) {
            a.fit(new INDArray[] {x}, new INDArray[] {y});
        }
        assertTrue(a.score() < before, "fit lowers the loss: " + before + " -> " + a.score());
    }
}
