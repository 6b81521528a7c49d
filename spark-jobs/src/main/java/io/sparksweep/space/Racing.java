package io.sparksweep.space;

import java.util.Locale;
import java.util.Map;

/**
 * {@code repeats: {min: 3, max: 12, alpha: 0.05}}: racing. Every configuration first gets {@code min}
 * repeats; one whose mean is significantly worse than the leader's (one-sided Welch t-tests, Holm
 * across the challengers, at level {@code alpha}) gets no more; the leader and the configurations still
 * tied with it get more repeats, up to {@code max}. A plain {@code repeats: n} is no racing (null).
 *
 * @param min   repeats every configuration gets before it can be eliminated, at least 2
 * @param max   the most repeats any configuration gets; the sweep's {@code repeats}
 * @param alpha the family-wise error rate of each round of tests, in (0, 0.5]
 */
public record Racing(int min, int max, double alpha) {

    /** The level when the file does not set {@code alpha}. */
    public static final double DEFAULT_ALPHA = 0.05;

    public Racing {
        if (min < 2 || max < min || !(alpha > 0 && alpha <= 0.5)) {
            throw new IllegalArgumentException("racing needs 2 <= min <= max and 0 < alpha <= 0.5 (got min " + min
                    + ", max " + max + ", alpha " + alpha + ")");
        }
    }

    /** What the sweep's hash covers; {@code repeats} holds {@code max}. */
    Map<String, Object> canonical() {
        return Map.of("min", min, "max", max, "alpha", alpha);
    }

    /** "3-12 repeats (racing, alpha 0.05)", for the console. */
    public String describe() {
        return String.format(Locale.ROOT, "%d-%d repeats (racing, alpha %s)", min, max, alpha);
    }
}
