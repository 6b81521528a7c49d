package io.sparksweep.driver;

import io.sparksweep.console.Progress;
import io.sparksweep.report.RunStatus;
import io.sparksweep.report.SweepReport;
import io.sparksweep.space.SweepDefinition;
import io.sparksweep.stats.RepeatStatistics;
import io.sparksweep.store.SweepOutput;
import io.sparksweep.trial.TrialResult;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Rewrites report/ while a sweep runs, with its progress at the top, so that a user can open it
 * before the end. Cheap and out of the way: at most once every {@link #intervalSeconds}, the first
 * one interval after the run started (a sweep shorter than that gets only the final report: on a
 * 2-core machine, reading the rows and drawing the charts mid-run took CPU and JIT time from the
 * trials), on a background thread, skipped while the previous one is still being written — the
 * commit loop never waits for it. A failure to write it is a warning, never the
 * sweep's failure. The final report, written after {@link #close}, replaces it.
 * {@code -Dsparksweep.liveReportSeconds=N} sets the interval; 0 turns it off.
 */
final class LiveReport implements AutoCloseable {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private final SweepDefinition sweep;
    private final SweepOutput output;
    private final Predicate<String> planned;
    private final Progress progress;
    private final PrintStream out;
    private final long intervalSeconds = Long.getLong("sparksweep.liveReportSeconds", 30);
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "sparksweep-live-report");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        return t;
    });
    /** Trials committed by this run, in order; guarded by this. */
    private final List<TrialResult> committed = new ArrayList<>();

    private List<TrialResult> earlier; // stored by earlier runs; read once, on the worker
    private long lastNanos = System.nanoTime(); // the run's start counts as the last write
    private boolean busy;
    private boolean warned;

    LiveReport(
            SweepDefinition sweep, SweepOutput output, Predicate<String> planned, Progress progress, PrintStream out) {
        this.sweep = sweep;
        this.output = output;
        this.planned = planned;
        this.progress = progress;
        this.out = out;
    }

    /** Called by the commit loop after each commit; returns at once. */
    synchronized void committed(List<TrialResult> results) {
        committed.addAll(results);
        long now = System.nanoTime();
        if (intervalSeconds <= 0
                || busy
                || results.isEmpty()
                || now - lastNanos < TimeUnit.SECONDS.toNanos(intervalSeconds)) {
            return;
        }
        busy = true;
        lastNanos = now;
        List<TrialResult> snapshot = List.copyOf(committed);
        worker.execute(() -> write(snapshot));
    }

    private void write(List<TrialResult> thisRun) {
        try {
            if (earlier == null) {
                earlier = output.readTrials();
            }
            Map<String, TrialResult> all = new LinkedHashMap<>();
            for (List<TrialResult> part : List.of(earlier, thisRun)) {
                for (TrialResult t : part) {
                    if (planned.test(t.spec().trialId())) {
                        all.putIfAbsent(t.spec().trialId(), t);
                    }
                }
            }
            List<TrialResult> trials = List.copyOf(all.values());
            RunStatus status =
                    new RunStatus(trials.size(), progress.total(), progress.eta(), TIME.format(Instant.now()), (int)
                            Math.max(10, intervalSeconds));
            output.writeReport(SweepReport.build(
                    sweep.name(),
                    sweep.description(),
                    trials,
                    RepeatStatistics.summarize(trials),
                    status,
                    sweep.robustness(),
                    SweepRun.declaredMetrics(sweep)));
        } catch (RuntimeException | LinkageError e) {
            synchronized (this) {
                if (!warned) {
                    out.println("warning: the report could not be rewritten while the sweep runs (" + e + "); "
                            + "it is written at the end");
                    warned = true;
                }
            }
        } finally {
            synchronized (this) {
                busy = false;
            }
        }
    }

    /** Waits for a rewrite under way, so that the final report is written after it. */
    @Override
    public void close() throws InterruptedException {
        worker.shutdown();
        worker.awaitTermination(5, TimeUnit.MINUTES);
    }
}
