package io.sparksweep.train;

import io.sparksweep.trial.Metrics;

import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.evaluation.regression.RegressionEvaluation;

/**
 * What is measured after each epoch of a network on its own iterators, through DL4J's evaluations,
 * under the metric names the built-in trials use (so ranking and early stopping read them alike): a
 * classifier's accuracy and loss (the mean of DL4J's score over the examples, regularization included),
 * a regression's MSE (its test_loss), RMSE, MAE and R² (averaged over its outputs). For
 * MultiDataSetIterators, accuracy and the regression figures are the graph's first output's, while
 * the loss is the whole graph's score ({@link OwnData}).
 */
final class IteratorMetrics {

    private IteratorMetrics() {}

    /** Adds the epoch's test (and validation) figures to the curves; false if the test loss is not finite. */
    static boolean add(TrialCurves curves, OwnData data) {
        return data.regression() ? addRegression(curves, data) : addClassification(curves, data);
    }

    private static boolean addClassification(TrialCurves curves, OwnData data) {
        double testLoss = data.test().meanScore();
        curves.testAcc.add(accuracy(data.test()));
        curves.testLoss.add(testLoss);
        if (data.validation() != null) {
            curves.add(Metrics.VALIDATION_ACCURACY, accuracy(data.validation()));
            curves.add(Metrics.VALIDATION_LOSS, data.validation().meanScore());
        }
        return Double.isFinite(testLoss);
    }

    private static boolean addRegression(TrialCurves curves, OwnData data) {
        RegressionEvaluation test = data.test().evaluate(new RegressionEvaluation());
        double mse = test.averageMeanSquaredError();
        curves.testLoss.add(mse);
        curves.add(Metrics.TEST_RMSE, test.averagerootMeanSquaredError());
        curves.add(Metrics.TEST_MAE, test.averageMeanAbsoluteError());
        curves.add(Metrics.TEST_R2, test.averageRSquared());
        if (data.validation() != null) {
            RegressionEvaluation v = data.validation().evaluate(new RegressionEvaluation());
            curves.add(Metrics.VALIDATION_RMSE, v.averagerootMeanSquaredError());
            curves.add(Metrics.VALIDATION_MAE, v.averageMeanAbsoluteError());
            curves.add(Metrics.VALIDATION_R2, v.averageRSquared());
        }
        return Double.isFinite(mse);
    }

    private static double accuracy(OwnData.Part part) {
        return part.evaluate(new Evaluation()).accuracy();
    }
}
