package io.sparksweep.driver;

import io.sparksweep.trial.SegmentTrace;
import io.sparksweep.trial.TrialResult;
import io.sparksweep.trial.TrialSegment;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where an early-stopping (or tpe) sweep's time went, per segment (a configuration's repeat trained
 * from one rung to the next): the driver's own steps around it and the task's spans
 * ({@link SegmentTrace}), which come back with the result. {@code --trace} prints the breakdown at
 * the end and writes {@code trace.csv}, a row per segment, for a closer look.
 *
 * <p>Driver steps: {@code decide} (the scheduler choosing the job, and its log entry), {@code submit}
 * (building the segments and handing the job to Spark), {@code launch} (from the job handed over to
 * the task running: Spark's scheduling, serializing and starting the task), {@code deliver} (from
 * the task's end to the driver taking its result), {@code report} (the scheduler and log told),
 * {@code commit} (the rows, log and checkpoint clean-up written; a commit's time shared among the
 * rows it wrote). Only {@code decide}, {@code submit}, {@code report} and {@code commit} keep the
 * driver's single loop busy; the others are per task.
 */
final class SweepTrace {

    /** The columns after the segment's identity, in trace.csv and the printed table. */
    private static final List<String> SPANS = spans();

    private static List<String> spans() {
        List<String> s = new ArrayList<>(List.of("decide", "submit", "launch"));
        for (SegmentTrace.Span span : SegmentTrace.Span.values()) {
            s.add(span.name().toLowerCase(Locale.ROOT));
        }
        s.addAll(List.of("task_other", "deliver", "report", "commit"));
        return List.copyOf(s);
    }

    private static final class Row {
        final String trialId;
        final int from;
        final int to;
        final double[] ms = new double[SPANS.size()];
        long submittedMicros;
        double taskMs;
        String executor = "";

        Row(String trialId, int from, int to) {
            this.trialId = trialId;
            this.from = from;
            this.to = to;
        }

        void set(String span, double millis) {
            ms[SPANS.indexOf(span)] += millis;
        }
    }

    private final Map<String, Row> running = new HashMap<>(); // by trial id: one segment each at a time
    private final List<Row> rows = new ArrayList<>();
    private final List<Row> uncommitted = new ArrayList<>();
    private final int slots;
    private long loopStart;
    private long loopEnd;
    private long peakBytes = -1;
    private double startupSeconds; // from the JVM's start to the loop's

    SweepTrace(int slots) {
        this.slots = slots;
    }

    void loopStarted() {
        loopStart = System.nanoTime();
        startupSeconds = (System.currentTimeMillis()
                        - ManagementFactory.getRuntimeMXBean().getStartTime())
                / 1e3;
    }

    void loopEnded() {
        loopEnd = System.nanoTime();
    }

    /** A job's segments were handed to Spark; {@code decideNanos} chose the job, {@code submitNanos} submitted it. */
    void submitted(List<TrialSegment> segments, long decideNanos, long submitNanos) {
        long now = SegmentTrace.micros();
        for (TrialSegment s : segments) {
            Row row = new Row(s.spec().trialId(), s.fromEpoch(), s.toEpoch());
            // a job's driver time is shared among its repeats, so the column sums to the driver's
            row.set("decide", decideNanos / 1e6 / segments.size());
            row.set("submit", submitNanos / 1e6 / segments.size());
            row.submittedMicros = now;
            running.put(s.spec().trialId(), row);
        }
    }

    /** A segment's result reached the driver at {@code arrivedMicros}; telling the scheduler took {@code reportNanos}. */
    void received(TrialResult r, long arrivedMicros, long reportNanos) {
        Row row = running.remove(r.spec().trialId());
        if (row == null) {
            return;
        }
        SegmentTrace t = r.trace();
        if (t != null) {
            row.set("launch", Math.max(0, t.startMicros() - row.submittedMicros) / 1e3);
            for (SegmentTrace.Span span : SegmentTrace.Span.values()) {
                row.set(span.name().toLowerCase(Locale.ROOT), t.millis(span));
            }
            row.set("task_other", t.otherMillis());
            row.set("deliver", Math.max(0, arrivedMicros - t.endMicros()) / 1e3);
            row.taskMs = t.taskMillis();
        }
        row.set("report", reportNanos / 1e6);
        row.executor = r.executorId() == null ? "" : r.executorId();
        rows.add(row);
        uncommitted.add(row);
    }

    /** The rows received since the last commit were written in {@code nanos}. */
    void committed(long nanos) {
        for (Row row : uncommitted) {
            row.set("commit", nanos / 1e6 / uncommitted.size());
        }
        uncommitted.clear();
    }

    /** The output folder's size now; the trace keeps the largest. */
    void diskSample(long bytes) {
        peakBytes = Math.max(peakBytes, bytes);
    }

    /** The breakdown: each span's total, mean per segment and share of the slots' time, then utilisation. */
    void print(PrintStream out) {
        double wall = (loopEnd - loopStart) / 1e9;
        double slotSeconds = wall * slots;
        out.printf(
                Locale.ROOT,
                "trace: %d segments on %d slots in %.1f s (trace.csv has a row per segment)%n",
                rows.size(),
                slots,
                wall);
        out.printf(
                Locale.ROOT,
                "  start-up before it: %.1f s from the JVM's start (sweep file, Spark, dataset, network check)%n",
                startupSeconds);
        out.printf(Locale.ROOT, "  %-17s %9s %12s %14s%n", "span", "total s", "per segment", "of slot time");
        for (int i = 0; i < SPANS.size(); i++) {
            double total = total(i) / 1e3;
            out.printf(
                    Locale.ROOT,
                    "  %-17s %9.2f %9.0f ms %13.1f%%%n",
                    SPANS.get(i),
                    total,
                    rows.isEmpty() ? 0 : total * 1e3 / rows.size(),
                    slotSeconds == 0 ? 0 : 100 * total / slotSeconds);
        }
        double inTasks = rows.stream().mapToDouble(r -> r.taskMs).sum() / 1e3;
        double training = (total(SPANS.indexOf("train")) + total(SPANS.indexOf("evaluate"))) / 1e3;
        out.printf(
                Locale.ROOT,
                "  slots busy in tasks %.0f%%, training or evaluating %.0f%% (of %d x %.1f s)%n",
                slotSeconds == 0 ? 0 : 100 * inTasks / slotSeconds,
                slotSeconds == 0 ? 0 : 100 * training / slotSeconds,
                slots,
                wall);
        long promoted = rows.stream().filter(r -> r.from > 0).count();
        if (promoted > 0) {
            // a promoted segment that read no checkpoint continued from the network kept on its executor
            int read = SPANS.indexOf("checkpoint_read");
            out.printf(
                    Locale.ROOT,
                    "  promoted segments %d, continued from a warm network %d%n",
                    promoted,
                    rows.stream().filter(r -> r.from > 0 && r.ms[read] == 0).count());
        }
        if (peakBytes >= 0) {
            out.printf(Locale.ROOT, "  peak output folder size %.1f MB%n", peakBytes / 1e6);
        }
    }

    private double total(int span) {
        return rows.stream().mapToDouble(r -> r.ms[span]).sum();
    }

    /** trace.csv: one row per segment, milliseconds. */
    byte[] csv() {
        StringBuilder b = new StringBuilder("trial_id,from_epoch,to_epoch,executor,task_ms");
        SPANS.forEach(s -> b.append(',').append(s).append("_ms"));
        b.append('\n');
        for (Row r : rows) {
            b.append(r.trialId)
                    .append(',')
                    .append(r.from)
                    .append(',')
                    .append(r.to)
                    .append(',')
                    .append(r.executor)
                    .append(',')
                    .append(String.format(Locale.ROOT, "%.1f", r.taskMs));
            for (double v : r.ms) {
                b.append(',').append(String.format(Locale.ROOT, "%.1f", v));
            }
            b.append('\n');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Peak bytes of the output folder seen while it ran, or -1 if never sampled. */
    long peakBytes() {
        return peakBytes;
    }
}
