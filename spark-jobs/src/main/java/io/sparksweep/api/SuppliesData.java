package io.sparksweep.api;

/**
 * A {@link SweepModel} that brings its own data, as DL4J iterators, instead of the sweep's
 * {@code dataset:} block: sequences, several inputs, a format sparksweep does not read.
 * {@code DataSetIterator}s feed a {@code MultiLayerNetwork} or a graph of one input and one output;
 * {@code MultiDataSetIterator}s ({@link TrialData#ofMulti}) feed a {@code ComputationGraph} of any
 * number of inputs and outputs.
 */
public interface SuppliesData {

    /**
     * The trial's data. Called once per trial on the executor that trains it; the iterators are reset
     * before every epoch, so they must support {@code reset()}. Use {@code trial.seed()} for any
     * shuffling, so that a repeat is reproducible. {@code sparksweep retrain} calls it once on the
     * driver, for the winner trial, and reads every training and validation minibatch there before
     * sending them to the executors: the driver then holds all of them at once.
     */
    TrialData data(TrialContext trial);
}
