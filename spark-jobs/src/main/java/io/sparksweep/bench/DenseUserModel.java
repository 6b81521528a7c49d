package io.sparksweep.bench;

import io.sparksweep.api.Hyperparameters;
import io.sparksweep.api.Param;
import io.sparksweep.api.SweepModel;
import io.sparksweep.api.TrialContext;

import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.List;

/**
 * sparksweep's built-in one-hidden-layer network (ReLU, softmax, Xavier-uniform, plain SGD) written
 * as a user would through the public API, so the benchmark can time what the API path adds to
 * DL4J's own {@code fit} on the same network.
 */
public final class DenseUserModel implements SweepModel {

    @Override
    public List<Param> parameters() {
        return List.of(Param.integer("width", 100, 1, 100_000), Param.real("learning_rate", 0.1, 1e-9, 100));
    }

    @Override
    public NeuralNetwork build(TrialContext trial) {
        Hyperparameters h = trial.hyperparameters();
        int width = h.integer("width");
        return new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(trial.seed())
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER_UNIFORM)
                .updater(new Sgd(h.real("learning_rate")))
                .list()
                .layer(new DenseLayer.Builder()
                        .nIn(trial.shape().features())
                        .nOut(width)
                        .activation(Activation.RELU)
                        .build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nIn(width)
                        .nOut(trial.shape().classes())
                        .activation(Activation.SOFTMAX)
                        .build())
                .build());
    }
}
