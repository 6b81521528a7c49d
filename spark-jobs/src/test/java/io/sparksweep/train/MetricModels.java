package io.sparksweep.train;

import io.sparksweep.api.Metric;
import io.sparksweep.api.TrialContext;

import org.deeplearning4j.nn.api.NeuralNetwork;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.List;

/** Users' networks of {@link TestModels} and {@link OwnDataModel} that declare metrics of their own. */
public final class MetricModels {

    private MetricModels() {}

    /**
     * The share of examples whose largest output is their label's class, the first largest on a tie:
     * how the built-in test_accuracy counts, so the two must be equal.
     */
    static double accuracy(INDArray labels, INDArray predictions) {
        float[][] y = labels.toFloatMatrix();
        float[][] p = predictions.toFloatMatrix();
        int hits = 0;
        for (int i = 0; i < y.length; i++) {
            if (argMax(y[i]) == argMax(p[i])) {
                hits++;
            }
        }
        return (double) hits / y.length;
    }

    private static int argMax(float[] row) {
        int arg = 0;
        for (int j = 1; j < row.length; j++) {
            if (row[j] > row[arg]) {
                arg = j;
            }
        }
        return arg;
    }

    /** Accuracy again, its complement (lower is better) and DL4J's top-2 accuracy, as the Javadoc writes it. */
    static List<Metric> classification() {
        return List.of(
                Metric.higherIsBetter("acc", MetricModels::accuracy),
                Metric.lowerIsBetter("error_rate", (labels, predictions) -> 1 - accuracy(labels, predictions)),
                Metric.higherIsBetter("top2_accuracy", (labels, predictions) -> {
                    Evaluation e = new Evaluation(null, 2);
                    e.eval(labels, predictions);
                    return e.topNAccuracy();
                }));
    }

    /** A regression's RMSE again, and the mean label: both in the label's units. */
    static List<Metric> regression() {
        return List.of(
                Metric.lowerIsBetter(
                        "root_mse",
                        (labels, predictions) -> Math.sqrt(labels.sub(predictions)
                                .muli(labels.sub(predictions))
                                .meanNumber()
                                .doubleValue())),
                Metric.higherIsBetter(
                        "mean_label",
                        (labels, predictions) -> labels.meanNumber().doubleValue()));
    }

    /** A MultiLayerNetwork on the sweep's data, with {@link #classification()}. */
    public static class Dense extends TestModels.Dense {
        @Override
        public List<Metric> metrics() {
            return classification();
        }
    }

    /** A MultiLayerNetwork on the sweep's data, with {@link #regression()} (set regression: true). */
    public static class RegressionDense extends TestModels.Dense {
        @Override
        public List<Metric> metrics() {
            return regression();
        }
    }

    /** A ComputationGraph on the sweep's data, with {@link #classification()}. */
    public static class Residual extends TestModels.Residual {
        @Override
        public List<Metric> metrics() {
            return classification();
        }
    }

    /** Its own iterators, with {@link #classification()}. */
    public static class OwnData extends OwnDataModel {
        @Override
        public List<Metric> metrics() {
            return classification();
        }
    }

    /** Its own iterators, with {@link #regression()} (set regression: true). */
    public static class OwnDataRegression extends OwnDataModel {
        @Override
        public List<Metric> metrics() {
            return regression();
        }
    }

    /**
     * A metric that throws on a network of 16 units or more (the default), and measures 1 on a narrower
     * one: the same fresh instance builds a trial's network and measures it, so a sweep over units has
     * trials of both kinds.
     */
    public static class Throwing extends TestModels.Dense {
        private int units;

        @Override
        public NeuralNetwork build(TrialContext trial) {
            units = trial.hyperparameters().integer("units");
            return super.build(trial);
        }

        @Override
        public List<Metric> metrics() {
            return List.of(
                    Metric.higherIsBetter("acc", MetricModels::accuracy), Metric.higherIsBetter("boom", (l, p) -> {
                        if (units >= 16) {
                            throw new IllegalStateException("no labels today\nsecond line");
                        }
                        return 1.0;
                    }));
        }
    }

    /** A metric that is not finite on the test part (the validation part has fewer examples). */
    public static class NotFinite extends TestModels.Dense {
        @Override
        public List<Metric> metrics() {
            return List.of(Metric.lowerIsBetter("blowup", (l, p) -> l.rows() >= 100 ? Double.POSITIVE_INFINITY : 1.0));
        }
    }

    /** The same name twice. */
    public static class Duplicate extends TestModels.Dense {
        @Override
        public List<Metric> metrics() {
            return List.of(
                    Metric.higherIsBetter("acc", MetricModels::accuracy),
                    Metric.lowerIsBetter("acc", MetricModels::accuracy));
        }
    }

    /** A name whose column, test_accuracy, sparksweep writes itself. */
    public static class Clashing extends TestModels.Dense {
        @Override
        public List<Metric> metrics() {
            return List.of(Metric.higherIsBetter("accuracy", MetricModels::accuracy));
        }
    }

    /** A name that is not lower snake_case. */
    public static class BadName extends TestModels.Dense {
        @Override
        public List<Metric> metrics() {
            return List.of(Metric.higherIsBetter("Top3", MetricModels::accuracy));
        }
    }

    /** metrics() returns null instead of an empty list. */
    public static class NullList extends TestModels.Dense {
        @Override
        public List<Metric> metrics() {
            return null;
        }
    }

    /** metrics() holds a null entry. */
    public static class NullEntry extends TestModels.Dense {
        @Override
        public List<Metric> metrics() {
            return Arrays.asList(Metric.higherIsBetter("acc", MetricModels::accuracy), null);
        }
    }

    /** A metric without a function. */
    public static class NullFunction extends TestModels.Dense {
        @Override
        public List<Metric> metrics() {
            return List.of(Metric.higherIsBetter("acc", null));
        }
    }

    /** metrics() itself throws. */
    public static class MetricsThrow extends TestModels.Dense {
        @Override
        public List<Metric> metrics() {
            throw new IllegalStateException("metrics unavailable\nsecond line");
        }
    }
}
