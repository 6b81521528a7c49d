package io.sparksweep.train;

import io.sparksweep.data.DatasetLoader;
import io.sparksweep.data.ImageDataset;
import io.sparksweep.data.TinyIdx;
import io.sparksweep.plan.CostModel;
import io.sparksweep.plan.TrialPlanner;
import io.sparksweep.space.Applicability;
import io.sparksweep.space.Hyperparameter;
import io.sparksweep.sweepfile.SweepFileException;
import io.sparksweep.sweepfile.SweepFileLoader;
import io.sparksweep.train.ops.ClassicMomentum;
import io.sparksweep.trial.Config;
import io.sparksweep.trial.TrialOutcome;
import io.sparksweep.trial.TrialStatus;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.dropout.GaussianNoise;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every knob of the vocabulary changes the built DL4J network as docs/sweep-file.md, "Hyperparameters", says. */
class NetworkFactoryTest {

    @TempDir
    static Path tmp;

    private static Config config(String fixed) {
        return TrialPlanner.plan(SweepFileLoader.parse("name: x\ndataset: mnist\nfixed: " + fixed + "\n", "x"))
                .configs()
                .get(0);
    }

    private static List<Layer> layers(String fixed) {
        MultiLayerConfiguration conf = NetworkFactory.configuration(config(fixed), 1, 28, 28, 10);
        return IntStream.range(0, conf.getConfs().size())
                .mapToObj(i -> conf.getConf(i).getLayer())
                .toList();
    }

    private static long params(String fixed) {
        MultiLayerNetwork net = NetworkFactory.build(config(fixed), 1, 28, 28, 10);
        try {
            return net.numParams();
        } finally {
            net.close();
        }
    }

    private static int[] denseWidths(List<Layer> layers) {
        return layers.stream()
                .filter(l -> l instanceof DenseLayer)
                .mapToInt(l -> (int) ((DenseLayer) l).getNOut())
                .toArray();
    }

    @Test
    void hiddenLayersTakeACountAListOrARepeat() {
        assertArrayEquals(new int[] {30, 30}, denseWidths(layers("{hidden_layers: 2, width: 30}")));
        assertArrayEquals(new int[] {125, 100, 50}, denseWidths(layers("{hidden_layers: [125, 100, 50]}")));
        assertArrayEquals(new int[] {200, 200, 200, 200, 200}, denseWidths(layers("{hidden_layers: 5x200}")));
        assertArrayEquals(new int[0], denseWidths(layers("{hidden_layers: 0}")));
        // seed 000's 784-125-100-50-10 network: Keras counts 116,285 parameters
        assertEquals(116_285, params("{hidden_layers: [125, 100, 50]}"));
    }

    @Test
    void convolutionalLayoutsMatchTheSeedsKerasParameterCounts() {
        List<Layer> cnn = layers("{model: cnn, conv_layers: c32 p2 c64 p2, hidden_layers: [64]}");
        assertInstanceOf(ConvolutionLayer.class, cnn.get(0));
        assertEquals(32, ((ConvolutionLayer) cnn.get(0)).getNOut());
        assertArrayEquals(new int[] {3, 3}, ((ConvolutionLayer) cnn.get(0)).getKernelSize());
        assertInstanceOf(SubsamplingLayer.class, cnn.get(1));
        assertArrayEquals(new int[] {2, 2}, ((SubsamplingLayer) cnn.get(1)).getKernelSize());
        // seed 001: conv32-pool2-conv64-pool2-dense64: 121,930 parameters in Keras
        assertEquals(121_930, params("{model: cnn, conv_layers: c32 p2 c64 p2, hidden_layers: [64]}"));
        // seed 004: conv32-conv64-pool3-dropout0.5-dense300: 28 -> 26 -> 24 -> 8, 1,250,926 parameters
        assertEquals(
                320 + 18_496 + (8 * 8 * 64 * 300 + 300) + 3_010,
                params("{model: cnn, conv_layers: c32 c64 p3 d0.5, hidden_layers: [300]}"));
        List<Layer> withDropout = layers("{model: cnn, conv_layers: c32 c64 p3 d0.5, hidden_layers: [300]}");
        assertEquals(
                new Dropout(0.5), ((BaseLayer) withDropout.get(3)).getIDropout(), "d0.5 drops the dense layer's input");
        // a layout without a convolution is refused when the sweep file is read, with the key and the reason
        String message = assertThrows(SweepFileException.class, () -> layers("{model: cnn, conv_layers: p2}"))
                .getMessage();
        assertTrue(message.contains("fixed.conv_layers: needs at least one convolution"), message);
        message = assertThrows(SweepFileException.class, () -> layers("{hidden_layers: [100, 0]}"))
                .getMessage();
        assertTrue(message.contains("fixed.hidden_layers: every width must be >= 1"), message);
        message = assertThrows(SweepFileException.class, () -> layers("{hidden_layers: lots}"))
                .getMessage();
        assertTrue(message.contains("fixed.hidden_layers: token 'lots' is not <width>, <width>:<activation>"), message);
    }

