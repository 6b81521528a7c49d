package io.sparksweep.examples.sequence;

import io.sparksweep.api.Hyperparameters;
import io.sparksweep.api.Param;
import io.sparksweep.api.SuppliesData;
import io.sparksweep.api.SweepModel;
import io.sparksweep.api.TrialContext;
import io.sparksweep.api.TrialData;

import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.nio.file.Path;
import java.util.List;

/**
 * Sequential MNIST: an LSTM reads each image as {@link MnistFiles#ROWS} time steps of
 * {@link MnistFiles#COLS} pixels (one pixel row per step) and a softmax layer classifies the digit from its
 * last step. It brings its own data ({@link SuppliesData}): sequences are not what the sweep's
 * {@code dataset:} block gives (flat rows), so the sweep file has no {@code dataset:} block.
 *
 * <p>Hyperparameters: {@code learning_rate} (Adam), {@code hidden_units} (the LSTM's width),
 * {@code clip_threshold} (gradients clipped to this L2 norm per layer: recurrent networks' usual guard
 * against exploding gradients) and {@code train_images} (how many of MNIST's training images to train on,
 * to keep a sweep short).
 *
 * <p>Data: the training images are {@code train_images} of the training file's first 55 000 (a new
 * seeded order every epoch), validation is the training file's last one in twelve (5 000 images, never
 * trained on; the sweep ranks on it) and test is the 10 000-image test file. {@link MnistFiles} says where
 * the files are looked for.
 */
public final class SequentialMnistModel implements SweepModel, SuppliesData {

    /** Adam's step size. */
    public static final String LEARNING_RATE = "learning_rate";

    /** Units of the LSTM layer. */
    public static final String HIDDEN_UNITS = "hidden_units";

    /** The L2 norm each layer's gradient is clipped to ({@link GradientNormalization#ClipL2PerLayer}). */
    public static final String CLIP_THRESHOLD = "clip_threshold";

    /** How many training images a trial trains on (at most those before the validation part). */
    public static final String TRAIN_IMAGES = "train_images";

    private final Path dataDir;

    /** The constructor sparksweep calls: MNIST is looked for as {@link MnistFiles} says. */
    public SequentialMnistModel() {
        this(null);
    }

    /**
     * For running the model outside a sweep (and for tests): MNIST is looked for in {@code dataDir} first.
     *
     * @param dataDir a directory holding the four MNIST files (or an {@code mnist/} folder with them); null
     *     to look only in the usual places
     */
    public SequentialMnistModel(Path dataDir) {
        this.dataDir = dataDir;
    }

    /** The four hyperparameters above, with their defaults and the values they admit. */
    @Override
    public List<Param> parameters() {
        return List.of(
                Param.real(LEARNING_RATE, 1e-3, 1e-6, 1.0),
                Param.integer(HIDDEN_UNITS, 64, 4, 1024),
                Param.real(CLIP_THRESHOLD, 1.0, 1e-3, 1e3),
                Param.integer(TRAIN_IMAGES, 10_000, 10, 55_000));
    }

    /** The trial's LSTM, not initialized (sparksweep calls {@code init()}), seeded with the trial's seed. */
    @Override
    public NeuralNetwork build(TrialContext trial) {
        Hyperparameters h = trial.hyperparameters();
        return new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(trial.seed())
                .updater(new Adam(h.real(LEARNING_RATE)))
                .weightInit(WeightInit.XAVIER)
                .gradientNormalization(GradientNormalization.ClipL2PerLayer)
                .gradientNormalizationThreshold(h.real(CLIP_THRESHOLD))
                .list()
                // LastTimeStep: the LSTM's output at the last of the 28 steps, [batch, hidden_units]
                .layer(new LastTimeStep(new LSTM.Builder()
                        .nOut(h.integer(HIDDEN_UNITS))
                        .activation(Activation.TANH)
                        .build()))
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nOut(MnistFiles.CLASSES)
                        .activation(Activation.SOFTMAX)
                        .build())
                .setInputType(InputType.recurrent(MnistFiles.COLS, MnistFiles.ROWS))
                .build());
    }

    /**
     * The trial's iterators over MNIST: training shuffled with the trial's seed, validation and test in
     * file order, all in minibatches of the sweep's {@code batch_size}.
     *
     * @throws IllegalStateException when MNIST is not found ({@link MnistFiles#locate})
     */
    @Override
    public TrialData data(TrialContext trial) {
        MnistFiles.Mnist mnist = MnistFiles.load(dataDir);
        int batch = trial.batchSize();
        int validation = mnist.trainCount() / 12;
        int beforeValidation = mnist.trainCount() - validation;
        int train = Math.min(trial.hyperparameters().integer(TRAIN_IMAGES), beforeValidation);
        return TrialData.classification(
                SequenceIterator.shuffled(mnist.trainImages(), mnist.trainLabels(), 0, train, batch, trial.seed()),
                SequenceIterator.inOrder(mnist.trainImages(), mnist.trainLabels(), beforeValidation, validation, batch),
                SequenceIterator.inOrder(mnist.testImages(), mnist.testLabels(), 0, mnist.testCount(), batch));
    }
}
