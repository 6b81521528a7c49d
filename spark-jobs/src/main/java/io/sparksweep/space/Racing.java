package io.sparksweep.space;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code repeats: {min: 3, max: 12, alpha: 0.05}}: racing. Every configuration first gets {@code min}
 * repeats; one whose mean is significantly worse than the leader's (one-sided Welch t-tests, Holm
 * across the challengers, at level {@code alpha}) gets no more; the leader and the configurations still
 * tied with it get more repeats, up to {@code max}. A plain {@code repeats: n} is no racing (null).
 *
 * <p>{@code paired: true} (common random numbers): a trial's seed comes from the sweep seed and the
 * repeat only, so repeat r of every configuration shares its data order and noise draws (and, for
 * equal shapes, its initial weights), and the test is a one-sided paired t-test over the repeats both
 * configurations have finished.
 *
 * @param min    repeats every configuration gets before it can be eliminated, at least 2
 * @param max    the most repeats any configuration gets; the sweep's {@code repeats}
 * @param alpha  the family-wise error rate of each round of tests, in (0, 0.5]
 * @param paired whether trials are seeded by repeat and tested pairwise by repeat
 */
public record Racing(int min, int max, double alpha, boolean paired) {

    /** The level when the file does not set {@code alpha}. */
    public static final double DEFAULT_ALPHA = 0.05;

    public Racing {
        if (min < 2 || max < min || !(alpha > 0 && alpha <= 0.5)) {
            throw new IllegalArgumentException("racing needs 2 <= min <= max and 0 < alpha <= 0.5 (got min " + min
                    + ", max " + max + ", alpha " + alpha + ")");
        }
    }

    /** Racing with independent trial seeds and Welch's test (not paired). */
    public Racing(int min, int max, double alpha) {
        this(min, max, alpha, false);
    }

    /**
     * What the sweep's hash covers; {@code repeats} holds {@code max}. {@code paired} only when true, so
     * that sweeps written before it existed keep their hash and resume.
     */
    Map<String, Object> canonical() {
        Map<String, Object> canon = new LinkedHashMap<>();
        canon.put("min", min);
        canon.put("max", max);
        canon.put("alpha", alpha);
        if (paired) {
            canon.put("paired", true);
        }
        return canon;
    }

    /** "3-12 repeats (racing, alpha 0.05)", with ", paired" when paired, for the console. */
    public String describe() {
        return String.format(
                Locale.ROOT, "%d-%d repeats (racing, alpha %s%s)", min, max, alpha, paired ? ", paired" : "");
    }
}
