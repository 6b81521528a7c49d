package io.sparksweep.train;

import io.sparksweep.api.DataShape;
import io.sparksweep.api.Hyperparameters;
import io.sparksweep.api.Param;
import io.sparksweep.api.SweepModel;
import io.sparksweep.api.TrialContext;

import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;

import java.util.List;
import java.util.Map;

/** Users' networks as a user would write them, for the user-model trainer's tests. */
public final class TestModels {

    private TestModels() {}

    /** What both test models declare. */
    static List<Param> parameters() {
        return List.of(
                Param.real("learning_rate", 0.01, 1e-6, 1e4),
                Param.choice("optimizer", "adam", "adam", "sgd"),
                Param.integer("units", 16, 1, 512),
                Param.integer("extra_outputs", 0, 0, 3),
                Param.bool("fail", false),
                Param.bool("regression", false),
                Param.bool("double_precision", false),
                Param.bool("seeded", true),
                Param.bool("learn_one_epoch", false));
    }

    /** A trial of {@code model} with these values (the rest at their defaults). */
    static TrialContext trial(SweepModel model, Map<String, ?> values, long seed, int epochs, DataShape shape) {
        return new TrialContext(
                new Hyperparameters(model.parameters(), values), seed, "t-" + seed, 0, epochs, 32, shape);
    }

    private static IUpdater updater(Hyperparameters h) {
        double lr = h.real("learning_rate");
        if (h.bool("learn_one_epoch")) {
            // a DL4J epoch schedule: lr in epoch 0, then lr * 0^1 = 0, so only the network's epoch count stops it
            // (SGD: DL4J's Adam replaces a learning rate of 0 by its epsilon)
            return new Sgd(new StepSchedule(ScheduleType.EPOCH, lr, 0.0, 1));
        }
        return h.choice("optimizer").equals("sgd") ? new Sgd(lr) : new Adam(lr);
    }

    private static int outputs(TrialContext trial) {
        Hyperparameters h = trial.hyperparameters();
        return (h.bool("regression") ? 1 : trial.shape().classes()) + h.integer("extra_outputs");
    }

    private static OutputLayer output(TrialContext trial, int nIn) {
        boolean regression = trial.hyperparameters().bool("regression");
        return new OutputLayer.Builder(regression ? LossFunctions.LossFunction.MSE : LossFunctions.LossFunction.MCXENT)
                .nIn(nIn)
                .nOut(outputs(trial))
                .activation(regression ? Activation.IDENTITY : Activation.SOFTMAX)
                .build();
    }

