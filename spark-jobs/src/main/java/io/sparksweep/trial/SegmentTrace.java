package io.sparksweep.trial;

import java.io.Serializable;
import java.time.Instant;
import java.util.Arrays;

/**
 * Where one task's time went, measured on the executor and carried back with its {@link TrialResult}
 * so the driver can break a sweep's time down ({@code --trace}). A few {@code System.nanoTime()}
 * reads per segment: cheap enough to record always. Not stored in the rows.
 *
 * <p>The task records into the trace of its own thread ({@link #start()}, {@link #add}); code that
 * runs without one (a rerun, a test, the benchmark) records nothing.
 */
public final class SegmentTrace implements Serializable {

    /** The parts of a task, in the order they happen. */
    public enum Span {
        /** Finding the executor's cached dataset (loading it on a first task). */
        DATA,
        /** Building the network, its training step and batch buffers. */
        BUILD,
        /** Reading the checkpoint a promoted segment continues from into the network. */
        CHECKPOINT_READ,
        /** The minibatch steps of the segment's epochs. */
        TRAIN,
        /** The measuring after each epoch (and the robustness levels after the last). */
        EVALUATE,
        /** Writing the checkpoint at a rung, or the final network to keep. */
        CHECKPOINT_WRITE
    }

    private static final ThreadLocal<SegmentTrace> CURRENT = new ThreadLocal<>();

    private final long[] nanos = new long[Span.values().length];
    private final long startMicros;
    private final long startNanos;
    private long endMicros;
    private long taskNanos;

    private SegmentTrace() {
        startMicros = micros();
        startNanos = System.nanoTime();
    }

    /** A trace for the task on this thread, from now; {@link #finish()} ends it. */
    public static SegmentTrace start() {
        SegmentTrace t = new SegmentTrace();
        CURRENT.set(t);
        return t;
    }

    /** Adds time to a span of this thread's task, if one is being traced. */
    public static void add(Span span, long nanos) {
        SegmentTrace t = CURRENT.get();
        if (t != null) {
            t.nanos[span.ordinal()] += nanos;
        }
    }

    /** Adds the time since {@code startNanos} (a {@code System.nanoTime()}) and returns now. */
    public static long since(Span span, long startNanos) {
        long now = System.nanoTime();
        add(span, now - startNanos);
        return now;
    }

    /** Ends the task's trace and stops recording on this thread. */
    public SegmentTrace finish() {
        taskNanos = System.nanoTime() - startNanos;
        endMicros = micros();
        CURRENT.remove();
        return this;
    }

    /** Milliseconds spent in a span. */
    public double millis(Span span) {
        return nanos[span.ordinal()] / 1e6;
    }

    /** The whole task, start to finish, in milliseconds. */
    public double taskMillis() {
        return taskNanos / 1e6;
    }

    /** The task's time in none of the spans (Spark's, serialization, freeing the network), in milliseconds. */
    public double otherMillis() {
        return Math.max(0, taskNanos - Arrays.stream(nanos).sum()) / 1e6;
    }

    /** Wall-clock start of the task, microseconds since the epoch (comparable across JVMs of one clock). */
    public long startMicros() {
        return startMicros;
    }

    /** Wall-clock end of the task, microseconds since the epoch. */
    public long endMicros() {
        return endMicros;
    }

    /** Wall-clock microseconds since the epoch: the driver compares its own times with a task's. */
    public static long micros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
