package io.sparksweep.train;

import io.sparksweep.data.Examples;

/**
 * Measures a network on a part of the data through its training step's forward ops, without dropout
 * or input noise, in batches of a fixed size: a classifier's accuracy and cross-entropy (and each
 * example's prediction, for {@link NoisyEvaluation}), an autoencoder's reconstruction loss, a
 * regression's errors. Reuses its input arrays and frees each output at once (the launcher turns
 * JavaCPP's GC-driven deallocation off because it is slow, so nothing here may rely on it).
 */
final class Evaluation {

    /** Keras clips probabilities at 1e-7 before the log; so do we, so the losses compare. */
    private static final double PROB_FLOOR = 1e-7;

    private static final int DENSE_BATCH = 2_000;
    /** A convolutional network's activations per example are ~100x a dense one's: smaller batches. */
    private static final int CONV_BATCH = 250;

    /** Accuracy and mean cross-entropy of a classifier on a part. */
    record Classification(double accuracy, double loss) {}

    /** Mean squared error, its root, mean absolute error and R², in the label's units. */
    record Regression(double mse, double rmse, double mae, double r2) {}

    /** One classified example: its label, the predicted class, and its probabilities at p[offset..offset+k). */
    interface Classified {
        void accept(int label, int predicted, float[] p, int offset);
    }

    private final TrainingStep step;
    private final int f;
    private final int batch;

    /** @param f the network's inputs per example; @param batch examples per forward pass */
    Evaluation(TrainingStep step, int f, int batch) {
        this.step = step;
        this.f = f;
        this.batch = batch;
    }

    /** The evaluation batch of a trial's network; stored-model evaluation uses the same, so its numbers match. */
    static int batchSize(boolean convolutional) {
        return convolutional ? CONV_BATCH : DENSE_BATCH;
    }

    int features() {
        return f;
    }

    /** Accuracy and mean cross-entropy of the first {@code count} examples of a part, over {@code k} classes. */
    Classification classification(Examples e, int count, int k) {
        long[] correct = {0};
        double[] loss = {0};
        classify(e, count, k, (label, predicted, p, offset) -> {
            if (predicted == label) {
                correct[0]++;
            }
            loss[0] -= Math.log(Math.max(p[offset + label], PROB_FLOOR));
        });
        return new Classification((double) correct[0] / count, loss[0] / count);
    }

    /** Runs the first {@code count} examples of a part through the network, each with its predicted class. */
    void classify(Examples e, int count, int k, Classified each) {
        try (Batches batches = new Batches(count, batch, f, k, false)) {
            for (int start = 0; start < count; start += batch) {
                Batch b = batches.at(start);
                b.fill(e, e.rows(), start, 0, 1);
                float[] p = step.probabilities(b.features, b.labels);
                for (int r = 0; r < b.size; r++) {
                    int arg = 0;
                    for (int j = 1; j < k; j++) {
                        if (p[r * k + j] > p[r * k + arg]) {
                            arg = j;
                        }
                    }
                    each.accept(e.classes()[e.rows()[start + r]], arg, p, r * k);
                }
            }
        }
    }

    /**
     * The network's outputs for every example of a part, {@code k} per example, row after row (a
     * regression's standardized, as it was trained on them).
     */
    float[] outputs(Examples e, int k, double mean, double std) {
        int count = e.size();
        float[] out = new float[count * k];
        try (Batches batches = new Batches(count, batch, f, k, false)) {
            for (int start = 0; start < count; start += batch) {
                Batch b = batches.at(start);
                b.fill(e, e.rows(), start, mean, std);
                float[] p = step.probabilities(b.features, b.labels);
                System.arraycopy(p, 0, out, start * k, b.size * k);
            }
        }
        return out;
    }

    /**
     * Keras' {@code binary_crossentropy} of the network's reconstructions of {@code input} against
     * {@code target} (example i of one is example i of the other): the mean over values and examples of
     * -(y log p + (1 - y) log(1 - p)), p clipped to [1e-7, 1 - 1e-7].
     */
    double reconstructionLoss(Examples input, Examples target) {
        int count = input.size();
        if (target.size() != count) {
            throw new IllegalArgumentException(
                    "input and target parts differ in size: " + count + " and " + target.size());
        }
        float[] y = target.x();
        double loss = 0;
        try (Batches batches = new Batches(count, batch, f, f, true)) {
            for (int start = 0; start < count; start += batch) {
                Batch b = batches.at(start);
                b.fill(input, input.rows(), start, 0, 1);
                float[] p = step.probabilities(b.features, b.labels);
                for (int r = 0; r < b.size; r++) {
                    int base = target.rows()[start + r] * f;
                    double sum = 0;
                    for (int j = 0; j < f; j++) {
                        double q = Math.min(Math.max(p[r * f + j], PROB_FLOOR), 1 - PROB_FLOOR), t = y[base + j];
                        sum -= t * Math.log(q) + (1 - t) * Math.log(1 - q);
                    }
                    loss += sum / f;
                }
            }
        }
        return loss / count;
    }

    /**
     * The errors of a regression on a part whose targets it was trained on as (y - mean) / std; R²
     * against the part's own mean, as scikit-learn's r2_score.
     */
    Regression regression(Examples e, double mean, double std) {
        int count = e.size();
        double[] predicted = new double[count];
        try (Batches batches = new Batches(count, batch, f, 1, false)) {
            for (int start = 0; start < count; start += batch) {
                Batch b = batches.at(start);
                b.fill(e, e.rows(), start, mean, std);
                float[] out = step.probabilities(b.features, b.labels);
                for (int r = 0; r < b.size; r++) {
                    predicted[start + r] = out[r] * std + mean;
                }
            }
        }
        double sum = 0;
        for (int i = 0; i < count; i++) {
            sum += e.targets()[e.rows()[i]];
        }
        double partMean = sum / count, se = 0, ae = 0, ss = 0;
        for (int i = 0; i < count; i++) {
            double y = e.targets()[e.rows()[i]], d = predicted[i] - y;
            se += d * d;
            ae += Math.abs(d);
            ss += (y - partMean) * (y - partMean);
        }
        double mse = se / count;
        return new Regression(mse, Math.sqrt(mse), ae / count, ss > 0 ? 1 - se / ss : Double.NaN);
    }
}
