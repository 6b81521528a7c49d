package io.sparksweep.api;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Objects;
import java.util.function.ToDoubleBiFunction;
import java.util.regex.Pattern;

/**
 * A figure of your own that sparksweep measures on every trial of a {@link SweepModel}, beside its
 * accuracy and loss: a name, whether higher is better, and a function of a whole part of the data.
 * Declare them in {@link SweepModel#metrics()}.
 *
 * <p>After a trial's last epoch, the function is called once on the validation part (when the sweep
 * has one) and once on the test part, each time with the labels and the network's outputs of every
 * example of that part: {@code labels} and {@code predictions} have one row per example, in the same
 * order (one-hot labels and softmax probabilities for a classifier, the target in the label's units
 * for a regression; for a model with its own iterators, the arrays its iterators and its network
 * give, concatenated along the first dimension; with MultiDataSetIterators, the first labels array
 * and the graph's first output). They are exactly what DL4J's evaluations take, so a
 * metric is often one of them:
 *
 * <pre>{@code
 * public List<Metric> metrics() {
 *     return List.of(
 *             Metric.higherIsBetter("top3_accuracy", (labels, predictions) -> {
 *                 Evaluation e = new Evaluation(null, 3); // org.nd4j.evaluation.classification.Evaluation
 *                 e.eval(labels, predictions);
 *                 return e.topNAccuracy();
 *             }),
 *             Metric.higherIsBetter("macro_f1", (labels, predictions) -> {
 *                 Evaluation e = new Evaluation();
 *                 e.eval(labels, predictions);
 *                 return e.f1(EvaluationAveraging.Macro);
 *             }));
 * }
 * }</pre>
 *
 * <p>The values are stored as {@code val_<name>} and {@code test_<name>} in {@code trials/}, with their
 * mean, standard deviation and confidence interval over a configuration's repeats in {@code summary/};
 * the ranked table and the report show them. They do not change the ranking. A function that throws,
 * or returns NaN or an infinite value, fails that trial (a {@code FAILED} row naming the metric), not
 * the sweep.
 *
 * <p>Names are lower case letters, digits and underscores, starting with a letter, at most 40
 * characters, as {@link Param}'s; a name used twice, or whose column is one sparksweep already writes
 * ({@code accuracy}, {@code loss}, {@code rmse}, ...), refuses the sweep before it runs.
 */
public final class Metric {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,39}");

    private final String name;
    private final boolean higherIsBetter;
    private final ToDoubleBiFunction<INDArray, INDArray> function;

    private Metric(String name, boolean higherIsBetter, ToDoubleBiFunction<INDArray, INDArray> function) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("metric name '" + name
                    + "': use lower case letters, digits and underscores, starting with a letter (at most 40)");
        }
        this.name = name;
        this.higherIsBetter = higherIsBetter;
        this.function = Objects.requireNonNull(function, () -> "metric '" + name + "': its function is null");
    }

    /**
     * A metric whose larger values are better, such as an accuracy or an F1 score.
     *
     * @param name     its name: columns {@code val_<name>} and {@code test_<name>}
     * @param function {@code (labels, predictions) -> value} over a whole part, one row per example
     * @throws IllegalArgumentException a bad name
     * @throws NullPointerException     a null function
     */
    public static Metric higherIsBetter(String name, ToDoubleBiFunction<INDArray, INDArray> function) {
        return new Metric(name, true, function);
    }

    /**
     * A metric whose smaller values are better, such as an error or a calibration loss.
     *
     * @param name     its name: columns {@code val_<name>} and {@code test_<name>}
     * @param function {@code (labels, predictions) -> value} over a whole part, one row per example
     * @throws IllegalArgumentException a bad name
     * @throws NullPointerException     a null function
     */
    public static Metric lowerIsBetter(String name, ToDoubleBiFunction<INDArray, INDArray> function) {
        return new Metric(name, false, function);
    }

    /** Its name, the suffix of its columns. */
    public String name() {
        return name;
    }

    /** True when larger values are better; the report and the ranked table say which way it points. */
    public boolean isHigherBetter() {
        return higherIsBetter;
    }

    /**
     * The metric of one part of the data.
     *
     * @param labels      the part's labels, one row per example
     * @param predictions the network's outputs for the same examples, in the same order
     * @return the value; NaN or an infinite value fails the trial
     */
    public double compute(INDArray labels, INDArray predictions) {
        return function.applyAsDouble(labels, predictions);
    }

    /** {@code "macro_f1 (higher is better)"}. */
    @Override
    public String toString() {
        return name + " (" + (higherIsBetter ? "higher" : "lower") + " is better)";
    }
}
