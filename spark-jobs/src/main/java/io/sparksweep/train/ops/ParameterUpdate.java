package io.sparksweep.train.ops;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;

import java.io.Serializable;

/**
 * How a fast step turns a minibatch's gradients into new parameters, with the arithmetic of one DL4J
 * updater, for every layer that has parameters (a {@link ConvHead}'s convolutions, then a
 * {@link DenseTail}'s dense layers; layer indices count those layers only). The gradient ops compute
 * {@code target = alpha·Σ_batch + beta·target} (the tail's GEMMs directly, the head's convolutions
 * through an axpy); each update picks the target, alpha and beta so that those ops do as much of
 * the update as they can, then {@link #finish}es it with a few elementwise ops over all parameters.
 *
 * <p>DL4J's order, which every update follows: the summed gradient is divided by the batch size,
 * L2 adds {@code l2·W} to it (L2Regularization applies before the updater), the updater turns it
 * into an update, the parameters lose the update.
 */
public abstract class ParameterUpdate implements AutoCloseable {

    /** Whether this class has an update for the updater (the same one on every parameter). */
    public static boolean supports(IUpdater u) {
        return u != null
                && (u.getClass() == Sgd.class || u.getClass() == ClassicMomentum.class || u.getClass() == Adam.class);
    }

    /**
     * The update for updater {@code u} of {@code params}, the network's flattened parameters, whose
     * views {@code weights} and {@code biases} are, layer by layer in the network's order.
     */
    public static ParameterUpdate of(IUpdater u, INDArray params, INDArray[] weights, INDArray[] biases) {
        if (u.getClass() == Sgd.class) {
            return new FoldedSgd(params, weights, biases, decays(u));
        }
        if (u instanceof ClassicMomentum m) {
            return new FoldedMomentum(m.momentum(), params, weights, biases, decays(u));
        }
        if (u.getClass() == Adam.class) {
            return new BufferedAdam((Adam) u, params, weights, biases);
        }
        throw new IllegalArgumentException("no dense update for " + u);
    }

    /**
     * Whether the updater's learning rate follows a schedule. Such a rate must not be folded into the
     * gradient GEMMs' alpha: nd4j-native's oneDNN build runs those GEMMs as oneDNN matmuls whose alpha
     * is part of the primitive's cache key, so a new alpha every step JIT-compiles a new primitive every
     * step (async-profiler: Xbyak code generation, mprotect and primitive-cache churn; seed 003's tanh
     * momentum net, batch 100, 0.36 s an epoch against 0.28 s for the same net at a constant rate).
     */
    static boolean decays(IUpdater u) {
        return u instanceof Sgd s && s.getLearningRateSchedule() != null
                || u instanceof ClassicMomentum m && m.schedule() != null;
    }

    /** Where layer l's weight gradient GEMM writes. */
    abstract INDArray weightTarget(int l);

    abstract INDArray biasTarget(int l);

    /** The gradient GEMMs' beta (what they keep of their target). */
    abstract double beta();

    /**
     * The gradient GEMMs' alpha for a batch of {@code batch} examples at learning rate {@code lr};
     * independent of {@code lr} when the rate {@link #decays}, so one value serves every step.
     */
    abstract double alpha(int batch, double lr);

    /** Before layer l's gradient GEMMs run; {@code l2} is the layer's L2 coefficient (gradient l2·W), 0 if none. */
    void beforeGradient(int l, double l2, double lr) {}

    /** After layer l's gradient GEMMs ran (the layer's weights may be used: they have not changed). */
    void afterGradient(int l, double l2, double lr) {}

    /** The optimizer's state (velocity, moments) for a checkpoint; null when it keeps none. */
    public Serializable state() {
        return null;
    }

    /** Puts back what {@link #state()} returned. */
    public void restore(Serializable state) {}

    /** After the whole backward pass: applies whatever the gradient ops left to do. {@code iteration} counts from 0. */
    public void finish(double lr, int iteration) {}

    @Override
    public void close() {}
}
