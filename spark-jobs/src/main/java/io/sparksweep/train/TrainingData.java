package io.sparksweep.train;

import io.sparksweep.data.Examples;
import io.sparksweep.data.ImageDataset;
import io.sparksweep.data.TableDataset;
import io.sparksweep.util.Shuffle;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * What a trial trains and evaluates on, whatever the source: images (rows × cols pixels, scaled
 * per the configuration) or an encoded table (1 × features). {@code numClasses} is 0 for regression.
 *
 * @param validation null without a validation part
 * @param targetMean regression targets are trained on as (y - mean) / std; metrics are in y's units
 */
public record TrainingData(
        int rows,
        int cols,
        int numClasses,
        Examples train,
        Examples validation,
        Examples test,
        double targetMean,
        double targetStd) {

    public int features() {
        return rows * cols;
    }

    public boolean regression() {
        return numClasses == 0;
    }

    /** The output layer's width: one per class, or the single regression output. */
    public int outputs() {
        return regression() ? 1 : numClasses;
    }

    public static TrainingData of(TableDataset t) {
        return new TrainingData(
                1, t.features(), t.numClasses(), t.train(), t.validation(), t.test(), t.targetMean(), t.targetStd());
    }

    /**
     * An image dataset's pixels (scaled once per JVM) and labels; with {@code validationFraction},
     * that share of the training images, drawn with {@code splitSeed} (the sweep's seed: every trial
     * holds out the same images), becomes the validation part.
     */
    public static TrainingData of(ImageDataset d, boolean normalize, Double validationFraction, long splitSeed) {
        float[] trainX = ScaledPixels.of(d.trainImages(), normalize);
        int[] trainY = classes(d.trainLabels());
        Examples train = new Examples(trainX, trainY, null, Examples.all(d.trainSize()));
        Examples validation = null;
        if (validationFraction != null) {
            int[] order = Examples.all(d.trainSize());
            SplittableRandom rng = new SplittableRandom(splitSeed);
            Shuffle.ints(order, rng);
            int nVal = Math.max(1, (int) Math.round(order.length * validationFraction));
            int[] valRows = Arrays.copyOf(order, nVal);
            int[] trainRows = Arrays.copyOfRange(order, nVal, order.length);
            Arrays.sort(valRows);
            Arrays.sort(trainRows);
            train = new Examples(trainX, trainY, null, trainRows);
            validation = new Examples(trainX, trainY, null, valRows);
        }
        Examples test = new Examples(
                ScaledPixels.of(d.testImages(), normalize), classes(d.testLabels()), null, Examples.all(d.testSize()));
        return new TrainingData(d.rows(), d.cols(), d.numClasses(), train, validation, test, 0, 1);
    }

    private static int[] classes(byte[] labels) {
        int[] out = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            out[i] = labels[i] & 0xFF;
        }
        return out;
    }
}