    /**
     * A 64-h-4 network as a lambda ({@code SweepModel.of}), declaring units and learning_rate. It
     * captures an array that counts its builds and refuses a second one: only a fresh copy per trial,
     * segment and probed configuration gets through.
     */
    public static SweepModel lambdaMlp(String name) {
        int[] builds = {0};
        return SweepModel.of(
                name,
                List.of(Param.integer("units", 8, 1, 64), Param.real("learning_rate", 0.01, 1e-5, 1.0)),
                trial -> {
                    if (builds[0]++ > 0) {
                        throw new IllegalStateException("built twice: the same copy was reused");
                    }
                    return new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                            .seed(trial.seed())
                            .updater(new Adam(trial.hyperparameters().real("learning_rate")))
                            .list()
                            .layer(new DenseLayer.Builder()
                                    .nIn(trial.shape().features())
                                    .nOut(trial.hyperparameters().integer("units"))
                                    .activation(Activation.TANH)
                                    .build())
                            .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                                    .nOut(trial.shape().classes())
                                    .activation(Activation.SOFTMAX)
                                    .build())
                            .build());
                });
    }

    /** A class whose constructor throws, as one needing a missing licence file might. */
    public static class Throws extends Dense {
        public Throws() {
            throw new IllegalStateException("no licence file\nsecond line");
        }
    }

    /** A MultiLayerNetwork: one hidden layer. */
    public static class Dense implements SweepModel {
        @Override
        public List<Param> parameters() {
            return TestModels.parameters();
        }

        @Override
        public NeuralNetwork build(TrialContext trial) {
            Hyperparameters h = trial.hyperparameters();
            if (h.bool("fail")) {
                throw new IllegalStateException("no network today\nsecond line");
            }
            int units = h.integer("units");
            NeuralNetConfiguration.Builder b = new NeuralNetConfiguration.Builder();
            if (h.bool("seeded")) {
                b.seed(trial.seed());
            }
            return new MultiLayerNetwork(b.dataType(h.bool("double_precision") ? DataType.DOUBLE : DataType.FLOAT)
                    .updater(updater(h))
                    .list()
                    .layer(new DenseLayer.Builder()
                            .nIn(trial.shape().features())
                            .nOut(units)
                            .activation(Activation.TANH)
                            .build())
                    .layer(output(trial, units))
                    .build());
        }
    }

    /**
     * A convolutional ComputationGraph with one skip connection, on the sweep's flat rows of 8x8 images:
     * out(pool(c1 + c2(c1))). Its convolutions and pooling run through oneDNN when helpers are on.
     */
    public static class ConvResidual implements SweepModel {
        @Override
        public List<Param> parameters() {
            return TestModels.parameters();
        }

        @Override
        public NeuralNetwork build(TrialContext trial) {
            Hyperparameters h = trial.hyperparameters();
            DataShape s = trial.shape();
            NeuralNetConfiguration.Builder b = new NeuralNetConfiguration.Builder();
            if (h.bool("seeded")) {
                b.seed(trial.seed());
            }
            return new ComputationGraph(b.dataType(DataType.FLOAT)
                    .updater(updater(h))
                    .graphBuilder()
                    .addInputs("in")
                    .setInputTypes(InputType.convolutionalFlat(s.rows(), s.cols(), 1))
                    .addLayer("c1", conv(), "in")
                    .addLayer("c2", conv(), "c1")
                    .addVertex("add", new ElementWiseVertex(ElementWiseVertex.Op.Add), "c1", "c2")
                    .addLayer("pool", new SubsamplingLayer.Builder(PoolingType.MAX, new int[] {2, 2}).build(), "add")
                    .addLayer(
                            "out",
                            new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                                    .nOut(outputs(trial))
                                    .activation(Activation.SOFTMAX)
                                    .build(),
                            "pool")
                    .setOutputs("out")
                    .build());
        }

        private static ConvolutionLayer conv() {
            return new ConvolutionLayer.Builder(3, 3)
                    .nOut(4)
                    .padding(1, 1)
                    .activation(Activation.RELU)
                    .build();
        }
    }

    /** A ComputationGraph with one skip connection: out(stem + dense(stem)). */
    public static class Residual implements SweepModel {
        @Override
        public List<Param> parameters() {
            return TestModels.parameters();
        }

        @Override
        public NeuralNetwork build(TrialContext trial) {
            Hyperparameters h = trial.hyperparameters();
            int units = h.integer("units");
            ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder()
                    .seed(trial.seed())
                    .dataType(DataType.FLOAT)
                    .updater(updater(h))
                    .graphBuilder()
                    .addInputs("in")
                    .addLayer(
                            "stem",
                            new DenseLayer.Builder()
                                    .nIn(trial.shape().features())
                                    .nOut(units)
                                    .activation(Activation.TANH)
                                    .build(),
                            "in")
                    .addLayer(
                            "dense",
                            new DenseLayer.Builder()
                                    .nIn(units)
                                    .nOut(units)
                                    .activation(Activation.TANH)
                                    .build(),
                            "stem")
                    .addVertex("add", new ElementWiseVertex(ElementWiseVertex.Op.Add), "stem", "dense")
                    .addLayer("out", output(trial, units), "add")
                    .setOutputs("out")
                    .build());
            g.init(); // a user may initialize it: the trainer's init then does nothing
            return g;
        }
    }
}
