package io.sparksweep.space;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code robustness:} block of a sweep file, and the {@code --noise/--levels} of {@code evaluate}:
 * every finished trial is evaluated again on the test set corrupted at each level.
 * {@code salt_and_pepper}: the level is the fraction of input values replaced by a random 0 or 1, in
 * [0, 1]; {@code gaussian}: the standard deviation of noise added to every input value, >= 0. The noise
 * is applied to the network's input as the trial sees it (pixels / 255 with {@code normalize_input}, the
 * default), as training noise is.
 *
 * @param levels in the order given, at least one, no value twice
 */
public record Robustness(NoiseType noise, List<Double> levels) implements Serializable {

    /** More levels than this is a typo, not a curve (each level is one more pass over the test set). */
    public static final int MAX_LEVELS = 1000;

    public Robustness {
        levels = List.copyOf(levels);
    }

    /** Why these levels do not suit this noise, or null when they do. */
    public static String problem(NoiseType noise, List<Double> levels) {
        if (levels.isEmpty()) {
            return "needs at least one level";
        }
        if (levels.size() > MAX_LEVELS) {
            return "at most " + MAX_LEVELS + " levels (got " + levels.size() + ")";
        }
        Set<String> seen = new HashSet<>();
        for (double l : levels) {
            if (!Double.isFinite(l)) {
                return "level " + l + " is not a number";
            }
            if (noise == NoiseType.SALT_AND_PEPPER && (l < 0 || l > 1)) {
                return "a salt-and-pepper level is the fraction of values replaced and must be in [0, 1] (got "
                        + format(l) + ")";
            }
            if (noise == NoiseType.GAUSSIAN && l < 0) {
                return "a gaussian level is a standard deviation and must be >= 0 (got " + format(l) + ")";
            }
            if (!seen.add(canonical(l))) {
                return "level " + format(l) + " is listed twice";
            }
        }
        return null;
    }

    /**
     * Levels as text: {@code start:stop:count} ({@code 0:1:21} = 0, 0.05, ..., 1: count evenly spaced
     * values, both ends included) or a comma list ({@code 0,0.1,0.5}).
     *
     * @throws IllegalArgumentException saying what is wrong, in one line
     */
    public static List<Double> parseLevels(String text) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty()) {
            throw new IllegalArgumentException(
                    "no levels given; write start:stop:count (e.g. 0:1:21) or a comma list (e.g. 0,0.1,0.5)");
        }
        if (t.contains(":")) {
            String[] p = t.split(":", -1);
            if (p.length != 3) {
                throw new IllegalArgumentException("'" + t + "' is not start:stop:count (e.g. 0:1:21)");
            }
            BigDecimal start = decimal(p[0], t), stop = decimal(p[1], t);
            int count;
            try {
                count = Integer.parseInt(p[2].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("count '" + p[2].trim() + "' in '" + t + "' is not a whole number");
            }
            if (count < 1 || count > MAX_LEVELS) {
                throw new IllegalArgumentException(
                        "count in '" + t + "' must be between 1 and " + MAX_LEVELS + " (got " + count + ")");
            }
            if (count == 1 && start.compareTo(stop) != 0) {
                throw new IllegalArgumentException(
                        "'" + t + "': one level cannot span " + start + " to " + stop + "; use a count of 2 or more");
            }
            if (start.compareTo(stop) > 0) {
                throw new IllegalArgumentException("'" + t + "': start " + start + " is above stop " + stop);
            }
            List<Double> levels = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                BigDecimal v = count == 1
                        ? start
                        : start.add(stop.subtract(start)
                                .multiply(BigDecimal.valueOf(i))
                                .divide(BigDecimal.valueOf(count - 1), MathContext.DECIMAL64));
                levels.add(v.round(new MathContext(12)).doubleValue()); // 0:1:21 gives 0.15, not 0.15000000000000002
            }
            return levels;
        }
        List<Double> levels = new ArrayList<>();
        for (String s : t.split(",", -1)) {
            levels.add(decimal(s, t).doubleValue());
        }
        return levels;
    }

    private static BigDecimal decimal(String s, String whole) {
        try {
            return new BigDecimal(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + s.trim() + "' in '" + whole + "' is not a number");
        }
    }

    /** A level as the noise seed and duplicate check see it: 9 significant digits, no trailing zeros ("0.05", "1"). */
    public static String canonical(double level) {
        if (level == 0) {
            return "0";
        }
        return BigDecimal.valueOf(level)
                .round(new MathContext(9))
                .stripTrailingZeros()
                .toPlainString();
    }

    static String format(double level) {
        return canonical(level);
    }

    /** "salt_and_pepper level" or "gaussian std": what the x axis of a robustness curve is. */
    public String axisLabel() {
        return noise == NoiseType.SALT_AND_PEPPER
                ? "salt-and-pepper level (fraction of values replaced)"
                : "gaussian noise std";
    }

    @Override
    public String toString() {
        return noise.key() + " at " + levels.size() + " level(s) "
                + String.format(
                        Locale.ROOT, "%s..%s", canonical(levels.get(0)), canonical(levels.get(levels.size() - 1)));
    }

    /** For the sweep's canonical form. */
    Map<String, Object> canonicalForm() {
        Map<String, Object> m = new TreeMap<>();
        m.put("noise", noise.key());
        m.put("levels", levels);
        return m;
    }
}
