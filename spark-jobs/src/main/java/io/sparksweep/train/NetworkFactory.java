package io.sparksweep.train;

import io.sparksweep.space.ActivationType;
import io.sparksweep.space.Hyperparameter;
import io.sparksweep.space.Layers;
import io.sparksweep.space.ModelType;
import io.sparksweep.space.NoiseType;
import io.sparksweep.train.ops.ClassicMomentum;
import io.sparksweep.trial.Config;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.dropout.GaussianNoise;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.AMSGrad;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.AdaMax;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nadam;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.InverseSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the DL4J network of a configuration, with the seeds' Keras defaults: Glorot-uniform
 * weights, zero biases, softmax output, cross-entropy, float32 (an autoencoder: a sigmoid output of the
 * input's size and binary cross-entropy). Layers in order: the convolutional layout (model: cnn), the
 * dense hidden layers, the output layer. Input noise (Gaussian or
 * salt-and-pepper) and input dropout act on the first layer's input; dropout on the output layer's
 * input; a d&lt;rate&gt; token of either layout on the next layer's input (DL4J applies a layer's
 * "dropout" to its input, at training time only). A hidden layer's own activation
 * ({@code 50:sigmoid}) replaces {@code activation} for that layer.
 */
public final class NetworkFactory {

    private NetworkFactory() {}

    public static MultiLayerConfiguration configuration(Config c, long seed, int rows, int cols, int nOut) {
        return configuration(c, seed, rows, cols, nOut, false);
    }

