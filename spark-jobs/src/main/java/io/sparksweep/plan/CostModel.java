package io.sparksweep.plan;

import io.sparksweep.space.Hyperparameter;
import io.sparksweep.space.Layers;
import io.sparksweep.space.ModelType;
import io.sparksweep.trial.Config;

/**
 * A trial's size and relative cost, from its configuration alone (no DL4J): weights, and
 * epochs × multiply-adds of one example's forward pass, convolutions included. Only the order of
 * costs matters ("longest first"); the weights also bound what a sweep file may ask for.
 */
public final class CostModel {

    /** MNIST-shaped inputs and outputs; only the ratio between configurations is used. */
    private static final int SIDE = 28;

    private static final int OUTPUTS = 10;
    private static final int KERNEL = 3; // c<filters> is a 3x3 valid convolution

    /** Weights and multiply-adds of one forward pass of one example. */
    public record Size(long weights, long multiplyAdds) {}

    private CostModel() {}

    public static Size size(Config config) {
        long weights = 0;
        long macs = 0;
        long inputs = (long) SIDE * SIDE;
        if (config.model() == ModelType.CNN) {
            long side = SIDE;
            long channels = 1;
            for (Layers.ConvStep step : Layers.conv(config.choice(Hyperparameter.CONV_LAYERS))) {
                if (step.conv()) {
                    side = Math.max(1, side - (KERNEL - 1));
                    weights += step.size() * (channels * KERNEL * KERNEL + 1);
                    macs += side * side * step.size() * channels * KERNEL * KERNEL;
                    channels = step.size();
                } else if (step.pool()) {
                    side = Math.max(1, side / step.size());
                }
            }
            inputs = side * side * channels;
        }
        for (int w : config.hiddenWidths()) {
            weights += inputs * w + w;
            macs += inputs * w;
            inputs = w;
        }
        long outputs = config.model() == ModelType.AUTOENCODER ? (long) SIDE * SIDE : OUTPUTS; // reconstructs its input
        return new Size(weights + inputs * outputs + outputs, macs + inputs * outputs);
    }

    public static long weights(Config config) {
        return size(config).weights();
    }

    public static double expectedCost(Config config) {
        if (config.isUserModel()) {
            // a user's network has no size the driver can compute: trials cost their epochs
            return config.integer(Hyperparameter.EPOCHS);
        }
        return (double) config.integer(Hyperparameter.EPOCHS) * size(config).multiplyAdds();
    }
}
