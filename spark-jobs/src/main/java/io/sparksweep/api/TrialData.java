package io.sparksweep.api;

import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;

/**
 * A trial's own data (see {@link SuppliesData}): training, optional validation (which the sweep then
 * ranks on) and test iterators, either all {@link DataSetIterator}s (one array of features and one of
 * labels per minibatch, for a {@code MultiLayerNetwork} or a {@code ComputationGraph} of one input and
 * one output) or all {@link MultiDataSetIterator}s ({@link #ofMulti}: for a {@code ComputationGraph},
 * possibly of several inputs and outputs).
 *
 * <p>With MultiDataSetIterators, every minibatch trains through {@code ComputationGraph.fit(MultiDataSet)},
 * so the loss (and the divergence rule, and {@code test_loss}) is DL4J's score of the whole graph: all
 * its outputs' losses summed, with regularization. Accuracy (or a regression's RMSE, MAE and R²) and
 * the model's declared {@link Metric}s are measured on the graph's <em>first</em> output (the first
 * name given to {@code setOutputs}) against the first labels array; further outputs train but are not
 * scored on their own.
 */
public final class TrialData {

    private final DataSetIterator train;
    private final DataSetIterator validation;
    private final DataSetIterator test;
    private final MultiDataSetIterator multiTrain;
    private final MultiDataSetIterator multiValidation;
    private final MultiDataSetIterator multiTest;
    private final boolean regression;

    /**
     * Data as DataSetIterators.
     *
     * @param train      the training minibatches, in the order the network sees them
     * @param validation held out for selecting configurations; null for none (the sweep ranks on test)
     * @param test       held out for the figures the sweep reports
     * @param regression whether the labels are numbers to predict (RMSE, MAE, R²) rather than one-hot classes
     * @throws IllegalArgumentException no training or no test iterator
     */
    public TrialData(DataSetIterator train, DataSetIterator validation, DataSetIterator test, boolean regression) {
        if (train == null || test == null) {
            throw new IllegalArgumentException("trial data needs a training and a test iterator");
        }
        this.train = train;
        this.validation = validation;
        this.test = test;
        this.multiTrain = null;
        this.multiValidation = null;
        this.multiTest = null;
        this.regression = regression;
    }

    private TrialData(
            MultiDataSetIterator train,
            MultiDataSetIterator validation,
            MultiDataSetIterator test,
            boolean regression) {
        if (train == null || test == null) {
            throw new IllegalArgumentException("trial data needs a training and a test iterator");
        }
        this.train = null;
        this.validation = null;
        this.test = null;
        this.multiTrain = train;
        this.multiValidation = validation;
        this.multiTest = test;
        this.regression = regression;
    }

    /**
     * Classification data: one-hot labels.
     *
     * @param train      the training minibatches, in the order the network sees them
     * @param validation held out for selecting configurations; null for none (the sweep ranks on test)
     * @param test       held out for the figures the sweep reports
     * @throws IllegalArgumentException no training or no test iterator
     */
    public static TrialData classification(DataSetIterator train, DataSetIterator validation, DataSetIterator test) {
        return new TrialData(train, validation, test, false);
    }

    /**
     * Regression data: numeric labels.
     *
     * @param train      the training minibatches, in the order the network sees them
     * @param validation held out for selecting configurations; null for none (the sweep ranks on test)
     * @param test       held out for the figures the sweep reports
     * @throws IllegalArgumentException no training or no test iterator
     */
    public static TrialData regression(DataSetIterator train, DataSetIterator validation, DataSetIterator test) {
        return new TrialData(train, validation, test, true);
    }

    /**
     * Classification data as MultiDataSetIterators, for a {@code ComputationGraph} (a
     * {@code MultiLayerNetwork} is refused when the sweep is checked): each minibatch holds one
     * features array per input of the graph and one labels array per output, in the order of its
     * {@code addInputs} and {@code setOutputs}. Accuracy is measured on the first output, whose labels
     * are one-hot.
     *
     * @param train      the training minibatches, in the order the network sees them
     * @param validation held out for selecting configurations; null for none (the sweep ranks on test)
     * @param test       held out for the figures the sweep reports
     * @throws IllegalArgumentException no training or no test iterator
     */
    public static TrialData ofMulti(
            MultiDataSetIterator train, MultiDataSetIterator validation, MultiDataSetIterator test) {
        return new TrialData(train, validation, test, false);
    }

    /**
     * Regression data as MultiDataSetIterators, as {@link #ofMulti}; RMSE, MAE and R² are measured on
     * the first output.
     *
     * @param train      the training minibatches, in the order the network sees them
     * @param validation held out for selecting configurations; null for none (the sweep ranks on test)
     * @param test       held out for the figures the sweep reports
     * @throws IllegalArgumentException no training or no test iterator
     */
    public static TrialData ofMultiRegression(
            MultiDataSetIterator train, MultiDataSetIterator validation, MultiDataSetIterator test) {
        return new TrialData(train, validation, test, true);
    }

    /** The training DataSetIterator; null when the data is MultiDataSetIterators ({@link #isMulti()}). */
    public DataSetIterator train() {
        return train;
    }

    /** The validation DataSetIterator; null without one, or when the data is MultiDataSetIterators. */
    public DataSetIterator validation() {
        return validation;
    }

    /** The test DataSetIterator; null when the data is MultiDataSetIterators. */
    public DataSetIterator test() {
        return test;
    }

    /** The training MultiDataSetIterator; null unless {@link #isMulti()}. */
    public MultiDataSetIterator multiTrain() {
        return multiTrain;
    }

    /** The validation MultiDataSetIterator; null without one, or unless {@link #isMulti()}. */
    public MultiDataSetIterator multiValidation() {
        return multiValidation;
    }

    /** The test MultiDataSetIterator; null unless {@link #isMulti()}. */
    public MultiDataSetIterator multiTest() {
        return multiTest;
    }

    /** Whether the labels are numbers to predict (RMSE, MAE, R²) rather than one-hot classes. */
    public boolean regression() {
        return regression;
    }

    /** Whether the data is MultiDataSetIterators ({@link #ofMulti}, {@link #ofMultiRegression}), not DataSetIterators. */
    public boolean isMulti() {
        return multiTrain != null;
    }

    /** {@code "TrialData[multi, classification, validation]"}: the kind of data, not the iterators. */
    @Override
    public String toString() {
        return "TrialData[" + (isMulti() ? "multi" : "single") + ", "
                + (regression ? "regression" : "classification")
                + (validation != null || multiValidation != null ? ", validation" : "") + "]";
    }
}
