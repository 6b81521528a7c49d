package io.sparksweep.api;

import org.deeplearning4j.nn.api.NeuralNetwork;

import java.io.Serializable;

/**
 * The network of one trial, as a lambda: the {@link SweepModel#build} of a model made with
 * {@link SweepModel#of}. Serializable, so that the lambda travels to the executors; what it captures
 * must be serializable too (numbers, strings, lists of them), which {@link Sweeps#model(SweepModel)}
 * checks before anything runs.
 *
 * <pre>{@code
 * NetworkBuilder mlp = trial -> new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
 *         .seed(trial.seed())
 *         .updater(new Adam(trial.hyperparameters().real("learning_rate")))
 *         .list()
 *         .layer(new DenseLayer.Builder().nIn(trial.shape().features()).nOut(100)
 *                 .activation(Activation.RELU).build())
 *         .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(trial.shape().classes())
 *                 .activation(Activation.SOFTMAX).build())
 *         .build());
 * }</pre>
 */
@FunctionalInterface
public interface NetworkBuilder extends Serializable {

    /**
     * The network of one trial, not yet initialized, as {@link SweepModel#build} says: built from
     * {@code trial.hyperparameters()} and seeded with {@code trial.seed()}.
     */
    NeuralNetwork build(TrialContext trial);
}
