package io.sparksweep.stats;

import io.sparksweep.space.ParameterKey;
import io.sparksweep.trial.Config;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.StringJoiner;

/**
 * Numbers for people: at most 4 significant digits wherever a value is shown (console, table,
 * legends, axes); values under 1e-3 or from 1e5 up in scientific notation ({@code 1.086e-6}); a
 * spread (a standard deviation, an interval's half-width) to 2 significant digits with the value it
 * qualifies rounded to the same decimal place ({@code 0.8925 ± 0.0092}). Parquet keeps the full
 * precision; only the text shown is rounded.
 */
public final class Numbers {

    private static final MathContext FOUR = new MathContext(4, RoundingMode.HALF_EVEN);
    private static final MathContext TWO = new MathContext(2, RoundingMode.HALF_EVEN);
    /** Below this magnitude a number is shown in scientific notation (no run of zeros after the point). */
    private static final double SMALL = 1e-3;
    /** From this magnitude up a number is shown in scientific notation. */
    private static final double LARGE = 1e5;

    private Numbers() {}

    /** 0.4970894123457315 -> "0.4971", 0.0010729502924218192 -> "0.001073", 1.086e-6 -> "1.086e-6", 195 -> "195". */
    public static String sig4(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return String.valueOf(v);
        }
        if (v == 0) {
            return "0";
        }
        BigDecimal d = new BigDecimal(v).round(FOUR).stripTrailingZeros();
        double a = Math.abs(d.doubleValue());
        if (a >= SMALL && a < LARGE) {
            return d.toPlainString();
        }
        return scientific(d);
    }

    /** A p-value as people quote it: "p = 0.21", "p = 0.034", "p < 0.001". */
    public static String pValue(double p) {
        if (p < 0.001) {
            return "p < 0.001";
        }
        return "p = " + new BigDecimal(p).round(TWO).stripTrailingZeros().toPlainString();
    }

    /** Mantissa and exponent ("1.073e-5", "2.5e5"), shorter than a row of zeros. */
    private static String scientific(BigDecimal d) {
        BigDecimal m = d.stripTrailingZeros();
        int exponent = m.precision() - m.scale() - 1;
        BigDecimal mantissa = m.movePointLeft(exponent).stripTrailingZeros();
        return mantissa.toPlainString() + "e" + exponent;
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
        return a >= SMALL && a < LARGE ? d.toPlainString() : sig4(v);
    }

    /**
     * A value with its spread, as people write it: the spread to 2 significant digits, the value to the
     * same decimal place (at most 4 significant digits): {@code 0.8925 ± 0.0092}, {@code 54.5 ± 3.2},
     * {@code 0.9051 ± 0.0038}. A zero spread leaves the value at 4 digits.
     */
    public static String withSpread(double value, double spread) {
        if (!Double.isFinite(value) || !Double.isFinite(spread) || spread <= 0) {
            return metric(value) + " ± " + (spread == 0 ? "0" : String.valueOf(spread));
        }
        return atPlaceOf(value, spread) + " ± " + spreadText(spread);
    }

    /** A spread to 2 significant digits ("0.0092", "3.2", "1.2e-6"). */
    public static String spreadText(double spread) {
        BigDecimal s = new BigDecimal(spread).round(TWO);
        double a = Math.abs(s.doubleValue());
        return a >= SMALL && a < LARGE ? s.toPlainString() : scientific(s);
    }

    /** {@code value} rounded to the decimal place of {@code spread}'s second significant digit, at most 4 significant digits. */
    static String atPlaceOf(double value, double spread) {
        BigDecimal s = new BigDecimal(spread).round(TWO);
        int place = s.scale() - (s.precision() - 2); // decimals that keep the spread's second digit
        BigDecimal v = new BigDecimal(value);
        if (value != 0) {
            int fourDigits = 4 - (v.round(FOUR).precision() - v.round(FOUR).scale());
            place = Math.min(place, fourDigits);
        }
        BigDecimal r = v.setScale(place, RoundingMode.HALF_EVEN);
        double a = Math.abs(r.doubleValue());
        if (r.signum() != 0 && (a < SMALL || a >= LARGE)) {
            return sig4(value);
        }
        return place >= 0 ? r.toPlainString() : r.toBigInteger().toString();
    }

    /** A hyperparameter's value as shown: numbers rounded to 4 significant digits, text as it is. */
    public static String value(Object v) {
        if (v instanceof Double || v instanceof Float) {
            return sig4(((Number) v).doubleValue());
        }
        return String.valueOf(v);
    }

    /** "learning_rate=0.4971 width=195" with rounded numbers; the configuration's id when nothing is searched. */
    public static String describe(Config c, Iterable<? extends ParameterKey> searched) {
        StringJoiner j = new StringJoiner(" ");
        for (ParameterKey h : searched) {
            j.add(h.key() + "=" + value(c.get(h)));
        }
        return j.toString();
    }

    /** "0.9734 ± 0.00080", "0.9734" (one repeat) or "—" (none). */
    public static String meanStd(MetricSummary m, String none) {
        if (m.mean() == null) {
            return none;
        }
        return m.std() == null ? metric(m.mean()) : withSpread(m.mean(), m.std());
    }
}
