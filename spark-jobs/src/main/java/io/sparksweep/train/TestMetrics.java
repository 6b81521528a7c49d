package io.sparksweep.train;

import io.sparksweep.space.ModelType;
import io.sparksweep.trial.Config;
import io.sparksweep.trial.Metrics;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A network trained elsewhere (the retrained winner, sparksweep's or a user's on the sweep's data)
 * measured as a trial measures itself after an epoch ({@link TrialCurves#evaluate}, through
 * {@link Evaluation} on DL4J's {@code output}): the same
 * metrics under the same column names, so the retrained figures compare with the sweep's.
 */
public final class TestMetrics {

    private TestMetrics() {}

    /**
     * The metrics after an epoch: {@code test_accuracy}, {@code test_loss} and {@code train_accuracy}
     * (first 10 000 training examples) for a classifier, {@code test_loss} (MSE) and {@code test_rmse},
     * {@code test_mae}, {@code test_r2} for a regression, the reconstruction losses for an autoencoder;
     * validation metrics too when {@code data} has a validation part.
     */
    public static Map<String, Double> measure(Net net, Config config, TrainingData data) {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        boolean autoencoder = config.model() == ModelType.AUTOENCODER;
        // a user's network evaluates in the convolutional batch, as its trials do (SweepDataEpochs)
        boolean convolutional = config.isUserModel() || config.model() == ModelType.CNN;
        TrialCurves curves = new TrialCurves();
        try (TrainingStep step = TrainingStep.fit(net)) {
            Evaluation eval = new Evaluation(step, data.features(), Evaluation.batchSize(convolutional));
            curves.evaluate(eval, data, autoencoder ? NoisyTestSet.of(config, data) : null);
        }
        Map<String, Double> out = new LinkedHashMap<>(curves.lastValues());
        if (!curves.trainAcc.isEmpty()) {
            out.put("train_accuracy", last(curves.trainAcc));
        }
        return out;
    }

    /** The metric a sweep of this kind ranks on, test side: test accuracy, RMSE or reconstruction loss. */
    public static String headline(Config config, TrainingData data) {
        return config.model() == ModelType.AUTOENCODER
                ? Metrics.RECONSTRUCTION_LOSS
                : data.regression() ? Metrics.TEST_RMSE : Metrics.TEST_ACCURACY;
    }

    private static double last(List<Double> values) {
        return values.get(values.size() - 1);
    }
}