    @Test
    void activationAndItsAlpha() {
        BaseLayer hidden = (BaseLayer)
                layers("{activation: leaky_relu, leaky_relu_alpha: 0.1}").get(0);
        assertEquals(new ActivationLReLU(0.1), hidden.getActivationFn());
        assertEquals(
                "tanh",
                ((BaseLayer) layers("{activation: tanh}").get(0))
                        .getActivationFn()
                        .toString());
    }

    @Test
    void dropoutNoiseAndTheirPlaces() {
        List<Layer> l = layers("{hidden_layers: 2, input_dropout: 0.2, dropout: 0.3}");
        // DL4J's Dropout takes the probability of keeping, Keras' the rate dropped
        assertEquals(new Dropout(0.8), ((BaseLayer) l.get(0)).getIDropout());
        assertNull(((BaseLayer) l.get(1)).getIDropout());
        assertEquals(new Dropout(0.7), ((OutputLayer) l.get(2)).getIDropout());
        assertEquals(
                new GaussianNoise(0.1),
                ((BaseLayer) layers("{input_noise: 0.1}").get(0)).getIDropout());
        // Keras' GaussianNoise then Dropout: one transform, noise first
        assertEquals(
                new NoiseThenDropout(new GaussianNoise(0.1), new Dropout(0.8)),
                ((BaseLayer) layers("{input_noise: 0.1, input_dropout: 0.2}").get(0)).getIDropout());
    }

    @Test
    void l2IsKerasStyleOnTheDenseHiddenLayers() {
        List<Layer> l = layers("{l2: 0.001, hidden_layers: 2}");
        for (int i = 0; i < 2; i++) {
            assertEquals(
                    0.002,
                    ((L2Regularization)
                                    ((BaseLayer) l.get(i)).getRegularization().get(0))
                            .getL2()
                            .valueAt(0, 0),
                    1e-12);
        }
        assertTrue(
                ((BaseLayer) l.get(2)).getRegularization().isEmpty(),
                "as the seeds' kernel_regularizer: not the output layer");
    }

