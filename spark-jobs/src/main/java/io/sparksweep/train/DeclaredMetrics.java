package io.sparksweep.train;

import io.sparksweep.api.Metric;
import io.sparksweep.data.Examples;
import io.sparksweep.space.DeclaredMetric;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures the metrics a user's network declares ({@link Metric}) after its trial's last epoch, on the
 * final network (the one whose accuracy is stored and which {@code models/} keeps): each metric once
 * on the whole validation part, if any, and once on the whole test part, each part's labels and
 * outputs gathered into one array pair (a model's own iterators: {@link OwnData.Part#gather}). A metric that throws or gives a value that is not finite is
 * a {@link Failure} naming it; the trial is then FAILED, not the sweep.
 */
final class DeclaredMetrics {

    private DeclaredMetrics() {}

    /** One part's labels and the network's outputs, one row per example, in the same order. */
    record Part(INDArray labels, INDArray predictions) implements AutoCloseable {
        @Override
        public void close() {
            labels.close();
            predictions.close();
        }
    }

    /** Gathers a part of the data and the network's outputs for it; null for a part the sweep does not have. */
    interface Parts {
        Part of(String part);
    }

    /** A metric that threw or gave NaN or an infinite value: the trial's one-line reason. */
    static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message);
        }
    }

    /**
     * The metrics' values by column ({@code val_<name>}, {@code test_<name>}); empty without metrics
     * (then no part is gathered).
     *
     * @throws Failure the first metric that threw or gave a value that is not finite
     */
    static Map<String, Double> measure(List<Metric> metrics, Parts parts) {
        Map<String, Double> values = new LinkedHashMap<>();
        if (metrics.isEmpty()) {
            return values;
        }
        for (String part : List.of("validation", "test")) {
            String prefix = part.equals("test") ? DeclaredMetric.TEST_PREFIX : DeclaredMetric.VALIDATION_PREFIX;
            try (Part p = parts.of(part)) {
                if (p == null) {
                    continue;
                }
                for (Metric m : metrics) {
                    values.put(prefix + m.name(), value(m, p, part));
                }
            }
        }
        return values;
    }

    private static double value(Metric m, Part p, String part) {
        double v;
        try {
            v = m.compute(p.labels(), p.predictions());
        } catch (Exception | StackOverflowError e) {
            // Exception, not only RuntimeException: a user's code may throw a checked one undeclared
            String message = e.getMessage() == null
                    ? ""
                    : ": " + e.getMessage().lines().findFirst().orElse("");
            throw new Failure("metric " + m.name() + " on the " + part + " part threw "
                    + e.getClass().getSimpleName() + message);
        }
        if (!Double.isFinite(v)) {
            throw new Failure("metric " + m.name() + " on the " + part + " part is " + v);
        }
        return v;
    }

    /**
     * A part of the sweep's dataset: one-hot labels and the softmax outputs of a classifier ({@code
     * outputs} classes), or a regression's target and prediction, both in the label's units (as
     * test_rmse is).
     */
    static Part of(Evaluation eval, Examples e, int outputs, boolean regression, double mean, double std) {
        int n = e.size();
        float[] predicted = eval.outputs(e, outputs, mean, std);
        float[] labels = new float[n * outputs];
        for (int i = 0; i < n; i++) {
            int row = e.rows()[i];
            if (regression) {
                labels[i] = (float) e.targets()[row];
                predicted[i] = (float) (predicted[i] * std + mean);
            } else {
                labels[i * outputs + e.classes()[row]] = 1f;
            }
        }
        return new Part(
                Nd4j.create(labels, new long[] {n, outputs}, DataType.FLOAT),
                Nd4j.create(predicted, new long[] {n, outputs}, DataType.FLOAT));
    }
}
