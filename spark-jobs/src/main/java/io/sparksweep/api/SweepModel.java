package io.sparksweep.api;

import org.deeplearning4j.nn.api.NeuralNetwork;

import java.io.Serializable;
import java.util.List;

/**
 * A network of your own for sparksweep to tune: the one interface to implement. sparksweep makes one
 * instance per trial (through a public no-argument constructor for a class the sweep file or
 * {@link Sweeps#model(Class)} names; as a fresh deserialized copy for an instance given to
 * {@link Sweeps#model(SweepModel)}), asks it for the network with the trial's hyperparameters and
 * seed, and trains it with DL4J's own {@code fit}, with the sweep's repeats, search, early stopping,
 * checkpoints and report. From code, {@link #of} makes one from a lambda.
 *
 * <pre>{@code
 * public final class MyModel implements SweepModel {
 *     public List<Param> parameters() {
 *         return List.of(Param.real("learning_rate", 1e-3, 1e-6, 1.0), Param.integer("units", 64, 1, 4096));
 *     }
 *
 *     public NeuralNetwork build(TrialContext trial) {
 *         Hyperparameters h = trial.hyperparameters();
 *         MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
 *                 .seed(trial.seed())
 *                 .updater(new Adam(h.real("learning_rate")))
 *                 .list()
 *                 .layer(new DenseLayer.Builder().nIn(trial.shape().features()).nOut(h.integer("units"))
 *                         .activation(Activation.RELU).build())
 *                 .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(trial.shape().classes())
 *                         .activation(Activation.SOFTMAX).build())
 *                 .build());
 *         return net; // sparksweep calls init()
 *     }
 * }
 * }</pre>
 *
 * <p>To store figures of your own beside accuracy and loss, override {@link #metrics()}.
 *
 * <p>Without {@link SuppliesData}, the sweep's {@code dataset:} block feeds the network: rows of
 * {@link DataShape#features()} values (images row by row, scaled to [0, 1]; a table's encoded
 * columns) and one-hot labels, or one standardized target for a regression.
 */
public interface SweepModel {

    /**
     * The hyperparameters this model reads, each with its type, default and admitted values. A sweep
     * file may set only these (and the sweep's own {@code epochs} and {@code batch_size}).
     */
    List<Param> parameters();

    /**
     * The network of one trial, not yet initialized: a {@code MultiLayerNetwork} or a
     * {@code ComputationGraph} with one input and one output (of any number of inputs and outputs when
     * the model's own data is MultiDataSetIterators, {@link TrialData#ofMulti}). Build it from
     * {@code trial.hyperparameters()} and seed it with {@code trial.seed()}, so that a repeat is
     * reproducible. An exception here fails the trial with its message (and refuses the sweep when it
     * happens while the sweep is checked before it runs).
     */
    NeuralNetwork build(TrialContext trial);

    /**
     * A model made in code, for {@link Sweeps#model(SweepModel)}: its declarations and a lambda that
     * builds each trial's network. It is {@link Serializable} (when what the lambda captures is), and
     * its name is what the sweep's {@code model.class}, the {@code model_class} column and the config
     * ids hold, so a later run with the same name and declarations resumes the sweep.
     *
     * <pre>{@code
     * SweepModel mlp = SweepModel.of("mlp", List.of(Param.integer("units", 100, 8, 1024)), trial -> ...);
     * }</pre>
     *
     * @param name       letters, digits, {@code . _ $ -}, starting with a letter or {@code _}; at most 200
     * @param parameters the hyperparameters {@code builder} reads ({@code List.of()} for none)
     * @param builder    the network of one trial
     * @throws IllegalArgumentException a bad name, or null parameters or builder
     */
    static SweepModel of(String name, List<Param> parameters, NetworkBuilder builder) {
        return new LambdaModel(name, parameters, builder);
    }

    /**
     * Figures of your own to measure after each trial's last epoch on the validation and test parts,
     * beside accuracy and loss ({@link Metric}: top-3 accuracy, macro F1, ...); none by default. Read
     * once when the sweep is checked, and once per trial on the executor that trains it.
     */
    default List<Metric> metrics() {
        return List.of();
    }
}
