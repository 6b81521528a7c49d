package io.sparksweep.console;

import io.sparksweep.space.ParameterKey;
import io.sparksweep.stats.Numbers;
import io.sparksweep.trial.Metrics;
import io.sparksweep.trial.TrialOutcome;
import io.sparksweep.trial.TrialResult;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * One line per finished trial, with a completed/total count and an ETA from the throughput so far.
 * Hyperparameters and metrics to 4 significant digits.
 */
public final class Progress {

    private final PrintStream out;
    private final List<ParameterKey> searched;
    private final int total;
    private final int alreadyStored;
    private final long startNanos = System.nanoTime();
    private int doneThisRun;
    private boolean estimable = true;

    public Progress(PrintStream out, List<ParameterKey> searched, int total, int alreadyStored) {
        this.out = out;
        this.searched = searched;
        this.total = total;
        this.alreadyStored = alreadyStored;
    }

    /**
     * No ETA: under early stopping trials finish in bursts (the best last, most stopped at the end),
     * so the rate of finished trials says nothing about the time left.
     */
    public Progress withoutEta() {
        estimable = false;
        return this;
    }

    /** The test metrics, and the validation metric a ranking would use, of an OK trial. */
    public static String metrics(TrialOutcome o) {
        if (o.metric(Metrics.RECONSTRUCTION_LOSS) != null) {
            String s = String.format(
                    Locale.ROOT,
                    "recon %.4f  noisy %.4f",
                    o.metric(Metrics.RECONSTRUCTION_LOSS),
                    o.metric(Metrics.RECONSTRUCTION_LOSS_NOISY));
            return o.metric(Metrics.VALIDATION_RECONSTRUCTION_LOSS) == null
                    ? "test " + s
                    : String.format(
                            Locale.ROOT,
                            "val recon %.4f  test %s",
                            o.metric(Metrics.VALIDATION_RECONSTRUCTION_LOSS),
                            s);
        }
        if (o.metric(Metrics.TEST_RMSE) != null) {
            String s = String.format(
                    Locale.ROOT, "rmse %.4g  r2 %.4f", o.metric(Metrics.TEST_RMSE), o.metric(Metrics.TEST_R2));
            return o.metric(Metrics.VALIDATION_RMSE) == null
                    ? "test " + s
                    : String.format(Locale.ROOT, "val rmse %.4g  test %s", o.metric(Metrics.VALIDATION_RMSE), s);
        }
        // "test" said every time: a reader should never wonder which part a figure is from
        String s = String.format(Locale.ROOT, "acc %.4f  loss %.4f", o.testAccuracy(), o.testLoss());
        return o.metric(Metrics.VALIDATION_ACCURACY) == null
                ? "test " + s
                : String.format(Locale.ROOT, "val acc %.4f  test %s", o.metric(Metrics.VALIDATION_ACCURACY), s);
    }

    public synchronized void finished(TrialResult r) {
        doneThisRun++;
        int done = alreadyStored + doneThisRun;
        TrialOutcome o = r.outcome();
        String metrics = switch (o.status()) {
            case OK -> metrics(o);
            // early stopping ended it at a rung: where, and how it stood there (not the null of a missing message)
            case STOPPED ->
                "stopped after epoch " + o.stoppedAtEpoch()
                        + (o.testAccuracyCurve().isEmpty()
                                ? ""
                                : String.format(
                                        Locale.ROOT,
                                        "  test acc %.4f",
                                        o.testAccuracyCurve()
                                                .get(o.testAccuracyCurve().size() - 1)));
            default -> o.errorMessage();
        };
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        int remaining = total - done;
        String eta = remaining == 0 ? "done" : !estimable ? "" : "ETA " + duration(elapsed / doneThisRun * remaining);
        String params = Numbers.describe(r.spec().config(), searched);
        out.printf(
                Locale.ROOT,
                "[%" + width() + "d/%d] %-8s %s r%d  %s  (%.1f s)  %s%n",
                done,
                total,
                o.status(),
                params.isEmpty() ? r.spec().configId() : params,
                r.spec().repeat(),
                metrics,
                (r.endMillis() - r.startMillis()) / 1000.0,
                eta);
        out.flush();
    }

    /** Trials stored so far, this run's and earlier runs'. */
    public synchronized int done() {
        return alreadyStored + doneThisRun;
    }

    public int total() {
        return total;
    }

    /** "ETA 3m10s" from this run's throughput, or null before the first trial of this run. */
    public synchronized String eta() {
        if (doneThisRun == 0 || !estimable) {
            return null;
        }
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        return "ETA " + duration(elapsed / doneThisRun * (total - alreadyStored - doneThisRun));
    }

    private int width() {
        return String.valueOf(total).length();
    }

    public static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600
                ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
