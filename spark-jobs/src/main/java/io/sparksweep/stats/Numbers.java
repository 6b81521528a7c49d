package io.sparksweep.stats;

import io.sparksweep.space.Hyperparameter;
import io.sparksweep.trial.Config;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.StringJoiner;

/**
 * Numbers for people: at most 4 significant digits wherever a value is shown (console, table,
 * legends, axes). Parquet keeps the full precision; only the text shown is rounded.
 */
public final class Numbers {

    private static final MathContext FOUR = new MathContext(4, RoundingMode.HALF_EVEN);

    private Numbers() {}

    /** 0.4970894123457315 -> "0.4971", 0.0010729502924218192 -> "0.001073", 1.5e-6 -> "1.5e-6", 195 -> "195". */
    public static String sig4(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return String.valueOf(v);
        }
        if (v == 0) {
            return "0";
        }
        BigDecimal d = new BigDecimal(v).round(FOUR).stripTrailingZeros();
        double a = Math.abs(d.doubleValue());
        if (a >= 1e-4 && a < 1e5) {
            return d.toPlainString();
        }
        // very small or large: mantissa and exponent ("1.073e-5"), shorter than a row of zeros
        String s = d.toString().replace("E", "e").replace("e+", "e");
        return s;
    }

    /**
     * A metric (accuracy, loss, std, an interval's end): 4 significant digits with trailing zeros
     * kept, so that a column of them lines up and 0.9050 reads as measured to 4 digits: 0.9050, 0.002000.
     */
    public static String metric(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v) || v == 0) {
            return v == 0 ? "0" : String.valueOf(v);
        }
        BigDecimal d = new BigDecimal(v).round(FOUR);
        int scale = 4 - (d.precision() - d.scale()); // exact values (1.0) have fewer digits: pad them
        if (scale > d.scale()) {
            d = d.setScale(scale);
        }
        double a = Math.abs(d.doubleValue());
        return a >= 1e-4 && a < 1e5 ? d.toPlainString() : sig4(v);
    }

    /** A hyperparameter's value as shown: numbers rounded to 4 significant digits, text as it is. */
    public static String value(Object v) {
        if (v instanceof Double || v instanceof Float) {
            return sig4(((Number) v).doubleValue());
        }
        return String.valueOf(v);
    }

    /** "learning_rate=0.4971 width=195" with rounded numbers; the configuration's id when nothing is searched. */
    public static String describe(Config c, Iterable<Hyperparameter> searched) {
        StringJoiner j = new StringJoiner(" ");
        for (Hyperparameter h : searched) {
            j.add(h.key() + "=" + value(c.get(h)));
        }
        return j.toString();
    }

    /** "0.9734 ± 0.0008", "0.9734" (one repeat) or "—" (none). */
    public static String meanStd(MetricSummary m, String none) {
        if (m.mean() == null) {
            return none;
        }
        return metric(m.mean()) + (m.std() == null ? "" : " ± " + metric(m.std()));
    }
}
