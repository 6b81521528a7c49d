package io.sparksweep.api;

import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * A trial's own data (see {@link SuppliesData}): training, optional validation (which the sweep then
 * ranks on) and test iterators.
 *
 * @param train      the training minibatches, in the order the network sees them
 * @param validation held out for selecting configurations; null for none (the sweep ranks on test)
 * @param test       held out for the figures the sweep reports
 * @param regression whether the labels are numbers to predict (RMSE, MAE, R²) rather than one-hot classes
 */
public record TrialData(DataSetIterator train, DataSetIterator validation, DataSetIterator test, boolean regression) {

    /**
     * @throws IllegalArgumentException no training or no test iterator
     */
    public TrialData {
        if (train == null || test == null) {
            throw new IllegalArgumentException("trial data needs a training and a test iterator");
        }
    }

    /** Classification data: one-hot labels. */
    public static TrialData classification(DataSetIterator train, DataSetIterator validation, DataSetIterator test) {
        return new TrialData(train, validation, test, false);
    }

    /** Regression data: numeric labels. */
    public static TrialData regression(DataSetIterator train, DataSetIterator validation, DataSetIterator test) {
        return new TrialData(train, validation, test, true);
    }
}
