package io.sparksweep.train;

import io.sparksweep.space.Hyperparameter;
import io.sparksweep.trial.Config;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.dropout.GaussianNoise;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Builds the DL4J network of a configuration, with the seeds' Keras defaults: SGD, Glorot-uniform
 * weights, zero biases, hidden dense layers, softmax output, cross-entropy, float32.
 */
public final class NetworkFactory {

    private NetworkFactory() {
    }

    public static MultiLayerConfiguration configuration(Config c, long seed, int nIn, int nOut) {
        double noise = c.real(Hyperparameter.INPUT_NOISE);
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER_UNIFORM)
                .updater(new Sgd(c.real(Hyperparameter.LEARNING_RATE)))
                // Keras adds l2·Σw² to the loss (gradient 2·l2·w); DL4J's L2 term is ½·λ·Σw² (gradient λ·w)
                .l2(2 * c.real(Hyperparameter.L2))
                .list();
        Activation activation = activation(c.choice(Hyperparameter.ACTIVATION));
        int in = nIn;
        int[] widths = c.hiddenWidths();
        for (int i = 0; i < widths.length; i++) {
            DenseLayer.Builder dense = new DenseLayer.Builder().nIn(in).nOut(widths[i]).activation(activation);
            if (i == 0 && noise > 0) {
                // DL4J applies a layer's "dropout" to its input, at training time only: Keras' GaussianNoise
                dense.dropOut(new GaussianNoise(noise));
            }
            list.layer(dense.build());
            in = widths[i];
        }
        OutputLayer.Builder out = new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .nIn(in).nOut(nOut).activation(Activation.SOFTMAX);
        if (widths.length == 0 && noise > 0) {
            out.dropOut(new GaussianNoise(noise));
        }
        list.layer(out.build());
        return list.build();
    }

    public static MultiLayerNetwork build(Config c, long seed, int nIn, int nOut) {
        MultiLayerNetwork net = new MultiLayerNetwork(configuration(c, seed, nIn, nOut));
        net.init();
        return net;
    }

    static Activation activation(String name) {
        return switch (name) {
            case "relu" -> Activation.RELU;
            case "sigmoid" -> Activation.SIGMOID;
            case "tanh" -> Activation.TANH;
            case "leaky_relu" -> Activation.LEAKYRELU;
            default -> throw new IllegalArgumentException("unknown activation " + name);
        };
    }
}
