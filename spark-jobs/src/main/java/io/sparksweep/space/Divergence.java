package io.sparksweep.space;

import java.io.Serializable;
import java.math.BigDecimal;

/**
 * The {@code divergence:} setting of a sweep file: a trial whose minibatch loss rises above
 * {@code factor} times the untrained network's loss stops as DIVERGED. A loss that is NaN or infinite
 * ends a trial whatever the setting; {@link #OFF} keeps only that rule.
 *
 * @param factor above 1; {@link Double#POSITIVE_INFINITY} for {@code off}
 */
public record Divergence(double factor) implements Serializable {

    /**
     * 5, the rule before the setting existed. DL4J clips probabilities, so a blown-up network rarely
     * reaches NaN: measured on MNIST (784-100-10, SGD, one epoch) the worst step loss is 1.2x the first
     * at lr 1, 6.7x at lr 2 (ends at 31 % accuracy) and 9x at lr 10 to 1e5 (chance accuracy, finite loss).
     */
    public static final Divergence DEFAULT = new Divergence(5.0);

    /** Only a NaN or infinite loss is divergence. */
    public static final Divergence OFF = new Divergence(Double.POSITIVE_INFINITY);

    /** @throws IllegalArgumentException for a factor of 1 or less, or NaN */
    public Divergence {
        if (!(factor > 1)) {
            throw new IllegalArgumentException("a divergence factor must be above 1 (got " + factor + ")");
        }
    }

    /** Whether only non-finite losses count. */
    public boolean isOff() {
        return factor == Double.POSITIVE_INFINITY;
    }

    /** As a sweep file writes it: {@code 5}, {@code 2.5} or {@code off}. */
    @Override
    public String toString() {
        return isOff() ? "off" : BigDecimal.valueOf(factor).stripTrailingZeros().toPlainString();
    }

    /** For the sweep's canonical form: the factor, or "off". */
    Object canonical() {
        return isOff() ? "off" : factor;
    }
}
