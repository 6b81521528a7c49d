package io.sparksweep.train;

import io.sparksweep.api.TrialData;
import io.sparksweep.trial.Metrics;

import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.evaluation.regression.RegressionEvaluation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * What is measured after each epoch of a network on its own iterators, through DL4J's evaluations,
 * under the metric names the built-in trials use (so ranking and early stopping read them alike): a
 * classifier's accuracy and loss (the mean of DL4J's score over the examples, regularization included),
 * a regression's MSE (its test_loss), RMSE, MAE and R² (averaged over its outputs).
 */
final class IteratorMetrics {

    private IteratorMetrics() {}

    /** Adds the epoch's test (and validation) figures to the curves; false if the test loss is not finite. */
    static boolean add(TrialCurves curves, Net net, TrialData data) {
        return data.regression() ? addRegression(curves, net, data) : addClassification(curves, net, data);
    }

    private static boolean addClassification(TrialCurves curves, Net net, TrialData data) {
        double testLoss = meanScore(net, data.test());
        curves.testAcc.add(accuracy(net, data.test()));
        curves.testLoss.add(testLoss);
        if (data.validation() != null) {
            curves.add(Metrics.VALIDATION_ACCURACY, accuracy(net, data.validation()));
            curves.add(Metrics.VALIDATION_LOSS, meanScore(net, data.validation()));
        }
        return Double.isFinite(testLoss);
    }

    private static boolean addRegression(TrialCurves curves, Net net, TrialData data) {
        RegressionEvaluation test = regression(net, data.test());
        double mse = test.averageMeanSquaredError();
        curves.testLoss.add(mse);
        curves.add(Metrics.TEST_RMSE, test.averagerootMeanSquaredError());
        curves.add(Metrics.TEST_MAE, test.averageMeanAbsoluteError());
        curves.add(Metrics.TEST_R2, test.averageRSquared());
        if (data.validation() != null) {
            RegressionEvaluation v = regression(net, data.validation());
            curves.add(Metrics.VALIDATION_RMSE, v.averagerootMeanSquaredError());
            curves.add(Metrics.VALIDATION_MAE, v.averageMeanAbsoluteError());
            curves.add(Metrics.VALIDATION_R2, v.averageRSquared());
        }
        return Double.isFinite(mse);
    }

    private static double accuracy(Net net, DataSetIterator it) {
        it.reset();
        return net.evaluate(it, new Evaluation()).accuracy();
    }

    private static RegressionEvaluation regression(Net net, DataSetIterator it) {
        it.reset();
        return net.evaluate(it, new RegressionEvaluation());
    }

    /** DL4J's score in inference mode, averaged over the examples (a short last minibatch weighs less). */
    private static double meanScore(Net net, DataSetIterator it) {
        it.reset();
        double sum = 0;
        long examples = 0;
        while (it.hasNext()) {
            DataSet batch = it.next();
            int n = batch.numExamples();
            sum += net.score(batch) * n;
            examples += n;
        }
        return examples == 0 ? Double.NaN : sum / examples;
    }
}
