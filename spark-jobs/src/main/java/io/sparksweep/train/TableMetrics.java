package io.sparksweep.train;

import io.sparksweep.stats.Numbers;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A table model's test metrics on a labelled table, with the row counts behind them: classification
 * accuracy and log loss (mean cross-entropy, probabilities clipped at 1e-7 as the sweep's
 * {@code test_loss}), regression RMSE, MAE and R² in the label's units. Only rows with both a
 * prediction and a usable label count. Built from {@link Sums}, which partitions fill and merge.
 *
 * @param task            {@code classification} or {@code regression}
 * @param rows            the table's rows
 * @param evaluated       rows the metrics are over: scored, with a usable label
 * @param nullPredictions rows the model could not score (a missing value, text where a number belongs)
 * @param missingLabels   scored rows whose label is missing
 * @param badLabels       scored rows whose label is none of the model's classes (regression: not a number)
 * @param accuracy        classification: the share of evaluated rows predicted right; else null
 * @param logLoss         classification: mean -ln p(label), p clipped at 1e-7; else null
 * @param rmse            regression: root mean squared error; else null
 * @param mae             regression: mean absolute error; else null
 * @param r2              regression: 1 - SS_res / SS_tot over the evaluated rows (NaN for a constant label); else null
 */
public record TableMetrics(
        String task,
        long rows,
        long evaluated,
        long nullPredictions,
        long missingLabels,
        long badLabels,
        Double accuracy,
        Double logLoss,
        Double rmse,
        Double mae,
        Double r2)
        implements Serializable {

    /** The probability floor before the log, as training's evaluation (Keras' epsilon). */
    public static final double PROB_FLOOR = 1e-7;

    /**
     * One line for people, e.g. {@code accuracy 0.9125, log loss 0.2301 on 1982 of 2000 rows (18 without
     * a prediction)}.
     */
    public String describe() {
        String values = accuracy != null
                ? "accuracy " + Numbers.metric(accuracy) + ", log loss " + Numbers.metric(logLoss)
                : rmse != null
                        ? "RMSE " + Numbers.metric(rmse) + ", MAE " + Numbers.metric(mae) + ", R² " + Numbers.metric(r2)
                        : "no metrics";
        List<String> left = new ArrayList<>();
        if (nullPredictions > 0) {
            left.add(nullPredictions + " without a prediction");
        }
        if (missingLabels > 0) {
            left.add(missingLabels + " with a missing label");
        }
        if (badLabels > 0) {
            left.add(badLabels
                    + (accuracy != null || "classification".equals(task)
                            ? " with a label that is none of the model's classes"
                            : " with a label that is not a number"));
        }
        return values + " on " + evaluated + " of " + rows + " rows"
                + (left.isEmpty() ? "" : " (" + String.join(", ", left) + ")");
    }

    /** Running sums over rows; mergeable, so each partition fills its own. */
    public static final class Sums implements Serializable {
        private boolean classification; // not final: Kryo (a cluster's spark.serializer) sets fields
        private long rows, evaluated, nullPredictions, missingLabels, badLabels, correct;
        private double logLoss, squared, absolute;
        // the label's mean and sum of squared deviations (Chan et al.'s parallel update)
        private double mean, m2;

        /** @param classification whether the model is a classifier */
        public Sums(boolean classification) {
            this.classification = classification;
        }

        /** A row the model could not score. */
        public void unscored() {
            rows++;
            nullPredictions++;
        }

        /** A scored row whose label is missing. */
        public void missingLabel() {
            rows++;
            missingLabels++;
        }

        /** A scored row whose label is none of the classes, or not a number. */
        public void badLabel() {
            rows++;
            badLabels++;
        }

        /** A classified row: its label's class index and the predicted probabilities. */
        public void classified(int label, double[] p) {
            rows++;
            evaluated++;
            int arg = 0;
            for (int j = 1; j < p.length; j++) {
                if (p[j] > p[arg]) {
                    arg = j;
                }
            }
            if (arg == label) {
                correct++;
            }
            logLoss -= Math.log(Math.max(p[label], PROB_FLOOR));
        }

        /** A regression row: its label and the prediction, both in the label's units. */
        public void predicted(double label, double prediction) {
            rows++;
            evaluated++;
            double e = prediction - label;
            squared += e * e;
            absolute += Math.abs(e);
            double delta = label - mean;
            mean += delta / evaluated;
            m2 += delta * (label - mean);
        }

        /** Adds another partition's sums to these; returns this. */
        public Sums merge(Sums o) {
            long n = evaluated + o.evaluated;
            if (n > 0) {
                double delta = o.mean - mean;
                m2 = m2 + o.m2 + delta * delta * ((double) evaluated * o.evaluated / n);
                mean = mean + delta * o.evaluated / n;
            }
            rows += o.rows;
            evaluated = n;
            nullPredictions += o.nullPredictions;
            missingLabels += o.missingLabels;
            badLabels += o.badLabels;
            correct += o.correct;
            logLoss += o.logLoss;
            squared += o.squared;
            absolute += o.absolute;
            return this;
        }

        /** The metrics; null values where no row was evaluated. */
        public TableMetrics metrics() {
            boolean any = evaluated > 0;
            if (classification) {
                return new TableMetrics(
                        "classification",
                        rows,
                        evaluated,
                        nullPredictions,
                        missingLabels,
                        badLabels,
                        any ? (double) correct / evaluated : null,
                        any ? logLoss / evaluated : null,
                        null,
                        null,
                        null);
            }
            return new TableMetrics(
                    "regression",
                    rows,
                    evaluated,
                    nullPredictions,
                    missingLabels,
                    badLabels,
                    null,
                    null,
                    any ? Math.sqrt(squared / evaluated) : null,
                    any ? absolute / evaluated : null,
                    any ? (m2 > 0 ? 1 - squared / m2 : Double.NaN) : null);
        }
    }
}
