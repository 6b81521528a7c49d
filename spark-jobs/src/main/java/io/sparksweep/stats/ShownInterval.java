package io.sparksweep.stats;

/**
 * The 95 % interval of a mean as it is shown to people. The Student-t interval is exact but, with
 * two or three repeats, wide enough to run outside what the metric can take (an accuracy's
 * [-0.2998, 1.0978] for n = 2, t = 12.7): shown, it misleads. So it is clipped to the metric's
 * range and marked when clipped, and with fewer than {@link #MIN_REPEATS} repeats none is shown.
 * summary/ keeps the unclipped t-interval.
 *
 * @param low     null when there is no interval to show
 * @param clipped true when an end was moved to the metric's range
 */
public record ShownInterval(Double low, Double high, boolean clipped, int n) {

    /** Below this many OK repeats the interval is too wide to say anything. */
    public static final int MIN_REPEATS = 3;

    public static final String TOO_FEW = "too few repeats for an interval";
    /** Follows a clipped interval, in the console and the report. */
    public static final String CLIP_MARK = "*";

    public static ShownInterval accuracy(MetricSummary m) {
        return of(m, 0, 1);
    }

    public static ShownInterval of(MetricSummary m, double min, double max) {
        if (m.n() < MIN_REPEATS || m.ci95Low() == null) {
            return new ShownInterval(null, null, false, m.n());
        }
        double lo = Math.max(min, m.ci95Low());
        double hi = Math.min(max, m.ci95High());
        return new ShownInterval(lo, hi, lo != m.ci95Low() || hi != m.ci95High(), m.n());
    }

    public boolean shown() {
        return low != null;
    }

    /** "[0.9714, 0.9754]", "[0.951, 1.000]*", or "n=2: too few repeats for an interval" ("—" for none). */
    public String text() {
        if (!shown()) {
            return n == 0 ? "—" : "n=" + n + ": " + TOO_FEW;
        }
        // the ends to the decimal place of the half-width's second significant digit
        double half = (high - low) / 2;
        return "[" + (half > 0 ? Numbers.atPlaceOf(low, half) : Numbers.metric(low)) + ", "
                + (half > 0 ? Numbers.atPlaceOf(high, half) : Numbers.metric(high)) + "]" + (clipped ? CLIP_MARK : "");
    }
}
