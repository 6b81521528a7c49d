package io.sparksweep.trial;

import java.util.List;

/**
 * Per-epoch metrics beyond the classification test metrics every trial has: validation metrics
 * (with a validation part), regression metrics and an autoencoder's reconstruction losses. Each is stored as {@code <name>} (after the last
 * epoch, null unless OK) and {@code <name>_curve} (per epoch) in {@code trials/}, and summarized
 * over repeats in {@code summary/}.
 */
public final class Metrics {

    public static final String VALIDATION_ACCURACY = "validation_accuracy";
    public static final String VALIDATION_LOSS = "validation_loss";
    public static final String TEST_RMSE = "test_rmse";
    public static final String TEST_MAE = "test_mae";
    public static final String TEST_R2 = "test_r2";
    public static final String VALIDATION_RMSE = "validation_rmse";
    public static final String VALIDATION_MAE = "validation_mae";
    public static final String VALIDATION_R2 = "validation_r2";
    /**
     * An autoencoder's reconstruction binary cross-entropy (mean over pixels and images, Keras'
     * {@code binary_crossentropy}) of the clean test images from the clean test images.
     */
    public static final String RECONSTRUCTION_LOSS = "reconstruction_loss";
    /**
     * The same from the test images corrupted with the trial's training noise (drawn once, at a fixed
     * seed, the same for every trial), against the clean images: Keras' {@code val_loss} of a denoiser.
     */
    public static final String RECONSTRUCTION_LOSS_NOISY = "reconstruction_loss_noisy";
    /** {@link #RECONSTRUCTION_LOSS} on the validation part. */
    public static final String VALIDATION_RECONSTRUCTION_LOSS = "validation_reconstruction_loss";
    /** The classification test metrics, which have their own fields. */
    public static final String TEST_ACCURACY = "test_accuracy";

    /**
     * Robustness (a sweep's {@code robustness:} block): per noise level, not per epoch, measured once
     * after the last epoch of an OK trial on the corrupted test set. Kept in the outcome's metric curves
     * under these names; they are not in {@link #EXTRA} (they have no value "after the last epoch").
     */
    public static final String ROBUSTNESS_LEVELS = "robustness_levels";

    public static final String ROBUSTNESS_ACCURACY = "robustness_accuracy";
    /** Mean over the classes present in the test set of each class's recall (seed 004's "TPR"). */
    public static final String ROBUSTNESS_RECALL = "robustness_recall";

    public static final List<String> ROBUSTNESS = List.of(ROBUSTNESS_LEVELS, ROBUSTNESS_ACCURACY, ROBUSTNESS_RECALL);

    public static final List<String> EXTRA = List.of(
            VALIDATION_ACCURACY,
            VALIDATION_LOSS,
            TEST_RMSE,
            TEST_MAE,
            TEST_R2,
            VALIDATION_RMSE,
            VALIDATION_MAE,
            VALIDATION_R2,
            RECONSTRUCTION_LOSS,
            RECONSTRUCTION_LOSS_NOISY,
            VALIDATION_RECONSTRUCTION_LOSS);

    private Metrics() {}

    /** Lower is better for errors and losses (reconstruction losses too); higher for accuracy and R². */
    public static boolean lowerIsBetter(String metric) {
        return metric.endsWith("_rmse")
                || metric.endsWith("_mae")
                || metric.endsWith("_loss")
                || metric.startsWith(RECONSTRUCTION_LOSS)
                || metric.equals(VALIDATION_RECONSTRUCTION_LOSS);
    }
}
