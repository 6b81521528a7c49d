package io.sparksweep.train;

/**
 * Which code path trains a network. Trials always train with {@link #FAST_WHERE_SUPPORTED}; the epoch
 * benchmark also times {@link #DL4J_FIT} on the same network, the baseline the fast steps replace.
 */
public enum StepChoice {
    /** {@link DenseNetStep} or {@link ConvNetStep} where they train the network exactly as fit would; fit elsewhere. */
    FAST_WHERE_SUPPORTED,
    /** DL4J's own {@code MultiLayerNetwork.fit} for every network. */
    DL4J_FIT
}