    /** @param regression one identity output trained on mean squared error, instead of softmax and cross-entropy */
    public static MultiLayerConfiguration configuration(
            Config c, long seed, int rows, int cols, int nOut, boolean regression) {
        double noise = c.real(Hyperparameter.INPUT_NOISE);
        double inputDropout = c.real(Hyperparameter.INPUT_DROPOUT);
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER_UNIFORM)
                .updater(updater(c))
                .list();
        // Keras adds l2·Σw² to the loss (gradient 2·l2·w); DL4J's L2 term is ½·λ·Σw² (gradient λ·w).
        // Like the seeds' kernel_regularizer, it goes on the dense hidden layers only.
        double l2 = 2 * c.real(Hyperparameter.L2);
        IActivation activation = activation(c);
        List<Layer> layers = new ArrayList<>();
        double pendingDropout = 0; // a d<rate> token of the conv layout applies to the next layer's input
        if (c.model() == ModelType.CNN) {
            for (Layers.ConvStep step : Layers.conv(c.choice(Hyperparameter.CONV_LAYERS))) {
                if (step.dropout()) {
                    pendingDropout = step.rate();
                    continue;
                }
                Layer layer = step.conv()
                        ? new ConvolutionLayer.Builder(3, 3)
                                .nOut(step.size())
                                .activation(Activation.RELU)
                                .convolutionMode(ConvolutionMode.Truncate)
                                .build()
                        : new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
                                .kernelSize(step.size(), step.size())
                                .stride(step.size(), step.size())
                                .convolutionMode(ConvolutionMode.Truncate)
                                .build();
                layers.add(withDropout(layer, pendingDropout));
                pendingDropout = 0;
            }
        }
        for (Layers.DenseStep step : c.hiddenLayers()) {
            IActivation own = step.activation() == null ? activation : activation(step.activation(), c);
            layers.add(withDropout(
                    new DenseLayer.Builder()
                            .nOut(step.width())
                            .activation(own)
                            .l2(l2)
                            .build(),
                    // a trailing d of conv_layers and a leading d of hidden_layers: two dropouts in a row
                    both(step.dropout(), pendingDropout)));
            pendingDropout = 0;
        }
        // a trailing d of the layout and dropout: two dropouts of the output layer's input in a row
        double dropout = both(both(pendingDropout, c.layoutOutputDropout()), c.real(Hyperparameter.DROPOUT));
        boolean autoencoder = c.model() == ModelType.AUTOENCODER;
        if (autoencoder && regression) {
            throw new IllegalArgumentException("model: autoencoder reconstructs images; it does not apply to a table");
        }
        layers.add(withDropout(
                autoencoder
                        ? reconstruction(rows * cols)
                        : regression
                                ? new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
                                        .nOut(1)
                                        .activation(Activation.IDENTITY)
                                        .build()
                                : new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                                        .nOut(nOut)
                                        .activation(Activation.SOFTMAX)
                                        .build(),
                dropout));
        Layer first = layers.get(0);
        // The first layer may already drop its input (a leading d<rate> token, or dropout when the
        // output layer is the first): never overwrite it silently.
        IDropout already = first.getIDropout();
        // input_dropout and a dropout the first layer already has (a leading d<rate>): two in a row
        double firstDropout = both(inputDropout, already instanceof Dropout d ? 1.0 - d.getP() : 0.0);
        IDropout drop = firstDropout > 0 ? keep(firstDropout) : null;
        if (noise > 0) {
            IDropout noisy = c.noiseType() == NoiseType.SALT_AND_PEPPER
                    ? new SaltAndPepperNoise(noise)
                    : new GaussianNoise(noise);
            // Keras: GaussianNoise, then Dropout; one DL4J transform does both in that order
            first.setIDropout(drop == null ? noisy : new NoiseThenDropout(noisy, drop));
        } else if (drop != null) {
            first.setIDropout(drop);
        }
        layers.forEach(list::layer);
        list.setInputType(
                switch (c.model()) {
                    case CNN -> InputType.convolutionalFlat(rows, cols, 1);
                    case MLP, AUTOENCODER -> InputType.feedForward((long) rows * cols);
                });
        return list.build();
    }

    /**
     * The autoencoder's output: a sigmoid per input value, trained with binary cross-entropy as Keras'
     * {@code binary_crossentropy}: the mean over the values (DL4J's XENT sums them; weights of 1/n make
     * it the mean, so the score, the gradient and SGD learning rates are Keras'), with probabilities
     * clipped at Keras' 1e-7 instead of DL4J's 1e-5.
     */
    static OutputLayer reconstruction(int inputs) {
        INDArray weights = Nd4j.valueArrayOf(new long[] {1, inputs}, 1.0 / inputs, DataType.FLOAT);
        return new OutputLayer.Builder(new LossBinaryXENT(RECONSTRUCTION_CLIP, weights))
                .nOut(inputs)
                .activation(Activation.SIGMOID)
                .build();
    }

    /** Keras' epsilon: probabilities are clipped to [1e-7, 1 - 1e-7] before the log. */
    static final double RECONSTRUCTION_CLIP = 1e-7;

    public static MultiLayerNetwork build(Config c, long seed, int rows, int cols, int nOut) {
        return build(c, seed, rows, cols, nOut, false);
    }

    public static MultiLayerNetwork build(Config c, long seed, int rows, int cols, int nOut, boolean regression) {
        MultiLayerNetwork net = new MultiLayerNetwork(configuration(c, seed, rows, cols, nOut, regression));
        net.init();
        return net;
    }

    /** SGD (plain, or with classic momentum) or Adam with Keras' defaults; decay as Keras' legacy 1/(1 + decay·t). */
    static IUpdater updater(Config c) {
        double lr = c.real(Hyperparameter.LEARNING_RATE);
        double decay = c.real(Hyperparameter.DECAY);
        ISchedule schedule = decay > 0 ? new InverseSchedule(ScheduleType.ITERATION, lr, decay, 1.0) : null;
        return switch (c.optimizer()) {
            case ADAM -> adam(lr, schedule);
            case SGD -> sgd(lr, schedule, c.real(Hyperparameter.MOMENTUM));
            // Keras' defaults (epsilon 1e-7) for the rest; they train through DL4J's own fit
            case NESTEROV -> scheduled(new Nesterovs(lr, c.real(Hyperparameter.MOMENTUM)), lr, schedule);
            case RMSPROP -> scheduled(new RmsProp(lr, 0.9, 1e-7), lr, schedule);
            case ADAGRAD -> scheduled(new AdaGrad(lr, 1e-7), lr, schedule);
            case ADAMAX -> scheduled(new AdaMax(lr, 0.9, 0.999, 1e-7), lr, schedule);
            case NADAM -> scheduled(new Nadam(lr, 0.9, 0.999, 1e-7), lr, schedule);
            case AMSGRAD -> scheduled(new AMSGrad(lr, 0.9, 0.999, 1e-7), lr, schedule);
        };
    }

    /** The updater with the decaying rate when there is one. */
    private static IUpdater scheduled(IUpdater updater, double lr, ISchedule schedule) {
        if (schedule != null) {
            updater.setLrAndSchedule(lr, schedule);
        }
        return updater;
    }

    private static Adam adam(double lr, ISchedule schedule) {
        Adam adam = new Adam(lr, 0.9, 0.999, 1e-7);
        adam.setLearningRateSchedule(schedule);
        return adam;
    }

    private static IUpdater sgd(double lr, ISchedule schedule, double momentum) {
        if (momentum > 0) {
            return new ClassicMomentum(lr, schedule, momentum);
        }
        return schedule == null ? new Sgd(lr) : new Sgd(schedule);
    }

    static IActivation activation(Config c) {
        return activation(c.activation(), c);
    }

    /** leaky_relu takes its slope from leaky_relu_alpha, also as a layer's own activation. */
    static IActivation activation(ActivationType type, Config c) {
        return switch (type) {
            case RELU -> Activation.RELU.getActivationFunction();
            case SIGMOID -> Activation.SIGMOID.getActivationFunction();
            case TANH -> Activation.TANH.getActivationFunction();
            case LEAKY_RELU -> new ActivationLReLU(c.real(Hyperparameter.LEAKY_RELU_ALPHA));
        };
    }

    private static Layer withDropout(Layer layer, double rate) {
        if (rate > 0) {
            layer.setIDropout(keep(rate));
        }
        return layer;
    }

    /**
     * Two independent dropouts of one input in a row, as one: it keeps a value with the product of
     * both keep probabilities (Keras' two Dropout layers give the same distribution).
     */
    static double both(double rate, double other) {
        return 1.0 - (1.0 - rate) * (1.0 - other);
    }

    /** Keras' Dropout(rate) drops that fraction; DL4J's Dropout(p) takes the probability of keeping. */
    private static IDropout keep(double rate) {
        return new Dropout(1.0 - rate);
    }
}