    @Test
    void optimizers() {
        assertEquals(new Sgd(0.1), NetworkFactory.updater(config("{learning_rate: 0.1}")));
        Adam adam = (Adam) NetworkFactory.updater(config("{optimizer: adam, learning_rate: 0.001}"));
        assertEquals(0.001, adam.getLearningRate(), 0);
        assertEquals(1e-7, adam.getEpsilon(), 0);
        assertInstanceOf(ClassicMomentum.class, NetworkFactory.updater(config("{momentum: 0.9}")));
        // Keras' defaults for the others, DL4J's own updaters
        assertEquals(
                new org.nd4j.linalg.learning.config.RmsProp(0.01, 0.9, 1e-7),
                NetworkFactory.updater(config("{optimizer: rmsprop, learning_rate: 0.01}")));
        assertEquals(
                new org.nd4j.linalg.learning.config.Nesterovs(0.1, 0.9),
                NetworkFactory.updater(config("{optimizer: nesterov, learning_rate: 0.1, momentum: 0.9}")));
        assertEquals(
                0.01 / (1 + 0.01 * 50),
                NetworkFactory.updater(config("{optimizer: nadam, learning_rate: 0.01, decay: 0.01}"))
                        .getLearningRate(50, 0),
                1e-12,
                "a decaying rate for them too");
        // Keras' legacy decay: lr / (1 + decay * t)
        Sgd decayed = (Sgd) NetworkFactory.updater(config("{learning_rate: 0.1, decay: 0.01}"));
        assertEquals(0.1 / (1 + 0.01 * 50), decayed.getLearningRateSchedule().valueAt(50, 0), 1e-12);
        assertTrue(
                DenseNetStep.supports(NetworkFactory.build(config("{learning_rate: 0.1, decay: 0.01}"), 1, 28, 28, 10)),
                "a decaying rate is on the fast path too (DenseNetStepTest checks it against fit)");
    }

