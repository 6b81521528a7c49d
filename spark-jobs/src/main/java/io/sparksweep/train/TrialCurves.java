package io.sparksweep.train;

import io.sparksweep.data.Examples;
import io.sparksweep.space.Robustness;
import io.sparksweep.trial.Metrics;
import io.sparksweep.trial.TrialOutcome;
import io.sparksweep.trial.TrialStatus;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A trial's per-epoch curves as they accumulate, and what is measured after each epoch: by kind of
 * trial (classification, regression, reconstruction), which figure goes into which curve.
 */
final class TrialCurves {

    /** Training accuracy is measured on this many fixed training examples after each epoch. */
    static final int TRAIN_EVAL_EXAMPLES = 10_000;

    final List<Double> trainLoss = new ArrayList<>();
    final List<Double> trainAcc = new ArrayList<>();
    final List<Double> testAcc = new ArrayList<>();
    final List<Double> testLoss = new ArrayList<>();
    final List<Double> epochSeconds = new ArrayList<>();
    private final Map<String, List<Double>> extra = new TreeMap<>();
    double trainSeconds;
    double evalSeconds;

    /** The curves of a trial continued from a checkpoint. */
    static TrialCurves of(TrialOutcome soFar) {
        TrialCurves c = new TrialCurves();
        c.trainLoss.addAll(soFar.trainLoss());
        c.trainAcc.addAll(soFar.trainAccuracy());
        c.testAcc.addAll(soFar.testAccuracyCurve());
        c.testLoss.addAll(soFar.testLossCurve());
        c.epochSeconds.addAll(soFar.epochSeconds());
        soFar.metricCurves().forEach((k, v) -> c.extra.put(k, new ArrayList<>(v)));
        c.trainSeconds = soFar.trainSeconds();
        c.evalSeconds = soFar.evalSeconds();
        return c;
    }

    void add(String metric, double value) {
        extra.computeIfAbsent(metric, m -> new ArrayList<>()).add(value);
    }

    /**
     * The last value of every curve measured after an epoch, by metric name ({@code test_accuracy},
     * {@code test_loss}, then the others sorted): what the trial's row holds for its final epoch.
     */
    Map<String, Double> lastValues() {
        Map<String, Double> last = new LinkedHashMap<>();
        if (!testAcc.isEmpty()) {
            last.put(Metrics.TEST_ACCURACY, testAcc.get(testAcc.size() - 1));
        }
        if (!testLoss.isEmpty()) {
            last.put("test_loss", testLoss.get(testLoss.size() - 1));
        }
        extra.forEach((metric, values) -> last.put(metric, values.get(values.size() - 1)));
        return last;
    }

    /** The training time of one epoch, or of the part of it before the trial diverged. */
    void addEpochSeconds(double seconds) {
        trainSeconds += seconds;
        epochSeconds.add(seconds);
    }

    /**
     * The metrics after an epoch: an autoencoder's reconstruction losses when {@code noisyTest} is
     * given, else a regression's errors or a classifier's accuracies; false if a test loss is not finite.
     */
    boolean evaluate(Evaluation eval, TrainingData data, Examples noisyTest) {
        return noisyTest != null
                ? addReconstruction(eval, data, noisyTest)
                : data.regression() ? addRegression(eval, data) : addClassification(eval, data);
    }

    /** Train accuracy (first 10 000 training examples), test and validation accuracy and loss; false if the test loss is NaN. */
    private boolean addClassification(Evaluation eval, TrainingData data) {
        int k = data.numClasses();
        trainAcc.add(eval.classification(
                        data.train(), Math.min(TRAIN_EVAL_EXAMPLES, data.train().size()), k)
                .accuracy());
        Evaluation.Classification test =
                eval.classification(data.test(), data.test().size(), k);
        testAcc.add(test.accuracy());
        testLoss.add(test.loss());
        if (data.validation() != null) {
            Evaluation.Classification v =
                    eval.classification(data.validation(), data.validation().size(), k);
            add(Metrics.VALIDATION_ACCURACY, v.accuracy());
            add(Metrics.VALIDATION_LOSS, v.loss());
        }
        return !Double.isNaN(test.loss());
    }

    /**
     * An autoencoder's reconstruction losses: from the clean test images, from the noisy ones (also its
     * test_loss, the training objective on the test part) and from the clean validation images; false
     * if a test loss is not finite. Without input noise the noisy test images are the clean ones.
     */
    private boolean addReconstruction(Evaluation eval, TrainingData data, Examples noisyTest) {
        double clean = eval.reconstructionLoss(data.test(), data.test());
        double noisy = noisyTest == data.test() ? clean : eval.reconstructionLoss(noisyTest, data.test());
        testLoss.add(noisy);
        add(Metrics.RECONSTRUCTION_LOSS, clean);
        add(Metrics.RECONSTRUCTION_LOSS_NOISY, noisy);
        if (data.validation() != null) {
            add(Metrics.VALIDATION_RECONSTRUCTION_LOSS, eval.reconstructionLoss(data.validation(), data.validation()));
        }
        return Double.isFinite(clean) && Double.isFinite(noisy);
    }

    /** Test (and validation) MSE, RMSE, MAE and R², in the label's units; false if they are not finite. */
    private boolean addRegression(Evaluation eval, TrainingData data) {
        Evaluation.Regression test = eval.regression(data.test(), data.targetMean(), data.targetStd());
        testLoss.add(test.mse());
        add(Metrics.TEST_RMSE, test.rmse());
        add(Metrics.TEST_MAE, test.mae());
        add(Metrics.TEST_R2, test.r2());
        if (data.validation() != null) {
            Evaluation.Regression v = eval.regression(data.validation(), data.targetMean(), data.targetStd());
            add(Metrics.VALIDATION_RMSE, v.rmse());
            add(Metrics.VALIDATION_MAE, v.mae());
            add(Metrics.VALIDATION_R2, v.r2());
        }
        return Double.isFinite(test.mse());
    }

    /** The robustness curves ({@link NoisyEvaluation}) of a classifier after its last epoch. */
    void addRobustness(Evaluation eval, TrainingData data, Robustness robustness) {
        for (NoisyEvaluation.Level l : NoisyEvaluation.curves(eval, data.test(), data.numClasses(), robustness)) {
            add(Metrics.ROBUSTNESS_LEVELS, l.level());
            add(Metrics.ROBUSTNESS_ACCURACY, l.accuracy());
            add(Metrics.ROBUSTNESS_RECALL, l.meanRecall());
        }
    }

    TrialOutcome outcome(
            TrialStatus status,
            String message,
            Double testAccuracy,
            Double finalTestLoss,
            Double best,
            MultiLayerNetwork net,
            TrainingStep step) {
        return outcome(status, message, testAccuracy, finalTestLoss, best, net.numParams(), step.name());
    }

    /** The outcome of a network of {@code nParams} parameters trained by {@code trainer} (the trials' column). */
    TrialOutcome outcome(
            TrialStatus status,
            String message,
            Double testAccuracy,
            Double finalTestLoss,
            Double best,
            long nParams,
            String trainer) {
        return new TrialOutcome(
                status,
                message,
                testAccuracy,
                finalTestLoss,
                best,
                trainLoss,
                trainAcc,
                testAcc,
                testLoss,
                epochSeconds,
                trainSeconds,
                evalSeconds,
                nParams,
                trainer,
                extra);
    }
}
