package io.sparksweep.examples.residual;

import io.sparksweep.api.DataShape;
import io.sparksweep.api.Hyperparameters;
import io.sparksweep.api.Param;
import io.sparksweep.api.SweepModel;
import io.sparksweep.api.TrialContext;

import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.List;

/**
 * A residual network for a table, as a DL4J {@link ComputationGraph}: a dense layer lifts the table's
 * features to {@code width} units, then {@code blocks} residual blocks each compute
 * {@code relu(x + dense2(relu(dense1(x))))} (the skip connection is an {@link ElementWiseVertex} that adds
 * the block's input to its output), and a softmax layer gives the classes (one linear output trained on
 * mean squared error when the table is a regression).
 *
 * <p>The sweep's {@code dataset:} block feeds it: {@link TrialContext#shape()} says how many features the
 * table encodes to and how many classes its label has. The hyperparameters it declares are what a sweep
 * file may set under {@code fixed:} and {@code search:}, beside the sweep's own {@code epochs} and
 * {@code batch_size}:
 *
 * <pre>
 * search:
 *   blocks: {values: [1, 2, 3]}
 *   learning_rate: {distribution: log_uniform, min: 0.0003, max: 0.03}
 * </pre>
 */
public final class ResidualGraphModel implements SweepModel {

    /** Adam's step size. */
    public static final String LEARNING_RATE = "learning_rate";

    /** How many residual blocks follow the input layer. */
    public static final String BLOCKS = "blocks";

    /** Units of the input layer and of every layer inside a block (the skip connection needs them equal). */
    public static final String WIDTH = "width";

    /** Fraction of the last block's outputs dropped while training (0 = none). */
    public static final String DROPOUT = "dropout";

    /** A public no-argument constructor, as sparksweep requires: it makes one instance per trial. */
    public ResidualGraphModel() {}

    /** The four hyperparameters above, with their defaults and the values they admit. */
    @Override
    public List<Param> parameters() {
        return List.of(
                Param.real(LEARNING_RATE, 1e-3, 1e-6, 1.0),
                Param.integer(BLOCKS, 2, 1, 8),
                Param.integer(WIDTH, 64, 4, 1024),
                Param.real(DROPOUT, 0.0, 0.0, 0.9));
    }

    /**
     * The trial's graph, not initialized (sparksweep calls {@code init()}), seeded with the trial's seed.
     *
     * @throws IllegalArgumentException when the sweep gives no table (this model needs the {@code dataset:}
     *     block's features)
     */
    @Override
    public NeuralNetwork build(TrialContext trial) {
        DataShape shape = trial.shape();
        if (shape == null) {
            throw new IllegalArgumentException("ResidualGraphModel needs the sweep's dataset: block (a table)");
        }
        Hyperparameters h = trial.hyperparameters();
        int width = h.integer(WIDTH);
        int blocks = h.integer(BLOCKS);
        double dropout = h.real(DROPOUT);
        boolean regression = shape.classes() == 0;

        ComputationGraphConfiguration.GraphBuilder graph = new NeuralNetConfiguration.Builder()
                .seed(trial.seed())
                .updater(new Adam(h.real(LEARNING_RATE)))
                .weightInit(WeightInit.RELU)
                .graphBuilder()
                .addInputs("input")
                .setInputTypes(InputType.feedForward(shape.features()))
                .addLayer(
                        "stem",
                        new DenseLayer.Builder()
                                .nOut(width)
                                .activation(Activation.RELU)
                                .build(),
                        "input");

        String previous = "stem";
        for (int b = 1; b <= blocks; b++) {
            String name = "block" + b;
            graph.addLayer(
                            name + "_dense1",
                            new DenseLayer.Builder()
                                    .nOut(width)
                                    .activation(Activation.RELU)
                                    .build(),
                            previous)
                    // no activation before the sum: the block learns a correction to its input
                    .addLayer(
                            name + "_dense2",
                            new DenseLayer.Builder()
                                    .nOut(width)
                                    .activation(Activation.IDENTITY)
                                    .build(),
                            name + "_dense1")
                    // the skip connection: the block's input added to what the two layers computed
                    .addVertex(
                            name + "_add", new ElementWiseVertex(ElementWiseVertex.Op.Add), previous, name + "_dense2")
                    .addLayer(
                            name,
                            new ActivationLayer.Builder()
                                    .activation(Activation.RELU)
                                    .build(),
                            name + "_add");
            previous = name;
        }

        OutputLayer.Builder output = regression
                ? new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
                        .nOut(1)
                        .activation(Activation.IDENTITY)
                : new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nOut(shape.classes())
                        .activation(Activation.SOFTMAX);
        output.weightInit(WeightInit.XAVIER);
        if (dropout > 0) {
            // DL4J's dropOut(p) takes the probability of KEEPING an input, not of dropping it
            output.dropOut(1.0 - dropout);
        }
        graph.addLayer("output", output.build(), previous).setOutputs("output");
        return new ComputationGraph(graph.build());
    }
}