    @Test
    void classicMomentumIsVelocityTimesMomentumMinusRateTimesGradient() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        INDArray state = Nd4j.zeros(DataType.FLOAT, 1, 2);
        GradientUpdater<?> u = new ClassicMomentum(0.1, null, 0.9).instantiate(state, true);
        u.setStateViewArray(state, new long[] {1, 2}, 'c', true);
        INDArray g1 = Nd4j.createFromArray(new float[][] {{1f, -2f}});
        u.applyUpdater(g1, 0, 0); // v = -0.1*g; DL4J subtracts the result: w += v
        assertArrayEquals(new float[] {0.1f, -0.2f}, g1.toFloatVector(), 1e-6f);
        INDArray g2 = Nd4j.createFromArray(new float[][] {{1f, 1f}});
        u.applyUpdater(g2, 1, 0); // v = 0.9*v - 0.1*g = (-0.19, 0.08)
        assertArrayEquals(new float[] {0.19f, -0.08f}, g2.toFloatVector(), 1e-6f);
    }

    @Test
    void rawPixelsWhenNotNormalised() {
        byte[] pixels = {0, (byte) 255, (byte) 128};
        assertArrayEquals(new float[] {0f, 255f, 128f}, ScaledPixels.of(pixels, false));
        assertArrayEquals(new float[] {0f, 1f, 128 / 255f}, ScaledPixels.of(pixels, true));
    }

    @Test
    void convolutionalMomentumAndAdamTrialsTrain() throws IOException {
        ImageDataset data = DatasetLoader.load(
                TinyIdx.write(tmp.resolve("tiny"), 300, 60, true).toUri().toString(), null);
        for (String fixed : List.of(
                "{model: cnn, conv_layers: c4 p2, hidden_layers: [16], learning_rate: 0.1, epochs: 2, batch_size: 16}",
                "{momentum: 0.9, learning_rate: 0.05, width: 16, epochs: 2, batch_size: 16}",
                "{optimizer: adam, learning_rate: 0.01, width: 16, dropout: 0.2, epochs: 2, batch_size: 16}")) {
            TrialOutcome o = TrialRunner.run(
                    TrialPlanner.plan(SweepFileLoader.parse("name: x\ndataset: mnist\nfixed: " + fixed + "\n", "x"))
                            .trials()
                            .get(0),
                    data);
            assertEquals(TrialStatus.OK, o.status(), fixed + ": " + o.errorMessage());
            assertTrue(o.testAccuracy() > 0.5, fixed + ": accuracy " + o.testAccuracy());
        }
    }

    @Test
    void aFirstLayerThatAlreadyDropsItsInputIsNeverOverwritten() {
        // no hidden layer: the output layer is first and carries both dropouts; they combine, keep = 0.8 * 0.5
        Layer only =
                layers("{hidden_layers: 0, dropout: 0.5, input_dropout: 0.2}").get(0);
        assertEquals(0.4, ((Dropout) ((BaseLayer) only).getIDropout()).getP(), 1e-12);
        // a leading d<rate> of a conv layout and input dropout: keep = 0.8 * 0.75
        Layer conv = layers("{model: cnn, conv_layers: d0.25 c4 p2, input_dropout: 0.2}")
                .get(0);
        assertEquals(0.6, ((Dropout) ((BaseLayer) conv).getIDropout()).getP(), 1e-12);
        // each alone keeps its own rate
        assertEquals(
                0.8,
                ((Dropout) ((BaseLayer) layers("{hidden_layers: 0, input_dropout: 0.2}")
                                        .get(0))
                                .getIDropout())
                        .getP(),
                1e-12);
        assertEquals(
                0.5,
                ((Dropout) ((BaseLayer) layers("{hidden_layers: 0, dropout: 0.5}")
                                        .get(0))
                                .getIDropout())
                        .getP(),
                1e-12);
        // input noise and a dropout of the first layer's input: the noise, then the dropout, neither lost
        assertEquals(
                new NoiseThenDropout(new GaussianNoise(0.1), new Dropout(0.75)),
                ((BaseLayer) layers("{model: cnn, conv_layers: d0.25 c4 p2, input_noise: 0.1}")
                                .get(0))
                        .getIDropout());
        assertEquals(
                new NoiseThenDropout(new GaussianNoise(0.1), new Dropout(0.5)),
                ((BaseLayer) layers("{hidden_layers: 0, dropout: 0.5, input_noise: 0.1}")
                                .get(0))
                        .getIDropout());
    }

    private static final String SEED_003_DEEP = "\"d0.2 1000 d0.2 3x200 d0.1 3x100 d0.1 50:sigmoid\"";

    @Test
    void seed003sBigDeepNetworkHasKerasParameterCountsPerLayerActivationsAndDropouts() {
        String fixed = "{hidden_layers: " + SEED_003_DEEP + ", optimizer: adam, learning_rate: 0.001}";
        List<Layer> l = layers(fixed);
        assertArrayEquals(new int[] {1000, 200, 200, 200, 100, 100, 100, 50}, denseWidths(l));
        MultiLayerNetwork net = NetworkFactory.build(config(fixed), 1, 28, 28, 10);
        try {
            // Keras' summary: dense 1000 on 784 inputs = 785,000 parameters; then 200,200; 40,200 x 2; 20,100;
            // 10,100 x 2; 5,050; the softmax 510
            long[] keras = {785_000, 200_200, 40_200, 40_200, 20_100, 10_100, 10_100, 5_050, 510};
            for (int i = 0; i < keras.length; i++) {
                assertEquals(keras[i], net.getLayer(i).numParams(), "parameters of layer " + i);
            }
            assertEquals(1_111_460, net.numParams(), "total");
            assertEquals(1_111_460, CostModel.weights(config(fixed)), "the planner's count");
        } finally {
            net.close();
        }
        // Keras' Dropout(rate) before a layer = DL4J's Dropout(keep) on that layer's input
        Double[] keep = {0.8, 0.8, null, null, 0.9, null, null, 0.9, null};
        for (int i = 0; i < keep.length; i++) {
            Object d = ((BaseLayer) l.get(i)).getIDropout();
            if (keep[i] == null) {
                assertNull(d, "no dropout on layer " + i);
            } else {
                assertEquals(new Dropout(keep[i]), d, "dropout of layer " + i);
            }
        }
        for (int i = 0; i < 7; i++) {
            assertEquals("relu", ((BaseLayer) l.get(i)).getActivationFn().toString(), "layer " + i);
        }
        assertEquals("sigmoid", ((BaseLayer) l.get(7)).getActivationFn().toString());
        assertEquals("softmax", ((BaseLayer) l.get(8)).getActivationFn().toString());
        // without the dropouts: the seed's 0.9792 network
        assertEquals(1_111_460, params("{hidden_layers: \"1000 3x200 3x100 50:sigmoid\"}"));
        assertTrue(layers("{hidden_layers: \"1000 3x200 3x100 50:sigmoid\"}").stream()
                .allMatch(x -> x.getIDropout() == null));
    }

    @Test
    void aLayersOwnActivationIsTheOneItComputes() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        // tanh by default; the second layer leaky ReLU with leaky_relu_alpha, the third sigmoid
        MultiLayerNetwork net = NetworkFactory.build(
                config("{hidden_layers: \"6 5:leaky_relu 4:sigmoid\", activation: tanh, leaky_relu_alpha: 0.2}"),
                3,
                4,
                4,
                3);
        try {
            INDArray x = Nd4j.rand(DataType.FLOAT, 5, 16).subi(0.5).muli(4);
            List<INDArray> acts = net.feedForward(x, false);
            INDArray a = x;
            String[] kinds = {"tanh", "leaky", "sigmoid"};
            for (int i = 0; i < 3; i++) {
                INDArray pre = a.mmul(net.getLayer(i).getParam("W"))
                        .addiRowVector(net.getLayer(i).getParam("b"));
                INDArray expected = switch (kinds[i]) {
                    case "tanh" -> Transforms.tanh(pre, true);
                    case "leaky" -> Transforms.leakyRelu(pre, 0.2, true);
                    default -> Transforms.sigmoid(pre, true);
                };
                assertTrue(pre.minNumber().doubleValue() < 0, "layer " + i + " sees negative pre-activations");
                assertEquals(
                        0,
                        expected.sub(acts.get(i + 1)).amaxNumber().doubleValue(),
                        1e-5,
                        "layer " + i + " computes " + kinds[i]);
                a = acts.get(i + 1);
            }
        } finally {
            net.close();
        }
    }

    @Test
    void saltAndPepperNoiseIsTheFirstLayersInputTransform() {
        assertEquals(
                new SaltAndPepperNoise(0.6),
                ((BaseLayer) layers("{input_noise: 0.6, input_noise_type: salt_and_pepper}")
                                .get(0))
                        .getIDropout());
        assertEquals(
                new SaltAndPepperNoise(0.6),
                ((BaseLayer) layers(
                                        "{model: cnn, conv_layers: c4 p2, input_noise: 0.6, input_noise_type: salt_and_pepper}")
                                .get(0))
                        .getIDropout());
        assertEquals(
                new GaussianNoise(0.6),
                ((BaseLayer) layers("{input_noise: 0.6, input_noise_type: gaussian}")
                                .get(0))
                        .getIDropout());
        assertNull(((BaseLayer) layers("{input_noise: 0, input_noise_type: salt_and_pepper}")
                        .get(0))
                .getIDropout());
    }

    @Test
    void layoutDropoutsInARowComposeAsKerasLayersWould() {
        // the composed transform survives the configuration's JSON: a kept model loads back
        MultiLayerConfiguration conf = NetworkFactory.configuration(
                config("{input_noise: 0.1, input_dropout: 0.2, input_noise_type: salt_and_pepper}"), 1, 28, 28, 10);
        assertEquals(conf, MultiLayerConfiguration.fromJson(conf.toJson()));
        // salt and pepper (or Gaussian) noise, then a leading d<rate>
        assertEquals(
                new NoiseThenDropout(new SaltAndPepperNoise(0.1), new Dropout(0.8)),
                ((BaseLayer) layers(
                                        "{hidden_layers: \"d0.2 100\", input_noise: 0.1, input_noise_type: salt_and_pepper}")
                                .get(0))
                        .getIDropout());
        // a trailing d<rate> and dropout: keep 0.8 * 0.7
        assertEquals(
                0.56,
                ((Dropout) ((BaseLayer) layers("{hidden_layers: \"100 d0.2\", dropout: 0.3}")
                                        .get(1))
                                .getIDropout())
                        .getP(),
                1e-12);
        // a trailing d of conv_layers and a leading d of hidden_layers: keep 0.8 * 0.7
        assertEquals(
                0.56,
                ((Dropout) ((BaseLayer) layers("{model: cnn, conv_layers: c4 p2 d0.2, hidden_layers: \"d0.3 10\"}")
                                        .get(2))
                                .getIDropout())
                        .getP(),
                1e-12);
        // each alone is where the layout puts it
        assertEquals(
                new Dropout(0.7),
                ((BaseLayer) layers("{hidden_layers: \"100 d0.3\"}").get(1)).getIDropout());
        assertEquals(
                new Dropout(0.7),
                ((BaseLayer) layers("{model: cnn, conv_layers: c4 p2, hidden_layers: \"d0.3 10\"}")
                                .get(2))
                        .getIDropout());
        // a leading d<rate> and input_dropout both drop the input: keep = 0.8 * 0.7, as for conv layouts
        assertEquals(
                0.56,
                ((Dropout) ((BaseLayer) layers("{hidden_layers: \"d0.3 100\", input_dropout: 0.2}")
                                        .get(0))
                                .getIDropout())
                        .getP(),
                1e-12);
    }

    @Test
    void aDropoutRightBeforeAPoolingIsRefusedNotIgnored() {
        String message = assertThrows(SweepFileException.class, () -> layers("{model: cnn, conv_layers: c4 d0.25 p2}"))
                .getMessage();
        assertTrue(
                message.contains("fixed.conv_layers: a dropout d<rate> right before a pooling p<k> is not supported"),
                message);
    }

    @Test
    void theAutoencoderIsSeed004s() {
        String seed =
                "{model: autoencoder, hidden_layers: [128, 96, 128], input_noise_type: salt_and_pepper, input_noise: 0.6, "
                        + "optimizer: adam, learning_rate: 0.001, batch_size: 64}";
        List<Layer> layers = layers(seed);
        assertArrayEquals(new int[] {128, 96, 128}, denseWidths(layers));
        for (Layer l : layers.subList(0, 3)) {
            assertInstanceOf(ActivationReLU.class, ((BaseLayer) l).getActivationFn());
        }
        OutputLayer out = (OutputLayer) layers.get(3);
        assertEquals(784, out.getNOut(), "a reconstruction of the input, whatever the number of classes");
        assertInstanceOf(ActivationSigmoid.class, out.getActivationFn());
        LossBinaryXENT loss = assertInstanceOf(LossBinaryXENT.class, out.getLossFn());
        assertEquals(1e-7, loss.getClipEps(), "Keras' epsilon");
        assertEquals(
                new SaltAndPepperNoise(0.6),
                ((BaseLayer) layers.get(0)).getIDropout(),
                "the noise acts on the input only");
        for (Layer l : layers.subList(1, 4)) {
            assertNull(((BaseLayer) l).getIDropout());
        }
        // Keras' summary of the seed's autoencoder: 784*128+128 + 128*96+96 + 96*128+128 + 128*784+784 = 226,416
        assertEquals(784 * 128 + 128 + 128 * 96 + 96 + 96 * 128 + 128 + 128 * 784 + 784, params(seed));
        assertEquals(226_416, params(seed));
        // its configuration survives JSON, noise and weighted loss included: a saved denoiser loads back
        MultiLayerConfiguration conf = NetworkFactory.configuration(config(seed), 1, 28, 28, 10);
        assertEquals(conf, MultiLayerConfiguration.fromJson(conf.toJson()));

        MultiLayerNetwork net = NetworkFactory.build(config(seed), 7, 28, 28, 10);
        try (TrainingStep step = TrainingStep.of(net, StepChoice.FAST_WHERE_SUPPORTED)) {
            assertEquals("fast-dense", step.name(), "the dense step trains a sigmoid + binary cross-entropy output");
            assertTrue(DenseNetStep.supports(net));
            // DL4J's score is Keras' binary_crossentropy: the mean over pixels (not the sum), then over examples
            Nd4j.getRandom().setSeed(3);
            INDArray x = Nd4j.rand(DataType.FLOAT, 5, 784);
            INDArray y = Nd4j.rand(DataType.FLOAT, 5, 784);
            float[] p = net.output(x, false).data().asFloat(), t = y.data().asFloat();
            double keras = 0;
            for (int i = 0; i < p.length; i++) {
                keras -= t[i] * Math.log(p[i]) + (1 - t[i]) * Math.log(1 - p[i]);
            }
            keras /= p.length;
            assertEquals(keras, net.score(new DataSet(x, y), false), 1e-5);
        } finally {
            net.close();
        }
    }

    /**
     * Each rule of {@link Applicability} against the network built: a value the rule calls unused
     * leaves the DL4J configuration as it was; where the rule says it applies, it changes it.
     */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "optimizer: adam, momentum: 0.9          | optimizer: adam, momentum: 0.5          | false",
                "optimizer: rmsprop, momentum: 0.9       | optimizer: rmsprop, momentum: 0.0       | false",
                "optimizer: nesterov, momentum: 0.9      | optimizer: nesterov, momentum: 0.5      | true",
                "momentum: 0.9                           | momentum: 0.0                           | true",
                "conv_layers: c8 p2                      | conv_layers: c16 p2                     | false",
                "model: cnn, conv_layers: c8 p2          | model: cnn, conv_layers: c16 p2         | true",
                "activation: tanh, leaky_relu_alpha: 0.1 | activation: tanh, leaky_relu_alpha: 0.2 | false",
                "hidden_layers: 0, activation: leaky_relu, leaky_relu_alpha: 0.1 "
                        + "| hidden_layers: 0, activation: leaky_relu, leaky_relu_alpha: 0.2 | false",
                "hidden_layers: '2x10:tanh', activation: leaky_relu, leaky_relu_alpha: 0.1 "
                        + "| hidden_layers: '2x10:tanh', activation: leaky_relu, leaky_relu_alpha: 0.2 | false",
                "hidden_layers: '10 5:leaky_relu', leaky_relu_alpha: 0.1 "
                        + "| hidden_layers: '10 5:leaky_relu', leaky_relu_alpha: 0.2 | true",
                "activation: leaky_relu, leaky_relu_alpha: 0.1 | activation: leaky_relu, leaky_relu_alpha: 0.2 | true",
                "input_noise_type: salt_and_pepper       | input_noise_type: gaussian              | false",
                "input_noise: 0.1, input_noise_type: salt_and_pepper "
                        + "| input_noise: 0.1, input_noise_type: gaussian | true",
                "hidden_layers: [50], width: 10          | hidden_layers: [50], width: 20          | false",
                "hidden_layers: '2x50', width: 10        | hidden_layers: '2x50', width: 20        | false",
                "hidden_layers: 0, width: 10             | hidden_layers: 0, width: 20             | false",
                "hidden_layers: 2, width: 10             | hidden_layers: 2, width: 20             | true",
            })
    void aValueTheRulesCallUnusedDoesNotChangeTheNetwork(String a, String b, boolean applies) {
        Config ca = config("{" + a + "}");
        Config cb = config("{" + b + "}");
        Hyperparameter h = Applicability.CONDITIONAL.stream()
                .filter(p -> !ca.get(p).equals(cb.get(p)))
                .findFirst()
                .orElseThrow();
        assertEquals(applies, Applicability.applies(h, ca.values()), h.key() + " under " + a);
        String ja = NetworkFactory.configuration(ca, 1, 28, 28, 10).toJson();
        String jb = NetworkFactory.configuration(cb, 1, 28, 28, 10).toJson();
        assertEquals(applies, !ja.equals(jb), a + " vs " + b);
    }
}
